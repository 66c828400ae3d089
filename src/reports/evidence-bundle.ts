import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import type { BankReport } from './bank-report.ts';
import { REPORT_LABELS } from './report-labels.ts';
import { mmss } from './report-document.ts';

/**
 * The evidence bundle: one ZIP with the report (DOCX and PDF), the cited calls' recordings (whole,
 * as stored), a clip around each cited finding, each cited call's masked transcript, and
 * `manifest.json` listing every file with its SHA-256 and size, also as `SHA256SUMS` so the bank
 * can check the files with `sha256sum -c SHA256SUMS` and no callguard at all. The manifest's own
 * hash is returned to the caller to record (case timeline, audit log): the agency can later show
 * which bundle it sent.
 */
export const BUNDLE_FORMAT = 'callguard-evidence-bundle/1';

export interface BundleDeps {
  /**
   * Lends the stored recording of a call as a local file for the length of `work` (object storage
   * has no local path: a verified temp copy), or answers undefined when the store does not have it.
   */
  withAudio<T>(callId: string, work: (file: string) => Promise<T>): Promise<T | undefined>;
  /** The WAV clips of [startMs, endMs) spans of a recording, padded, in order (audio/cut-clip.ts). */
  cutClips(file: string, spans: readonly { startMs: number; endMs: number }[]): Promise<Buffer[]>;
}

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
  kind: 'report' | 'audio' | 'clip' | 'transcript' | 'readme';
  callId?: string;
  findingId?: number;
  startMs?: number;
  endMs?: number;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  caseId: number;
  bank: string;
  generatedAt: string;
  generatedBy: string;
  files: ManifestFile[];
  /** Cited calls whose recording is not in the bundle, and why. */
  missingAudio: { callId: string; reason: 'recording_missing' | 'not_in_store' }[];
}

export interface EvidenceBundle {
  zip: Buffer;
  manifest: BundleManifest;
  manifestSha256: string;
}

const sha256 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');
/** A call id as a file name: ids are the telephony platform's and may hold anything. */
export const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);

