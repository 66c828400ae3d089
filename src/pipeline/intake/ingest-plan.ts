import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sidecarCandidates } from '../../asr/sidecar.ts';
import { CallMetaSchema } from '../../domain/transcript.ts';
import { parseMetadataFile, rejectDuplicateIds, toMetadataRow, type MetadataProblem, type MetadataRow } from './call-metadata.ts';
import { isRecording } from './drop-folder.ts';
import type { CallInput } from './register-call.ts';

/**
 * `callguard ingest|analyze PATH… [--meta FILE…]` → the calls to register, and every problem with
 * its file and line. A directory contributes its top-level recordings, its metadata files
 * (calls.json, any .csv of calls or dialer records) and the delivered transcripts in it that belong
 * to no recording and no metadata row (a folder of transcript JSON files is a batch of calls, as
 * the same files named one by one are); --meta files add to them (their rows may name recordings
 * anywhere). Problems never stop the rest of the batch.
 */
export interface IngestPlan {
  calls: CallInput[];
  problems: MetadataProblem[];
  /** Recordings found in a directory that no metadata row names (other formats of a call, say). */
  unreferenced: string[];
  /** Recordings not ingested because the row that names them (by audio column or call id) was refused. */
  refusedRecordings?: Array<{ recording: string; file: string; line: number }>;
  /** Rows of metadata files refused (bad date, missing UTC offset…): recorded so `status` lists them. */
  refusedRows?: MetadataProblem[];
  /** Rows of metadata files that became calls: a refused row recorded earlier at the same place is fixed. */
  acceptedRows?: Array<{ file: string; line: number }>;
}

const METADATA_NAMES = /^(calls\.json|.*\.csv)$/i;

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

async function firstSidecar(audio: string): Promise<string | undefined> {
  for (const c of sidecarCandidates(audio)) if (await exists(c)) return c;
  return undefined;
}

/** A file that is a transcript (delivered alone): JSON with segments. */
function looksLikeTranscript(file: string): boolean {
  return /\.json$/i.test(file) && !/^calls\.json$/i.test(path.basename(file)) && !/\.meta\.json$/i.test(file);
}

