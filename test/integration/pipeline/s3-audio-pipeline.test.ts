import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/domain/clock.ts';
import { registerCall } from '../../../src/pipeline/intake/register-call.ts';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { runCallsLocally } from '../../../src/pipeline/transport/local-runner.ts';
import { createGiveUpHandler, createStageHandlers } from '../../../src/pipeline/transport/stage-handlers.ts';
import { repositories } from '../../../src/store/index.ts';
import { createS3Client, S3AudioStore } from '../../../src/store/s3-audio-store.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.ts';
import { S3_BUCKET, S3_CREDENTIALS, startS3Server, type TestS3Server } from '../../helpers/s3-server.ts';
import { FIXTURE_DIR } from './fixture-expectations.ts';
import { dataDir, pipelineDeps, testLogger } from './pipeline-helpers.ts';

// The stages with their recordings in S3-compatible object storage (s3rver): a call whose stored
// object was altered, and calls whose store cannot be reached, end failed with the reason, never
// clean; the others are analysed as from the directory store.

const t = useTestDatabase();
/** Backoff waits pass at once: what is tested is that they are bounded, not how long they are. */
const noWait: Clock = { now: () => new Date(), nowMs: () => Date.now(), sleep: async () => undefined };
let server: TestS3Server;
let proxy: FaultProxy;
let store: S3AudioStore;
let data: Awaited<ReturnType<typeof dataDir>>;
let deps: PipelineDeps;

beforeAll(async () => {
  server = await startS3Server();
  proxy = await startFaultProxy(server.port);
  store = new S3AudioStore({ client: createS3Client({ endpoint: proxy.endpoint, ...S3_CREDENTIALS }), bucket: S3_BUCKET, prefix: 'calls/', clock: noWait });
  data = await dataDir();
  deps = { ...pipelineDeps(t.db, data.dir), audio: store, tempDir: data.dir };
});
afterAll(async () => {
  store?.close();
  await proxy?.close();
  await server?.stop();
  await data?.cleanup();
});

async function register(fixture: string, id: string): Promise<string> {
  const src = JSON.parse(await readFile(path.join(FIXTURE_DIR, `${fixture}.transcript.json`), 'utf8')) as { call: Record<string, unknown> };
  const meta = { ...src.call, id, borrowerId: `${id}-B` };
  const outcome = await registerCall(deps, {
    meta: meta as never,
    audioPath: path.join(FIXTURE_DIR, `${fixture}.mp3`),
    transcriptText: JSON.stringify({ ...src, call: meta }),
  });
  if (outcome.kind !== 'new') throw new Error(`${id}: ${outcome.kind}`);
  return id;
}

const run = (ids: string[]) => runCallsLocally(createStageHandlers(deps), createGiveUpHandler(deps), ids.map((callId) => ({ name: 'ingest' as const, payload: { callId } })), {
  table: createJobTable({ cores: 2 }), logger: testLogger(), retryDelayMs: 1,
});

describe('pipeline with the S3 audio store', () => {
  it('takes a call to done from object storage, and fails one whose stored object was altered, saying so', async () => {
    const good = await register('zh-abusive', 's3-good');
    const bad = await register('en-violation', 's3-corrupt');
    const sha = (await repositories(t.db).calls.get(bad))!.audioSha256!;
    const object = server.objectFile(store.key(sha));
    const bytes = await readFile(object);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0x01;
    await writeFile(object, bytes);

    const results = await run([good, bad]);
    expect(results.get(good)).toBeNull();
    const r = repositories(t.db);
    expect((await r.calls.get(good))?.status).toBe('done');
    expect((await r.findings.listByCall(good)).length).toBeGreaterThan(0);

    const failed = (await r.calls.get(bad))!;
    expect(failed.status).toBe('failed');
    expect(failed.failedStage).toBe('decode');
    expect(failed.statusReason).toMatch(new RegExp(`^decode: recording unusable \\(corrupt in the audio store\\): call s3-corrupt: recording ${sha.slice(0, 12)}… in the audio store is corrupt`));
    expect(await r.findings.listByCall(bad)).toEqual([]);
  });

  it('fails a call whose store stays unreachable with the store and the last network error as the reason', async () => {
    const id = await register('zh-compliant', 's3-unreachable');
    proxy.setMode('refuse');
    try {
      const results = await run([id]);
      expect(results.get(id)).toMatch(/audio store s3:\/\/recordings\/calls\/ unavailable: could not look up recording [0-9a-f]{12}… after 4 tries/);
    } finally {
      proxy.setMode('forward');
    }
    const call = (await repositories(t.db).calls.get(id))!;
    expect(call.status).toBe('failed');
    expect(call.failedStage).toBe('ingest');
    expect(call.statusReason).toMatch(/unavailable: could not look up recording .* after 4 tries: .*(ECONNRESET|socket hang up)/);
  });
});
