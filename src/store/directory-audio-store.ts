import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertRangeWithin, assertSha256, AudioNotFoundError, type AudioStore, type ByteRange, type StoredAudio } from './audio-store.ts';
import { copyVerified } from './verified-copy.ts';

/**
 * `<root>/ab/cd/<sha256>`: two levels of fan-out keep directories small at millions of files. The
 * default store; shared by several machines only through a shared file system (else use S3).
 */
export class DirectoryAudioStore implements AudioStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get location(): string {
    return this.root;
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

  async open(sha256: string, range?: ByteRange): Promise<Readable> {
    assertRangeWithin(range, await this.size(sha256));
    return createReadStream(this.path(sha256), range ? { start: range.start, end: range.end } : {});
  }

  async download(sha256: string, file: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    let handle;
    try {
      handle = await open(this.path(sha256), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AudioNotFoundError(sha256);
      throw err;
    }
    // A copy rather than a link: the tool reading it may be killed mid-read and its temp directory
    // swept, and a verified copy cannot change under it.
    await copyVerified(handle.createReadStream(), file, sha256, options.signal);
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }
}