export async function planIngest(paths: readonly string[], metaFiles: readonly string[] = []): Promise<IngestPlan> {
  const problems: MetadataProblem[] = [];
  const explicitRecordings: string[] = [];
  const dirRecordings: string[] = [];
  const transcriptFiles: string[] = [];
  /** JSON files of directories: transcripts of their own unless a recording or a row claims them. */
  const dirJson: string[] = [];
  const metadata = [...metaFiles.map((f) => path.resolve(f))];

  for (const p of paths) {
    const abs = path.resolve(p);
    let s;
    try {
      s = await stat(abs);
    } catch {
      problems.push({ file: p, line: 0, message: 'no such file or directory' });
      continue;
    }
    if (s.isDirectory()) {
      const names = (await readdir(abs)).sort();
      for (const n of names) {
        const f = path.join(abs, n);
        if (!(await stat(f)).isFile()) continue;
        if (isRecording(n)) dirRecordings.push(f);
        else if (METADATA_NAMES.test(n)) {
          if (!metadata.includes(f)) metadata.push(f);
        } else if (looksLikeTranscript(f)) dirJson.push(f);
      }
    } else if (isRecording(abs)) explicitRecordings.push(abs);
    else if (looksLikeTranscript(abs)) transcriptFiles.push(abs);
    else if (METADATA_NAMES.test(path.basename(abs))) {
      if (!metadata.includes(abs)) metadata.push(abs);
    }
    else problems.push({ file: p, line: 0, message: 'not a recording, a transcript or a metadata file' });
  }

  const rows: MetadataRow[] = [];
  const rowFile = new Map<MetadataRow, string>();
  const refusedRows: MetadataProblem[] = [];
  const acceptedRows: Array<{ file: string; line: number }> = [];
  for (const file of metadata) {
    const parsed = rejectDuplicateIds(parseMetadataFile(await readFile(file, 'utf8'), file), file);
    problems.push(...parsed.problems);
    refusedRows.push(...parsed.problems.filter((p) => p.line > 0));
    for (const r of parsed.rows) {
      rows.push(r);
      rowFile.set(r, file);
    }
  }

  const calls: CallInput[] = [];
  const seenIds = new Map<string, string>();
  const claimed = new Set<string>();
  const allRecordings = [...explicitRecordings, ...dirRecordings];
  const byStem = new Map<string, string[]>();
  for (const r of allRecordings) {
    const stem = path.parse(r).name;
    byStem.set(stem, [...(byStem.get(stem) ?? []), r]);
  }
  const addCall = async (input: CallInput, where: string, line: number, sidecarPath?: string) => {
    const first = seenIds.get(input.meta.id);
    if (first !== undefined) {
      problems.push({ file: where, line, message: `call id ${input.meta.id} also given by ${first}` });
      return false;
    }
    seenIds.set(input.meta.id, line ? `${where}:${line}` : where);
    if (sidecarPath) input.transcriptText = await readFile(sidecarPath, 'utf8');
    calls.push(input);
    return true;
  };

  for (const row of rows) {
    const file = rowFile.get(row)!;
    let audio = row.audio;
    if (audio === undefined) {
      // A row naming no file: the recording whose name is the call id, if exactly one was given.
      const candidates = byStem.get(row.meta.id) ?? [];
      if (candidates.length === 1) audio = candidates[0];
      else if (candidates.length > 1) {
        problems.push({ file, line: row.line, message: `several recordings are named ${row.meta.id}: name one in the audio column` });
        continue;
      }
    }
    if (audio !== undefined && !(await exists(audio))) {
      problems.push({ file, line: row.line, message: `recording ${path.relative(process.cwd(), audio) || audio} not found` });
      continue;
    }
    if (audio) claimed.add(audio);
    const sidecar = row.transcript ?? (audio ? await firstSidecar(audio) : undefined);
    if (row.transcript && !(await exists(row.transcript))) {
      problems.push({ file, line: row.line, message: `transcript ${row.transcript} not found` });
      continue;
    }
    if (await addCall({ meta: row.meta, ...(row.phone ? { phone: row.phone } : {}), ...(audio ? { audioPath: audio } : {}) }, file, row.line, sidecar)) {
      acceptedRows.push({ file, line: row.line });
    }
  }

  const unreferenced: string[] = [];
  const refusedRecordings: Array<{ recording: string; file: string; line: number }> = [];
  const refusedFor = (rec: string) => refusedRows.find((p) => p.refused?.audio === rec || (p.refused?.audio === undefined && p.refused?.id === path.parse(rec).name));
  for (const rec of allRecordings) {
    if (claimed.has(rec)) continue;
    // A recording whose row was refused is not "named by no row": it waits for the row's fix.
    const refused = refusedFor(rec);
    if (refused) {
      refusedRecordings.push({ recording: rec, file: refused.file, line: refused.line });
      continue;
    }
    const explicit = explicitRecordings.includes(rec);
    if (!explicit && rows.length > 0) {
      unreferenced.push(rec);
      continue;
    }
    // A recording with no row: metadata from <name>.meta.json, else from its delivered transcript.
    const metaJson = rec.replace(/\.[^.]+$/, '.meta.json');
    const sidecar = await firstSidecar(rec);
    if (await exists(metaJson)) {
      const json = await readJsonObject(metaJson);
      const row = typeof json === 'string' ? json : toMetadataRow(json, 1, path.dirname(metaJson));
      if (typeof row === 'string') problems.push({ file: metaJson, line: 1, message: row });
      else await addCall({ meta: row.meta, ...(row.phone ? { phone: row.phone } : {}), audioPath: rec }, metaJson, 1, sidecar);
      continue;
    }
    if (sidecar) {
      const meta = await metaFromTranscript(sidecar);
      if (typeof meta === 'string') problems.push({ file: sidecar, line: 1, message: meta });
      else await addCall({ meta, audioPath: rec }, sidecar, 1, sidecar);
      continue;
    }
    problems.push({ file: rec, line: 0, message: 'no metadata for this recording (no row in a metadata file, no .meta.json, no delivered transcript)' });
  }

  // A directory's JSON file no recording's sidecar name and no row points at, holding segments: a
  // delivered transcript of a call without audio. Other JSON (a generator's manifest) is no call.
  const claimedJson = new Set([...allRecordings.flatMap((r) => sidecarCandidates(r)), ...rows.flatMap((r) => (r.transcript ? [path.resolve(r.transcript)] : []))]);
  for (const f of dirJson) {
    if (!claimedJson.has(f) && !transcriptFiles.includes(f) && (await hasSegments(f))) transcriptFiles.push(f);
  }

  for (const t of transcriptFiles) {
    const meta = await metaFromTranscript(t);
    if (typeof meta === 'string') problems.push({ file: t, line: 1, message: meta });
    else await addCall({ meta }, t, 1, t);
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { calls, problems, unreferenced, refusedRecordings, refusedRows, acceptedRows };
}

/**
 * One call's metadata file (`<recording>.meta.json`), or what is wrong with it: a file cut short
 * mid-write or holding something other than an object is that recording's problem, reported with
 * the rest, not an error that stops the batch.
 */
async function readJsonObject(file: string): Promise<Record<string, unknown> | string> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    return `not JSON: ${(err as Error).message}`;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return "not a JSON object (one call's metadata, as a row of calls.json)";
  return json as Record<string, unknown>;
}

/** Whether a JSON file holds a `segments` array: a transcript, whatever else is wrong with it. */
async function hasSegments(file: string): Promise<boolean> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as { segments?: unknown };
    return Array.isArray(json?.segments);
  } catch {
    // Not JSON at all: reported as a problem like a transcript named on the command line would be.
    return true;
  }
}

async function metaFromTranscript(file: string) {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    return `not JSON: ${(err as Error).message}`;
  }
  const call = (json as { call?: unknown })?.call;
  const parsed = CallMetaSchema.safeParse(call);
  if (!parsed.success) return `call metadata in the transcript: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
  return parsed.data;
}
