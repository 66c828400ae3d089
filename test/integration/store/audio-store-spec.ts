import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioIntegrityError, AudioNotFoundError, verifyStoredAudio, type AudioStore } from '../../../src/store/audio-store.ts';

export interface AudioStoreHarness {
  store: AudioStore;
  /** Alters the stored bytes of `sha256` behind the store's back (same length, one byte flipped). */
  corrupt(sha256: string): Promise<void>;
  /** Where the store keeps an upload while it is hashed (must be empty between uploads). */
  uploadTempDir: string;
  close(): Promise<void>;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function recordingBytes(n: number, seed: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 7 + seed) % 251;
  return bytes;
}

const sha256Of = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * What every AudioStore does, whatever keeps the bytes: one spec, run against each implementation
 * (audio-store-contract.test.ts), so the S3 store cannot drift from the directory store's behaviour.
 */
export function describeAudioStore(name: string, open: () => Promise<AudioStoreHarness>): void {
  describe(`${name}: the AudioStore contract`, () => {
    let h: AudioStoreHarness;
    let scratch = '';
    beforeAll(async () => {
      h = await open();
      scratch = await mkdtemp(path.join(tmpdir(), 'cg-store-spec-'));
    });
    afterAll(async () => {
      await h?.close();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });
    const file = async (name: string, bytes: Buffer) => {
      const p = path.join(scratch, name);
      await writeFile(p, bytes);
      return p;
    };

    it('stores a file under its sha256 once, and reads it back whole, by range and as a verified download', async () => {
      const bytes = recordingBytes(300_000, 1);
      const sha = sha256Of(bytes);
      const first = await h.store.put(await file('call.wav', bytes));
      expect(first).toEqual({ sha256: sha, bytes: bytes.length, created: true });
      expect(await h.store.put(await file('again.wav', bytes))).toEqual({ ...first, created: false });
      expect(await h.store.putStream(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]))).toEqual({ ...first, created: false });

      expect(await h.store.has(sha)).toBe(true);
      expect(await h.store.size(sha)).toBe(bytes.length);
      expect((await readAll(await h.store.open(sha))).equals(bytes)).toBe(true);
      expect((await readAll(await h.store.open(sha, { start: 100, end: 199 }))).equals(bytes.subarray(100, 200))).toBe(true);
      expect((await readAll(await h.store.open(sha, { start: bytes.length - 1, end: bytes.length - 1 }))).equals(bytes.subarray(-1))).toBe(true);
      await expect(h.store.open(sha, { start: 0, end: bytes.length })).rejects.toThrow(RangeError);
      await expect(h.store.open(sha, { start: 10, end: 9 })).rejects.toThrow(RangeError);

      const copy = path.join(scratch, 'copy.wav');
      await h.store.download(sha, copy);
      expect((await readFile(copy)).equals(bytes)).toBe(true);
      // Never over a file that is there: a download goes to the caller's own temp directory.
      await expect(h.store.download(sha, copy)).rejects.toThrow(/EEXIST/);
      expect(await verifyStoredAudio(h.store, sha)).toBe(true);
    });

    it('stores an upload stream (bytes ready at once) and an empty recording', async () => {
      const bytes = Buffer.from('RIFF....WAVEfmt an upload already buffered in memory');
      const stored = await h.store.putStream(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]));
      expect(stored).toEqual({ sha256: sha256Of(bytes), bytes: bytes.length, created: true });
      expect((await readAll(await h.store.open(stored.sha256))).equals(bytes)).toBe(true);
      const empty = await h.store.put(await file('empty.wav', Buffer.alloc(0)));
      expect(empty).toMatchObject({ sha256: sha256Of(Buffer.alloc(0)), bytes: 0 });
      expect(await h.store.size(empty.sha256)).toBe(0);
    });

    it('says clearly when a recording is missing, leaves no partial download, and refuses anything that is not a hash', async () => {
      const absent = 'f'.repeat(64);
      expect(await h.store.has(absent)).toBe(false);
      await expect(h.store.size(absent)).rejects.toThrow(AudioNotFoundError);
      await expect(h.store.open(absent)).rejects.toThrow(AudioNotFoundError);
      const target = path.join(scratch, 'absent.wav');
      await expect(h.store.download(absent, target)).rejects.toThrow(AudioNotFoundError);
      await expect(readFile(target)).rejects.toThrow(/ENOENT/);
      await expect(h.store.has('../../etc/passwd')).rejects.toThrow(RangeError);
      await expect(h.store.download('F'.repeat(64), target)).rejects.toThrow(RangeError);
      await expect(h.store.delete('../x')).rejects.toThrow(RangeError);
    });

    it('refuses a recording whose stored bytes no longer match their hash, naming it, and keeps no copy', async () => {
      const bytes = recordingBytes(50_000, 2);
      const { sha256 } = await h.store.put(await file('to-corrupt.wav', bytes));
      await h.corrupt(sha256);
      const target = path.join(scratch, 'corrupt-copy.wav');
      const err = await h.store.download(sha256, target).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AudioIntegrityError);
      expect((err as Error).message).toMatch(new RegExp(`recording ${sha256.slice(0, 12)}… in the audio store is corrupt: its 50000 bytes hash to [0-9a-f]{12}…, not to its name`));
      await expect(readFile(target)).rejects.toThrow(/ENOENT/);
      expect(await verifyStoredAudio(h.store, sha256)).toBe(false);
    });

    it('deletes a recording; deleting it again, or one never stored, is not an error', async () => {
      const { sha256 } = await h.store.putStream(Readable.from([Buffer.from('a recording due for purge')]));
      await h.store.delete(sha256);
      expect(await h.store.has(sha256)).toBe(false);
      await expect(h.store.open(sha256)).rejects.toThrow(AudioNotFoundError);
      await h.store.delete(sha256);
      await h.store.delete('e'.repeat(64));
    });

    it('stores nothing when an upload fails midway, and says a missing source file is missing', async () => {
      const partial = Buffer.alloc(1000, 3);
      const failing = new Readable({
        read() {
          this.push(partial);
          this.destroy(new Error('upload aborted'));
        },
      });
      await expect(h.store.putStream(failing)).rejects.toThrow('upload aborted');
      expect(await h.store.has(sha256Of(partial))).toBe(false);
      await expect(h.store.put(path.join(scratch, 'no-such-file.wav'))).rejects.toThrow(/ENOENT/);
      // Nothing of the failed upload is left where it was spooled either.
      expect(await readdir(h.uploadTempDir)).toEqual([]);
    });
  });
}
