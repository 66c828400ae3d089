import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import type { Clock } from '../../../src/domain/clock.ts';
import { AudioNotFoundError, AudioStoreUnavailableError } from '../../../src/store/audio-store.ts';
import { closeAudioStore, openAudioStore } from '../../../src/store/open-audio-store.ts';
import { createS3Client, S3AudioStore } from '../../../src/store/s3-audio-store.ts';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.ts';
import { S3_BUCKET, S3_CREDENTIALS, startS3Server, type TestS3Server } from '../../helpers/s3-server.ts';

/** Records the backoff waits instead of waiting; `onSleep` lets a test change the network meanwhile. */
function backoffClock(onSleep: (nth: number) => void = () => undefined): Clock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => new Date(0),
    nowMs: () => 0,
    async sleep(ms) {
      waits.push(ms);
      onSleep(waits.length);
    },
  };
}

let server: TestS3Server;
let proxy: FaultProxy;
let scratch = '';
const opened: S3AudioStore[] = [];
beforeAll(async () => {
  server = await startS3Server();
  proxy = await startFaultProxy(server.port);
  scratch = await mkdtemp(path.join(tmpdir(), 'cg-s3-store-'));
});
afterEach(() => proxy.setMode('forward'));
afterAll(async () => {
  for (const s of opened) s.close();
  await proxy?.close();
  await server?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function storeVia(endpoint: string, clock: Clock, extra: Partial<ConstructorParameters<typeof S3AudioStore>[0]> = {}): S3AudioStore {
  const store = new S3AudioStore({ client: createS3Client({ endpoint, ...S3_CREDENTIALS }), bucket: S3_BUCKET, prefix: 'fleet/', clock, baseDelayMs: 100, ...extra });
  opened.push(store);
  return store;
}

let n = 0;
async function recording(size: number): Promise<{ file: string; bytes: Buffer; sha256: string }> {
  const bytes = Buffer.alloc(size);
  n++;
  for (let i = 0; i < size; i++) bytes[i] = (i * 13 + n) % 253;
  const file = path.join(scratch, `rec-${n}.wav`);
  await writeFile(file, bytes);
  return { file, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

describe('S3AudioStore', () => {
  it('keeps a recording at <prefix>ab/cd/<sha256> and sends its Content-MD5 for the server to check', async () => {
    const store = storeVia(proxy.endpoint, backoffClock());
    const { file, bytes, sha256 } = await recording(20_000);
    const before = proxy.requestHeads.length;
    await store.put(file);
    expect(store.key(sha256)).toBe(`fleet/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`);
    expect((await readFile(server.objectFile(store.key(sha256)))).equals(bytes)).toBe(true);
    const put = proxy.requestHeads.slice(before).find((h) => h.startsWith('PUT '));
    expect(put).toBeDefined();
    expect(put).toMatch(new RegExp(`^content-md5: ${createHash('md5').update(bytes).digest('base64').replace(/[+/]/g, '\\$&')}\\r$`, 'mi'));
    expect(store.location).toBe('s3://recordings/fleet/');
  });

  it('retries an unreachable server with growing waits, then fails naming the store, the recording and the last error', async () => {
    const clock = backoffClock();
    const store = storeVia(proxy.endpoint, clock, { attempts: 4 });
    const { sha256 } = await recording(1000);
    proxy.setMode('refuse');
    const connectionsBefore = proxy.connections;
    const err = await store.has(sha256).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioStoreUnavailableError);
    expect((err as Error).message).toMatch(new RegExp(`^audio store s3://recordings/fleet/ unavailable: could not look up recording ${sha256.slice(0, 12)}… after 4 tries: .*(ECONNRESET|socket hang up|ECONNREFUSED)`));
    expect(clock.waits).toEqual([100, 200, 400]);
    expect(proxy.connections - connectionsBefore).toBe(4);
  });

  it('caps the backoff, and succeeds when the server comes back between tries', async () => {
    const clock = backoffClock((nth) => {
      if (nth === 3) proxy.setMode('forward');
    });
    const store = storeVia(proxy.endpoint, clock, { attempts: 6, maxDelayMs: 150 });
    const { file, sha256 } = await recording(5000);
    proxy.setMode('refuse');
    expect(await store.put(file)).toMatchObject({ sha256, created: true });
    expect(clock.waits).toEqual([100, 150, 150]);
    expect(await store.has(sha256)).toBe(true);
  });

  it('downloads again when the connection drops mid-transfer, leaving no partial file, and gives up when it always does', async () => {
    const { file, bytes, sha256 } = await recording(400_000);
    await storeVia(server.endpoint, backoffClock()).put(file);

    const healing = storeVia(proxy.endpoint, backoffClock(() => proxy.setMode('forward')));
    proxy.setMode('cut', 50_000);
    const copy = path.join(scratch, 'healed.wav');
    await healing.download(sha256, copy);
    expect((await readFile(copy)).equals(bytes)).toBe(true);

    const clock = backoffClock();
    const failing = storeVia(proxy.endpoint, clock, { attempts: 3 });
    proxy.setMode('cut', 50_000);
    const target = path.join(scratch, 'never.wav');
    const err = await failing.download(sha256, target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioStoreUnavailableError);
    expect((err as Error).message).toMatch(/could not read recording .* after 3 tries/);
    expect(clock.waits).toHaveLength(2);
    await expect(stat(target)).rejects.toThrow(/ENOENT/);
  });

  it('does not retry what a retry cannot fix: a missing bucket fails at once, saying so; a missing object is AudioNotFoundError', async () => {
    const clock = backoffClock();
    const noBucket = storeVia(proxy.endpoint, clock, { bucket: 'no-such-bucket' });
    const { file, sha256 } = await recording(100);
    const err = await noBucket.put(file).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(AudioStoreUnavailableError);
    expect(err).not.toBeInstanceOf(AudioNotFoundError);
    expect((err as Error).message).toBe(`audio store s3://no-such-bucket/fleet/: could not store recording ${sha256.slice(0, 12)}…: NoSuchBucket: HTTP 404: The specified bucket does not exist`);
    expect(clock.waits).toEqual([]);
    await expect(storeVia(proxy.endpoint, clock).size('0'.repeat(64))).rejects.toThrow(AudioNotFoundError);
    await expect(storeVia(proxy.endpoint, clock).download('0'.repeat(64), path.join(scratch, 'x'))).rejects.toThrow(AudioNotFoundError);
    expect(clock.waits).toEqual([]);
  });

  it('is what AUDIO_STORE=s3://bucket/prefix configures, path-style against an explicit endpoint', async () => {
    const config = loadConfig({
      AUDIO_STORE: `s3://${S3_BUCKET}/from-config`, AWS_ENDPOINT_URL: server.endpoint,
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    });
    const store = await openAudioStore(config);
    try {
      expect(store).toBeInstanceOf(S3AudioStore);
      const { file, sha256 } = await recording(3000);
      await store.put(file);
      expect((await stat(server.objectFile(`from-config/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`))).size).toBe(3000);
    } finally {
      closeAudioStore(store);
    }
    expect(() => loadConfig({ AUDIO_STORE: 's3://Recordings', AWS_ACCESS_KEY_ID: 'k', PORT: 'x' })).toThrow(
      /PORT:[\s\S]*AUDIO_STORE: s3:\/\/bucket or s3:\/\/bucket\/prefix[\s\S]*AWS_SECRET_ACCESS_KEY: set both[\s\S]*AWS_REGION: AUDIO_STORE on AWS S3 needs/,
    );
  });
});
