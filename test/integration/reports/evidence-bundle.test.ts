import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClipArgs, buildClipsArgs, cutClip, cutClips } from '../../../src/audio/cut-clip.ts';
import { ToolError } from '../../../src/audio/run-tool.ts';
import type { Case } from '../../../src/domain/case.ts';
import { buildBankReport } from '../../../src/reports/bank-report.ts';
import { buildEvidenceBundle, verifyEvidenceBundle } from '../../../src/reports/evidence-bundle.ts';
import type { StoredCall, StoredFinding } from '../../../src/store/index.ts';
import { CLI_TEST_TIMEOUT_MS } from '../../helpers/cli-timeout.ts';

// The evidence bundle from a report, with the real ffmpeg cutting clips from a fixture recording,
// and checked as the bank would: by the manifest, by sha256sum, and by `callguard bundle verify`.
const RECORDING = path.resolve('fixtures/calls/zh-abusive.m4a');

const kase = { id: 9, kind: 'complaint', bank: '建设银行', borrowerId: 'B-9', status: 'investigating', openedReason: 'complaint', riskScore: 0,
  openedAt: new Date(0), slaDueAt: new Date(0), receivedAt: new Date(0), firstResponseAt: null, assignedTo: null, acceptedAt: null,
  complainantName: null, complainantRelation: null, complainantContact: null, complaintChannel: null, complainantRequest: null,
  promisedResponseAt: null, investigatingAt: null, bankNotifiedAt: null, explainedAt: null, solutionText: null, solutionDueAt: null,
  solutionProposedAt: null, outcome: null, causeAnalysis: null, reviewedAt: null, regulatorExtensionDays: 0, regulatorExtensionReason: null,
  reopenedAt: null, reportedToBankAt: null, reportedToBankBy: null, resolvedAt: null, resolution: null, followedUpAt: null, followUpNote: null,
  followUpCallId: null, closedAt: null, updatedAt: new Date(0) } satisfies Case;
const call = (id: string, over: Partial<StoredCall> = {}) => ({ id, source: 'recording', agentId: 'A', agentName: null, startedAt: '2026-03-02T21:20:00+08:00',
  utcOffsetMinutes: 480, durationMs: 20000, direction: 'outbound', language: 'zh-CN', audioSha256: 'a'.repeat(64), audioFormat: 'm4a', status: 'done', failedStage: null, ...over } as StoredCall);
const finding = (id: number, over: Partial<StoredFinding>): StoredFinding => ({
  id, callId: 'rec', ruleId: 'zh.abuse', ruleVersion: 'v1', title: '辱骂', category: 'abuse', severity: 'high', speaker: 'agent', startMs: 6000, endMs: 8000,
  quote: '电话13912345678', matched: [], source: 'policy', segmentIndex: 1, packHash: null, createdAt: new Date(0), verdict: 'confirmed', verdictReason: null,
  verdictNote: null, verdictBy: null, verdictAt: null, origin: 'rule', createdBy: null, ...over,
});

