import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Recordings stored by the sha256 of their bytes: the same recording twice is one file, a file
 * can never be silently replaced by different content, and a backup is a plain copy of the tree.
 * The interface speaks of hashes and streams only, so an S3-compatible implementation (object key
 * = the hash) can take the directory's place; `localPath` is the one call that needs a file on
 * disk (ffmpeg reads files) and an object store would fetch into a temp file there.
 */
export interface AudioStore {
  /** Stores the file's bytes (streamed, never whole in memory). */
  put(filePath: string): Promise<StoredAudio>;
  /** Stores a stream (an HTTP upload). */
  putStream(source: Readable): Promise<StoredAudio>;
  has(sha256: string): Promise<boolean>;
  /** Byte size; throws AudioNotFoundError when absent. */
  size(sha256: string): Promise<number>;
  /** Reads the recording, optionally a byte range (inclusive, as in HTTP Range). */
  open(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  /** A local file path with the recording's bytes, for tools that read files. */
  localPath(sha256: string): Promise<string>;
  /** Removes the recording; idempotent, since a purge run twice or concurrently must not fail. */
  delete(sha256: string): Promise<void>;
}

export interface StoredAudio {
  sha256: string;
  bytes: number;
  /** false when the same bytes were already stored. */
  created: boolean;
}

export class AudioNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`no recording with sha256 ${sha256} in the audio store`);
    this.name = 'AudioNotFoundError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

function assertSha256(sha256: string): void {
  // Also what keeps a hash from being a path (../) into the file system.
  if (!SHA256.test(sha256)) throw new RangeError(`not a sha256 hex digest: ${JSON.stringify(sha256)}`);
}

/** `<root>/ab/cd/<sha256>`: two levels of fan-out keep directories small at millions of files. */
export class DirectoryAudioStore implements AudioStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  path(sha256: string): string {
    assertSha256(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(filePath: string): Promise<StoredAudio> {
    // Opened first so a missing file fails here, not as an unhandled stream error later.
    const handle = await open(filePath, 'r');
    return this.putStream(handle.createReadStream());
  }

  async putStream(source: Readable): Promise<StoredAudio> {
    // The temp file lives under the root so the final rename stays on one file system (atomic).
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      // The file is created before any byte flows: a stream that opened it lazily could create it
      // after a failed upload's cleanup below had already run, leaving a stray temp file. And it is
      // open before the hash listens: a 'data' listener starts the source flowing, and what flowed
      // before the pipe was attached would be hashed but never written.
      const out = await open(tmp, 'wx');
      source.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      await pipeline(source, out.createWriteStream());
      const sha256 = hash.digest('hex');
      const target = this.path(sha256);
      if (await this.has(sha256)) {
        await rm(tmp, { force: true });
        return { sha256, bytes, created: false };
      }
      // On disk before it is named: a crash must not leave a hash-named file with partial bytes.
      const handle = await open(tmp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await mkdir(path.dirname(target), { recursive: true });
      await rename(tmp, target);
      return { sha256, bytes, created: true };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.path(sha256));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async size(sha256: string): Promise<number> {
    try {
      return (await stat(this.path(sha256))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AudioNotFoundError(sha256);
      throw err;
    }
  }

  async open(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    const size = await this.size(sha256);
    if (range && (range.start < 0 || range.end < range.start || range.end >= size)) {
      throw new RangeError(`byte range ${range.start}-${range.end} outside 0-${size - 1}`);
    }
    return createReadStream(this.path(sha256), range ? { start: range.start, end: range.end } : {});
  }

  async localPath(sha256: string): Promise<string> {
    if (!(await this.has(sha256))) throw new AudioNotFoundError(sha256);
    return this.path(sha256);
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }
}

/** Re-reads a stored recording and checks its bytes still hash to its name (backup restore checks). */
export async function verifyStoredAudio(store: AudioStore, sha256: string): Promise<boolean> {
  const hash = createHash('sha256');
  for await (const chunk of await store.open(sha256)) hash.update(chunk as Buffer);
  return hash.digest('hex') === sha256;
}
