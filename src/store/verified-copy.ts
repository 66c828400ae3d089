import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AudioIntegrityError } from './audio-store.ts';

/**
 * Copies a stored recording's bytes to `file` (created, never overwritten) while hashing them, and
 * refuses the copy when they do not hash to the name they were stored under: a tool downstream then
 * never analyses bytes other than the recording's. On any failure the partial file is removed.
 */
export async function copyVerified(source: Readable, file: string, sha256: string, signal?: AbortSignal): Promise<number> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(file, { flags: 'wx' }),
      ...(signal ? [{ signal }] as const : []),
    );
    const actual = hash.digest('hex');
    if (actual !== sha256) throw new AudioIntegrityError(sha256, actual, bytes);
    return bytes;
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}
