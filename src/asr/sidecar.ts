import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { TranscriptSchema, type Transcript } from '../domain/transcript.ts';
import { SidecarInvalidError } from './asr-errors.ts';
import type { SidecarSource } from './transcriber.ts';

/**
 * Transcripts the telephony platform delivers beside the recording. Looked for as
 * `<recording>.transcript.json`, then `<recording minus extension>.transcript.json`, unless a path
 * is given. Validated like any input: a delivered file is untrusted data.
 */
export function sidecarCandidates(recording: string): string[] {
  const parsed = path.parse(recording);
  return [`${recording}.transcript.json`, path.join(parsed.dir, `${parsed.name}.transcript.json`)];
}

export function createSidecarSource(options: { path?: string } = {}): SidecarSource {
  return {
    kind: 'sidecar',
    name: 'sidecar',
    async locate(recording: string) {
      for (const candidate of options.path ? [options.path] : sidecarCandidates(recording)) {
        if (await exists(candidate)) return candidate;
      }
      return null;
    },
    read: readSidecarTranscript,
  };
}

export async function readSidecarTranscript(file: string): Promise<Transcript> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SidecarInvalidError(file, [`not JSON: ${(err as Error).message}`]);
  }
  const parsed = TranscriptSchema.safeParse(json);
  if (!parsed.success) throw new SidecarInvalidError(file, parsed.error.issues.map(describeIssue));
  return parsed.data;
}

/** `segments[3].endMs: endMs must not be before startMs` */
export function describeIssue(issue: z.core.$ZodIssue): string {
  return `${jsonPath(issue.path) || '(root)'}: ${issue.message}`;
}

export function jsonPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** Absent is an answer; unreadable (EACCES, EIO) is an error the operator must see. */
async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw err;
  }
}
