import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { LineCounter, parseDocument, isSeq, isMap } from 'yaml';
import { z } from 'zod';
import { CallMetaSchema, type CallMeta } from '../../domain/transcript.ts';

/**
 * Call metadata as an agency delivers it: a calls.csv or calls.json beside the recordings, one row
 * per call. A row names its recording (`audio`, relative to the metadata file) or has none (a
 * dialer call record). A bad row is reported with its line number and skipped; the others go
 * through.
 */
export interface MetadataRow {
  /** 1-based line of the row in its file (first line of the record). */
  line: number;
  meta: CallMeta;
  /** Personal data: stored on the call, never logged or put in a job payload. */
  phone?: string;
  /** Absolute path of the recording, when the row names one. */
  audio?: string;
  /** Absolute path of a delivered transcript (sidecar), when the row names one. */
  transcript?: string;
}

export interface MetadataProblem {
  file: string;
  line: number;
  message: string;
  /**
   * What a refused row said it was, read without validation: its call id and the absolute path
   * of the recording it named. Only to say why that recording was not ingested.
   */
  refused?: { id?: string; audio?: string };
}

/** The call id and recording a row names, as given: for a row that failed validation. */
function namesOfRefusedRow(record: Record<string, unknown>, baseDir: string): { id?: string; audio?: string } {
  const named: { id?: string; audio?: string } = {};
  for (const [k, v] of Object.entries(record)) {
    if (typeof v !== 'string' || v.trim() === '') continue;
    const key = camel(k);
    if (key === 'id') named.id = v.trim();
    if (key === 'audio' || (key === 'recording' && named.audio === undefined)) named.audio = path.resolve(baseDir, v.trim());
  }
  return named;
}

export interface ParsedMetadata {
  rows: MetadataRow[];
  problems: MetadataProblem[];
}

const BOOLEAN_FIELDS = new Set(['firstContact', 'connected', 'rightPartyVerified', 'hasRecording']);
const INTEGER_FIELDS = new Set(['durationMs']);
/** Keys of a row that are about files, not the call. */
const FILE_FIELDS = ['audio', 'transcript'] as const;
const ALIASES: Record<string, string> = {
  callId: 'id', call_id: 'id', file: 'audio', recording_file: 'audio', recordingFile: 'audio', sidecar: 'transcript',
  durationSeconds: 'durationSeconds', duration_seconds: 'durationSeconds',
};

const RowExtrasSchema = z.object({
  phone: z.string().min(1).optional(),
  audio: z.string().min(1).optional(),
  transcript: z.string().min(1).optional(),
  durationSeconds: z.number().nonnegative().optional(),
});

/** snake_case → camelCase, so `agent_id` and `agentId` both work as column names. */
function camel(key: string): string {
  const k = key.trim();
  return ALIASES[k] ?? k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function coerceCsvValue(key: string, raw: string): unknown {
  const v = raw.trim();
  if (v === '') return undefined;
  if (BOOLEAN_FIELDS.has(key)) {
    if (/^(true|yes|y|1)$/i.test(v)) return true;
    if (/^(false|no|n|0)$/i.test(v)) return false;
    return v; // left as text: validation reports it with the line
  }
  if (INTEGER_FIELDS.has(key) || key === 'durationSeconds') {
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }
  return v;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Validates one row (keys already camelCased); paths are resolved against the metadata file's directory. */
export function toMetadataRow(record: Record<string, unknown>, line: number, baseDir: string): MetadataRow | string {
  const normalised: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v === undefined || v === null || v === '') continue;
    normalised[camel(k)] = v;
  }
  // calls.json may name the recording file under `recording` (CallMeta's `recording` is the facts object).
  if (typeof normalised.recording === 'string') {
    normalised.audio ??= normalised.recording;
    delete normalised.recording;
  }
  const hasRecording = normalised.hasRecording;
  delete normalised.hasRecording;
  if (hasRecording !== undefined && typeof hasRecording !== 'boolean') return `hasRecording: expected true or false, got ${String(hasRecording)}`;
  // The dialer knows whether it recorded the call even when the recording is not in this batch:
  // false is what the missing-recording rule judges; true keeps that rule quiet for this record.
  if (typeof hasRecording === 'boolean' && normalised.audio === undefined) normalised.recording ??= { present: hasRecording };
  // A dialer call record carries no audio and often no direction / first-contact flag: dialers
  // place outbound calls, and only a conversation with a transcript can be judged as a first contact.
  if (normalised.audio === undefined && normalised.transcript === undefined) {
    normalised.direction ??= 'outbound';
    normalised.firstContact ??= false;
  }
  const extras = RowExtrasSchema.safeParse({
    phone: normalised.phone === undefined ? undefined : String(normalised.phone),
    audio: normalised.audio,
    transcript: normalised.transcript,
    durationSeconds: normalised.durationSeconds,
  });
  if (!extras.success) return describeIssues(extras.error);
  const metaInput: Record<string, unknown> = { ...normalised };
  for (const f of [...FILE_FIELDS, 'phone', 'durationSeconds']) delete metaInput[f];
  if (metaInput.durationMs === undefined && extras.data.durationSeconds !== undefined) {
    metaInput.durationMs = Math.round(extras.data.durationSeconds * 1000);
  }
  const meta = CallMetaSchema.safeParse(metaInput);
  if (!meta.success) return describeIssues(meta.error);
  const row: MetadataRow = { line, meta: meta.data };
  if (extras.data.phone) row.phone = extras.data.phone;
  if (extras.data.audio) row.audio = path.resolve(baseDir, extras.data.audio);
  if (extras.data.transcript) row.transcript = path.resolve(baseDir, extras.data.transcript);
  return row;
}

