import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioNotFoundError, verifyStoredAudio } from '../../../src/store/audio-store.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'callguard-audio-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('DirectoryAudioStore', () => {
  it('stores a file under its sha256 once, in a two-level fan-out, and reads it back whole or by range', async () => {
    const store = new DirectoryAudioStore(path.join(dir, 'audio'));
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) % 251;
    const src = path.join(dir, 'call.wav');
    await writeFile(src, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');

    const first = await store.put(src);
    expect(first).toEqual({ sha256: sha, bytes: bytes.length, created: true });
    expect(store.path(sha)).toBe(path.join(dir, 'audio', sha.slice(0, 2), sha.slice(2, 4), sha));
    expect((await readFile(store.path(sha))).equals(bytes)).toBe(true);
    expect(await store.put(src)).toEqual({ ...first, created: false });
    expect(await store.putStream(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]))).toEqual({ ...first, created: false });
    expect(await readdir(path.join(dir, 'audio', 'tmp'))).toEqual([]);

    expect(await store.has(sha)).toBe(true);
    expect(await store.size(sha)).toBe(bytes.length);
    expect((await readAll(await store.open(sha))).equals(bytes)).toBe(true);
    expect((await readAll(await store.open(sha, { start: 100, end: 199 }))).equals(bytes.subarray(100, 200))).toBe(true);
    await expect(store.open(sha, { start: 0, end: bytes.length })).rejects.toThrow(RangeError);
    expect(await verifyStoredAudio(store, sha)).toBe(true);
    await writeFile(store.path(sha), Buffer.from('tampered'));
    expect(await verifyStoredAudio(store, sha)).toBe(false);
  });

  it('says clearly when a recording is missing and refuses anything that is not a hash', async () => {
    const store = new DirectoryAudioStore(path.join(dir, 'audio2'));
    const absent = 'f'.repeat(64);
    expect(await store.has(absent)).toBe(false);
    await expect(store.open(absent)).rejects.toThrow(AudioNotFoundError);
    await expect(store.download(absent, path.join(dir, 'absent.wav'))).rejects.toThrow(AudioNotFoundError);
    expect(() => store.path('../../etc/passwd')).toThrow(RangeError);
    expect(() => store.path('F'.repeat(64))).toThrow(RangeError);
  });

  it('stores every byte of a stream that has its data ready at once (an upload held in memory)', async () => {
    const store = new DirectoryAudioStore(path.join(dir, 'audio4'));
    const bytes = Buffer.from('RIFF....WAVEfmt an upload already buffered in memory');
    const stored = await store.putStream(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]));
    expect(stored).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, created: true });
    expect(await readFile(store.path(stored.sha256))).toEqual(bytes);
  });

  it('leaves no temp file and no entry when the source fails midway', async () => {
    const store = new DirectoryAudioStore(path.join(dir, 'audio3'));
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('upload aborted'));
      },
    });
    await expect(store.putStream(failing)).rejects.toThrow('upload aborted');
    expect(await readdir(path.join(dir, 'audio3', 'tmp'))).toEqual([]);
    expect((await readdir(path.join(dir, 'audio3'))).sort()).toEqual(['tmp']);
    await expect(store.put(path.join(dir, 'no-such-file.wav'))).rejects.toThrow(/ENOENT/);
  });
});
