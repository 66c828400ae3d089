import { readFile } from 'node:fs/promises';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAudioLocator } from '../../../src/api/recording-source.ts';
import { repositories } from '../../../src/store/index.ts';
import { createS3Client, S3AudioStore } from '../../../src/store/s3-audio-store.ts';
import { S3_BUCKET, S3_CREDENTIALS, startS3Server, type TestS3Server } from '../../helpers/s3-server.ts';
import { useApi } from './api-test-kit.ts';

// The review app's player with the recordings in object storage: the same answers as from the
// directory store (review.test.ts), the bytes streamed from the bucket by range.

let server: TestS3Server;
let store: S3AudioStore | undefined;
const cacheDir = mkdtempSync(path.join(tmpdir(), 'cg-s3-playable-'));
// The server is built in useApi's beforeAll, before this file's: the locator finds the store at request time.
const api = useApi({
  api: { playableCacheDir: cacheDir },
  deps: { locateAudio: (call) => storeAudioLocator(store!)(call) },
});
beforeAll(async () => {
  server = await startS3Server();
  store = new S3AudioStore({ client: createS3Client({ endpoint: server.endpoint, ...S3_CREDENTIALS }), bucket: S3_BUCKET, prefix: '' });
});
afterAll(async () => {
  store?.close();
  await server?.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

async function storedCall(id: string, fixture: string, format: 'mp3' | 'amr'): Promise<{ bytes: Buffer; sha256: string }> {
  const file = `fixtures/calls/${fixture}.${format}`;
  const { sha256, bytes } = await store!.put(file);
  await repositories(api.db).calls.insertIfNew({
    meta: { id, agentId: '8107', borrowerId: `${id}-B`, bank: '建设银行', startedAt: '2026-03-04T10:00:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN' },
    source: 'recording', audioSha256: sha256, audioFormat: format, audioBytes: bytes,
  });
  return { bytes: await readFile(file), sha256 };
}

describe('audio playback from the S3 store', () => {
  it('streams a recording whole and by range, and answers 416 past its end', async () => {
    const { bytes } = await storedCall('s3-mp3', 'zh-abusive', 'mp3');
    const full = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/s3-mp3/audio' });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('audio/mpeg');
    expect(full.headers['content-length']).toBe(String(bytes.length));
    expect(full.rawPayload.equals(bytes)).toBe(true);
    const part = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/s3-mp3/audio', headers: { range: 'bytes=100-1123' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1123/${bytes.length}`);
    expect(part.rawPayload.equals(bytes.subarray(100, 1124))).toBe(true);
    const tail = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/s3-mp3/audio', headers: { range: 'bytes=-10' } });
    expect(tail.rawPayload.equals(bytes.subarray(-10))).toBe(true);
    const past = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/s3-mp3/audio', headers: { range: `bytes=${bytes.length}-` } });
    expect(past.statusCode).toBe(416);
    const peaks = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/s3-mp3/peaks?buckets=100' });
    expect(peaks.statusCode).toBe(200);
    expect((peaks.json() as { durationMs: number }).durationMs).toBeGreaterThan(19_000);
  });

  it('converts an AMR recording fetched from the bucket to WAV, and answers 404 for an object that is gone', async () => {
    await storedCall('s3-amr', 'zh-compliant', 'amr');
    const full = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/s3-amr/audio' });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('audio/wav');
    expect(full.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    const part = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/s3-amr/audio', headers: { range: 'bytes=44-1043' } });
    expect(part.rawPayload.equals(full.rawPayload.subarray(44, 1044))).toBe(true);
    // The temp copy the conversion decoded from is gone; only the cached WAV stays.
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('callguard-playback-'))).toEqual([]);

    await storedCall('s3-gone', 'en-compliant', 'mp3');
    const gone = (await repositories(api.db).calls.get('s3-gone'))!.audioSha256!;
    await store!.delete(gone);
    expect((await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/s3-gone/audio' })).statusCode).toBe(404);
  });
});
