import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioNotFoundError } from '../../../src/store/audio-store.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'callguard-audio-delete-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DirectoryAudioStore.delete', () => {
  it('removes a recording, and deleting it again (or one never stored) is not an error', async () => {
    const store = new DirectoryAudioStore(path.join(dir, 'audio'));
    const { sha256 } = await store.putStream(Readable.from([Buffer.from('a recording due for purge')]));
    expect(await store.has(sha256)).toBe(true);
    await store.delete(sha256);
    expect(await store.has(sha256)).toBe(false);
    await expect(store.open(sha256)).rejects.toThrow(AudioNotFoundError);
    await store.delete(sha256);
    await store.delete('e'.repeat(64));
  });

  it('refuses anything that is not a hash, so a delete can never reach outside the store', async () => {
    const store = new DirectoryAudioStore(path.join(dir, 'audio2'));
    await expect(store.delete('../../etc/passwd')).rejects.toThrow(RangeError);
  });
});