export function parseMetadataCsv(text: string, file: string): ParsedMetadata {
  const baseDir = path.dirname(path.resolve(file));
  const problems: MetadataProblem[] = [];
  let records: Array<{ record: Record<string, string>; info: { lines: number }; raw: string }>;
  try {
    records = parseCsv(text, {
      columns: (header: string[]) => header.map((h) => camel(h.replace(/^\uFEFF/, ''))),
      info: true,
      raw: true,
      skip_empty_lines: true,
      bom: true,
      skip_records_with_error: true,
      on_skip: (err: { message: string; lines?: number } | undefined) => {
        if (err) problems.push({ file, line: err.lines ?? 0, message: err.message });
      },
    }) as typeof records;
  } catch (err) {
    const e = err as { message: string; lines?: number };
    return { rows: [], problems: [{ file, line: e.lines ?? 1, message: e.message }] };
  }
  const rows: MetadataRow[] = [];
  for (const { record, info, raw } of records) {
    // info.lines is the record's last line; a quoted multi-line field starts earlier.
    const line = info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
    const typed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) typed[k] = coerceCsvValue(k, v);
    const row = toMetadataRow(typed, line, baseDir);
    if (typeof row === 'string') problems.push({ file, line, message: row, refused: namesOfRefusedRow(typed, baseDir) });
    else rows.push(row);
  }
  return { rows, problems };
}

/**
 * calls.json: an array of rows, `{ "calls": [...] }`, or an object keyed by call id. Parsed with
 * positions to report lines.
 */
export function parseMetadataJson(text: string, file: string): ParsedMetadata {
  const baseDir = path.dirname(path.resolve(file));
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return { rows: [], problems: [{ file, line: lineCounter.linePos(e.pos[0]).line, message: `not valid JSON: ${e.message.split('\n')[0]}` }] };
  }
  let seq: unknown = doc.contents;
  const items: Array<{ node: unknown; id?: string }> = [];
  if (isMap(seq) && seq.has('calls')) seq = seq.get('calls', true);
  if (isSeq(seq)) items.push(...seq.items.map((node) => ({ node })));
  else if (isMap(seq)) {
    for (const pair of seq.items) items.push({ node: pair.value, id: String((pair.key as { value?: unknown })?.value ?? pair.key) });
  } else return { rows: [], problems: [{ file, line: 1, message: 'expected an array of calls, { "calls": [...] } or an object keyed by call id' }] };
  const rows: MetadataRow[] = [];
  const problems: MetadataProblem[] = [];
  for (const { node: item, id } of items) {
    const node = item as { range?: [number, number, number]; toJSON?: () => unknown };
    const line = node.range ? lineCounter.linePos(node.range[0]).line : 0;
    let value = typeof node?.toJSON === 'function' ? node.toJSON() : item;
    if (id !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) value = { id, ...value };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ file, line, message: 'a call must be an object' });
      continue;
    }
    const row = toMetadataRow(value as Record<string, unknown>, line, baseDir);
    if (typeof row === 'string') problems.push({ file, line, message: row, refused: namesOfRefusedRow(value as Record<string, unknown>, baseDir) });
    else rows.push(row);
  }
  return { rows, problems };
}

export function parseMetadataFile(text: string, file: string): ParsedMetadata {
  return /\.json$/i.test(file) ? parseMetadataJson(text, file) : parseMetadataCsv(text, file);
}

/** Duplicate call ids inside one file: the second row is a problem, not a silent overwrite. */
export function rejectDuplicateIds(parsed: ParsedMetadata, file: string): ParsedMetadata {
  const seen = new Map<string, number>();
  const rows: MetadataRow[] = [];
  const problems = [...parsed.problems];
  for (const row of parsed.rows) {
    const first = seen.get(row.meta.id);
    if (first !== undefined) {
      problems.push({ file, line: row.line, message: `call id ${row.meta.id} already on line ${first}` });
      continue;
    }
    seen.set(row.meta.id, row.line);
    rows.push(row);
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems };
}
