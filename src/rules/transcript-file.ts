import { readFileSync } from 'node:fs';
import { TranscriptSchema, type Transcript } from '../domain/transcript.ts';
import { formatPath, plainIssues } from './zod-issues.ts';

export type TranscriptParse =
  | { ok: true; transcript: Transcript }
  | { ok: false; kind: 'unreadable' | 'malformed'; errors: string[] };

/**
 * Reads a transcript JSON file (docs/transcript-format.md). Problems name the JSON path, e.g.
 * `segments[3].startMs: expected number, received string`, so the producer can fix them.
 */
export function parseTranscriptFile(path: string): TranscriptParse {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, kind: 'unreadable', errors: [(err as Error).message] };
  }
  return parseTranscriptJson(text);
}

export function parseTranscriptJson(text: string): TranscriptParse {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, kind: 'malformed', errors: [`not valid JSON: ${(err as Error).message}`] };
  }
  return parseTranscriptData(data);
}

export function parseTranscriptData(data: unknown): TranscriptParse {
  const result = TranscriptSchema.safeParse(data);
  if (result.success) return { ok: true, transcript: result.data };
  return {
    ok: false,
    kind: 'malformed',
    errors: plainIssues(result.error.issues, data).map((i) => `${i.key !== undefined ? `${formatPath(i.path)}.${i.key}` : formatPath(i.path)}: ${i.message}`),
  };
}