describe('the evidence bundle', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-bundle-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const report = () => buildBankReport({
    case: kase,
    calls: [
      { call: call('rec'), findings: [finding(1, {}), finding(2, { speaker: 'call', segmentIndex: undefined, startMs: 0, endMs: 20000, category: 'contact_time' })],
        segments: [{ speaker: 'agent', startMs: 0, endMs: 5000, text: '您好' }, { speaker: 'agent', startMs: 6000, endMs: 8000, text: '电话13912345678' }] },
      { call: call('dialer/row 1', { source: 'dialer_record', audioSha256: null, audioFormat: null }), findings: [], segments: null },
    ],
    chosenCallIds: [], complaints: [], contacts: [], events: [], draft: { causeAnalysis: '', disputeHandling: '', lessonsLearned: '' },
    selection: null, agency: { name: 'Agency', lines: [], signature: [] }, generatedBy: 'sup', generatedAt: new Date('2026-03-04T00:00:00Z'),
  });

  it('holds the report, the whole call, a clip per cited moment, the masked transcript, and a manifest that matches', async () => {
    const workDir = await mkdtemp(path.join(dir, 'work-'));
    const bundle = await buildEvidenceBundle(report(), { docx: Buffer.from('docx'), pdf: Buffer.from('pdf') }, {
      withAudio: async (id, work) => (id === 'rec' ? work(RECORDING) : undefined),
      cutClips: (file, spans) => cutClips(file, spans, { workDir }),
    });
    // Every clip's temp directory is gone.
    expect(await readdir(workDir)).toEqual([]);
    expect(bundle.manifest.files.map((f) => f.path)).toEqual([
      'report/case-9-report.docx', 'report/case-9-report.pdf', 'transcripts/rec.txt', 'audio/rec.m4a', 'clips/rec-1-00m06s.wav', 'README.txt',
    ]);
    // The call-level finding has no clip; the dialer row's missing recording is named, its id made a safe file name nowhere.
    expect(bundle.manifest.missingAudio).toEqual([{ callId: 'dialer/row 1', reason: 'recording_missing' }]);
    const zip = await JSZip.loadAsync(bundle.zip);
    expect(await zip.file('transcripts/rec.txt')!.async('string')).toBe('[00:00] 催收员：您好\n[00:06] 催收员：电话*******5678\n');
    const clip = path.join(dir, 'clip.wav');
    await writeFile(clip, await zip.file('clips/rec-1-00m06s.wav')!.async('nodebuffer'));
    const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', clip], { encoding: 'utf8' }));
    // The finding is 6–8 s; padded by 5 s each side: 1–13 s.
    expect(seconds).toBeGreaterThan(11.5);
    expect(seconds).toBeLessThan(12.5);
    expect(await verifyEvidenceBundle(bundle.zip)).toMatchObject({ ok: true, manifestSha256: bundle.manifestSha256 });

    // The bank's check, and callguard's: a good bundle passes, an altered one fails naming the file.
    const good = path.join(dir, 'good.zip');
    await writeFile(good, bundle.zip);
    zip.file('audio/rec.m4a', Buffer.from('replaced'));
    zip.file('extra.txt', 'added');
    const bad = path.join(dir, 'bad.zip');
    await writeFile(bad, await zip.generateAsync({ type: 'nodebuffer' }));
    const run = (file: string) => new Promise<{ status: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['bin/callguard.js', 'bundle', 'verify', file], { encoding: 'utf8' }, (err, stdout) => {
        resolve({ status: err ? Number(err.code) : 0, stdout });
      });
    });
    const ok = await run(good);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`manifest.json SHA-256 ${bundle.manifestSha256}`);
    const altered = await run(bad);
    expect(altered.status).toBe(1);
    expect(altered.stdout).toContain('audio/rec.m4a: SHA-256 differs from the manifest');
    expect(altered.stdout).toContain('extra.txt: not in the manifest');
  });

  it('fails with the tool\'s error, leaving no temp files, when ffmpeg cannot cut the file', async () => {
    const workDir = await mkdtemp(path.join(dir, 'work-'));
    const junk = path.join(dir, 'junk.m4a');
    await writeFile(junk, 'not audio');
    await expect(cutClip(junk, 0, 1000, { workDir })).rejects.toBeInstanceOf(ToolError);
    expect(await readdir(workDir)).toEqual([]);
    // A deadline too short for ffmpeg to start kills it.
    await expect(cutClip(RECORDING, 0, 1000, { workDir, timeoutMs: 1 })).rejects.toThrow(/timed out/);
    expect(await readdir(workDir)).toEqual([]);
  });

  it('cuts several clips of one recording in one run, each the span asked for', async () => {
    const [a, b] = await cutClips(RECORDING, [{ startMs: 6000, endMs: 8000 }, { startMs: 12000, endMs: 13000 }], { paddingMs: 1000 });
    const seconds = async (wav: Buffer, name: string) => {
      const f = path.join(dir, name);
      await writeFile(f, wav);
      return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', f], { encoding: 'utf8' }));
    };
    expect(await seconds(a!, 'a.wav')).toBeCloseTo(4, 1);
    expect(await seconds(b!, 'b.wav')).toBeCloseTo(3, 1);
    expect(Buffer.compare(a!, b!)).not.toBe(0);
    expect(buildClipsArgs('/r.m4a', [{ startMs: 0, endMs: 1000 }, { startMs: 9000, endMs: 9500 }], 500, ['/1.wav', '/2.wav']).filter((x) => x === '-ss' || x.endsWith('.wav') || /^\d+\.\d{3}$/.test(x)))
      .toEqual(['-ss', '0.000', '1.500', '/1.wav', '-ss', '8.500', '1.500', '/2.wav']);
  });

  it('builds ffmpeg arguments as an array, the window padded and clamped at the start', () => {
    expect(buildClipArgs('/a b/c.m4a', 2000, 4000, 5000, '/t/o.wav')).toEqual([
      '-hide_banner', '-nostdin', '-v', 'error', '-i', 'file:/a b/c.m4a', '-ss', '0.000', '-t', '9.000', '-vn', '-map_metadata', '-1', '-c:a', 'pcm_s16le', '-f', 'wav', '-y', '/t/o.wav',
    ]);
  });
});