/** The recording's file extension: its stored format ("m4a", "amr"), else the file's own, else "bin". */
export function audioExtension(format: string | null, file: string): string {
  const candidate = (format ?? '').split(',')[0]!.trim().toLowerCase() || path.extname(file).slice(1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(candidate) ? candidate : 'bin';
}

export async function buildEvidenceBundle(report: BankReport, files: { docx: Buffer; pdf: Buffer }, deps: BundleDeps): Promise<EvidenceBundle> {
  const L = REPORT_LABELS[report.language];
  const entries: { file: ManifestFile; data: Buffer }[] = [];
  const add = (data: Buffer, file: Omit<ManifestFile, 'sha256' | 'bytes'>) => entries.push({ data, file: { ...file, sha256: sha256(data), bytes: data.length } });
  const missingAudio: BundleManifest['missingAudio'] = [];

  add(files.docx, { path: `report/case-${report.caseId}-report.docx`, kind: 'report' });
  add(files.pdf, { path: `report/case-${report.caseId}-report.pdf`, kind: 'report' });
  for (const call of report.calls) {
    const name = safeName(call.id);
    if (call.transcript) {
      const text = call.transcript.map((l) => `[${mmss(l.startMs)}] ${L.speakers[l.speaker] ?? l.speaker}${L.colon}${l.text}`).join('\n');
      add(Buffer.from(`${text}\n`, 'utf8'), { path: `transcripts/${name}.txt`, kind: 'transcript', callId: call.id });
    }
    if (!call.hasAudio) {
      missingAudio.push({ callId: call.id, reason: 'recording_missing' });
      continue;
    }
    const found = await deps.withAudio(call.id, async (audio) => {
      add(await readFile(audio), { path: `audio/${name}.${audioExtension(call.audioFormat, audio)}`, kind: 'audio', callId: call.id });
      const cited = [...call.confirmed, ...call.unreviewed, ...call.signals].filter((f) => f.cited && !f.wholeCall && f.endMs > f.startMs);
      const clips = await deps.cutClips(audio, cited);
      for (const [i, f] of cited.entries()) {
        add(clips[i]!, {
          path: `clips/${name}-${f.id}-${mmss(f.startMs).replace(':', 'm')}s.wav`, kind: 'clip', callId: call.id, findingId: f.id, startMs: f.startMs, endMs: f.endMs,
        });
      }
      return true;
    });
    if (found === undefined) missingAudio.push({ callId: call.id, reason: 'not_in_store' });
  }
  add(Buffer.from(readme(report), 'utf8'), { path: 'README.txt', kind: 'readme' });

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    caseId: report.caseId,
    bank: report.bank,
    generatedAt: report.generatedAt.toISOString(),
    generatedBy: report.generatedBy,
    files: entries.map((e) => e.file),
    missingAudio,
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const sums = [...entries.map((e) => `${e.file.sha256}  ${e.file.path}`), `${sha256(manifestBytes)}  manifest.json`].join('\n');

  const zip = new JSZip();
  // A fixed date in the archive: the same files make the same ZIP, whenever it is made.
  const date = report.generatedAt;
  for (const e of entries) zip.file(e.file.path, e.data, { date, binary: true });
  zip.file('manifest.json', manifestBytes, { date, binary: true });
  zip.file('SHA256SUMS', `${sums}\n`, { date });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  return { zip: bytes, manifest, manifestSha256: sha256(manifestBytes) };
}

function readme(report: BankReport): string {
  return [
    `Evidence bundle for case #${report.caseId} (${report.bank}), generated ${report.generatedAt.toISOString()} by ${report.generatedBy}.`,
    `案件 #${report.caseId} 证据包。`,
    '',
    'Check that no file was altered / 校验文件未被改动:',
    '  unzip bundle.zip -d bundle && cd bundle && sha256sum -c SHA256SUMS',
    '  (macOS: shasum -a 256 -c SHA256SUMS; Windows PowerShell: Get-FileHash -Algorithm SHA256 <file>)',
    'manifest.json lists every file with its SHA-256, size, and for clips the call and position they come from.',
    'Ask the agency for the manifest hash it recorded when sending this bundle, and compare with sha256sum manifest.json.',
    '',
    'report/       the report (DOCX to edit and sign, PDF to file)',
    'audio/        the cited calls\' recordings, whole, as stored',
    'clips/        WAV clips around each cited finding in the conversation (5 s before and after;',
    '              findings about a call as a whole have none: the whole call is in audio/)',
    'transcripts/  the cited calls\' transcripts (ID, card and phone numbers masked)',
    '',
  ].join('\n');
}

/** Checks an evidence bundle: every file listed in its manifest is present and hashes as listed. */
export async function verifyEvidenceBundle(zipBytes: Buffer): Promise<{ ok: boolean; problems: string[]; manifestSha256: string | null }> {
  const zip = await JSZip.loadAsync(zipBytes);
  const problems: string[] = [];
  const manifestFile = zip.file('manifest.json');
  if (!manifestFile) return { ok: false, problems: ['manifest.json is missing'], manifestSha256: null };
  const manifestBytes = await manifestFile.async('nodebuffer');
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as BundleManifest;
  if (manifest.format !== BUNDLE_FORMAT) problems.push(`unknown bundle format ${String(manifest.format)}`);
  const listed = new Set(['manifest.json', 'SHA256SUMS']);
  for (const f of manifest.files ?? []) {
    listed.add(f.path);
    const entry = zip.file(f.path);
    if (!entry) {
      problems.push(`${f.path}: missing`);
      continue;
    }
    const data = await entry.async('nodebuffer');
    if (sha256(data) !== f.sha256) problems.push(`${f.path}: SHA-256 differs from the manifest`);
    if (data.length !== f.bytes) problems.push(`${f.path}: size differs from the manifest`);
  }
  zip.forEach((p, entry) => {
    if (!entry.dir && !listed.has(p)) problems.push(`${p}: not in the manifest`);
  });
  return { ok: problems.length === 0, problems, manifestSha256: sha256(manifestBytes) };
}
