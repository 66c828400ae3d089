import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { recordDelivery } from '../../../src/store/delivered-transcripts.ts';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { planRetry } from '../../../src/pipeline/operations/retry-failed.ts';
import { planIngest } from '../../../src/pipeline/intake/ingest-plan.ts';
import { JOB_NAMES } from '../../../src/pipeline/transport/job-table.ts';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.ts';
import type { PipelineQueues } from '../../../src/pipeline/transport/queues.ts';
import { createGiveUpHandler, createStageHandlers } from '../../../src/pipeline/transport/stage-handlers.ts';
import { buildStatusReport, renderStatusReport } from '../../../src/cli/status-report.ts';
import { repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { duplicatedFindings, tableCounts } from './db-counts.ts';
import { ALL_FIXTURE_CALLS, CASE_BORROWERS, EXPECTED, FIXTURE_DIR } from './fixture-expectations.ts';
import { dataDir, pipelineDeps, testLogger } from './pipeline-helpers.ts';
import { fastTable, producer, testConnection, waitFor } from './queue-helpers.ts';

// Server mode: the stages behind BullMQ queues on the real Redis, workers in this process, the
// state in a fresh PostgreSQL database. Random queue prefix; queues obliterated afterwards.

const t = useTestDatabase();
let data: Awaited<ReturnType<typeof dataDir>>;
let deps: PipelineDeps;
let queues: PipelineQueues;
let workers: RunningWorkers;
const table = fastTable(3);

beforeAll(async () => {
  data = await dataDir();
  deps = pipelineDeps(t.db, data.dir);
  const conn = testConnection();
  queues = producer(table, conn);
  workers = await startWorkers({
    queues: JOB_NAMES, table, handlers: createStageHandlers(deps), onGiveUp: createGiveUpHandler(deps),
    producer: queues, connection: conn, logger: testLogger(), stall: { lockDurationMs: 5_000, stalledIntervalMs: 5_000 },
  });
});
afterAll(async () => {
  await workers?.close();
  await queues?.obliterate();
  await queues?.close();
  await data?.cleanup();
});

async function ingest(paths: string[]) {
  const batch = await registerBatch(deps, await planIngest(paths));
  await queues.enqueueMany('ingest', batch.start.map((j) => ({ callId: j.payload.callId })));
  return batch;
}

async function allSettled(ids: readonly string[]) {
  const calls = repositories(t.db).calls;
  return waitFor('every call done or failed', async () => {
    const got = await calls.getMany([...ids]);
    return got.length === ids.length && got.every((c) => c.status === 'done' || c.status === 'failed') ? got : undefined;
  }, 60_000, 100);
}

describe('server mode: BullMQ workers, Redis, PostgreSQL', () => {
  afterEach(async () => {
    expect(await duplicatedFindings(t.db)).toBe(0);
  });

  it('takes the fixture calls through every queue to the expected findings and cases', async () => {
    const batch = await ingest([FIXTURE_DIR]);
    expect(batch.start).toHaveLength(ALL_FIXTURE_CALLS.length);
    const calls = await allSettled(ALL_FIXTURE_CALLS);
    expect(calls.filter((c) => c.status !== 'done').map((c) => `${c.id}: ${c.statusReason}`)).toEqual([]);
    const r = repositories(t.db);
    for (const [id, want] of Object.entries(EXPECTED)) {
      const got = new Set((await r.findings.listByCall(id)).map((f) => f.category));
      for (const c of want.categories) expect(got, `${id} raises ${c}`).toContain(c);
      if (want.only) expect([...got].sort(), id).toEqual([...want.categories].sort());
    }
    expect((await r.cases.list()).map((c) => c.borrowerId).sort()).toEqual([...CASE_BORROWERS].sort());
    // Every stage a recorded call went through completed in its own queue.
    for (const name of JOB_NAMES) expect((await queues.queue(name).getJobCounts('completed')).completed, name).toBeGreaterThan(0);
  });

  it('changes nothing when the same batch is ingested again', async () => {
    const before = await tableCounts(t.db);
    const batch = await ingest([FIXTURE_DIR]);
    expect(batch.outcomes.every((o) => o.kind === 'already')).toBe(true);
    expect(batch.start).toEqual([]);
    // Re-queueing every call by hand is also a no-op: the stages return early.
    await queues.enqueueMany('ingest', ALL_FIXTURE_CALLS.map((callId) => ({ callId })));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('fails a corrupt recording once, with its reason, and does not retry it', async () => {
    const meta = { id: 'corrupt-mp3', agentId: '1', bank: 'B', borrowerId: 'X-9', startedAt: '2026-03-02T10:00:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN' } as const;
    const batch = await registerBatch(deps, { calls: [{ meta, audioPath: path.resolve('fixtures/bad-audio/truncated.mp3') }], problems: [], unreferenced: [] });
    await queues.enqueueNext(batch.start);
    const [call] = await allSettled(['corrupt-mp3']);
    expect(call!.status).toBe('failed');
    expect(call!.statusReason).toMatch(/^decode: recording unusable \(truncated\)/);
    const job = await queues.queue('decode').getJob('decode.corrupt-mp3');
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(1);
    expect(await queues.queue('transcribe').getJob('transcribe.corrupt-mp3')).toBeUndefined();
    expect(await repositories(t.db).findings.listByCall('corrupt-mp3')).toEqual([]);
  });

  it('retries a failed call from the stage that failed once the cause is fixed', async () => {
    // A Mandarin recording with no delivered transcript: the sidecar engine cannot transcribe it.
    const plan = await planIngest([FIXTURE_DIR]);
    const source = plan.calls.find((c) => c.meta.id === 'zh-compliant')!;
    const meta = { ...source.meta, id: 'no-transcript-yet', borrowerId: 'B-7001' };
    const copy = path.join(data.dir, 'no-transcript-yet.amr');
    await copyFile(path.join(FIXTURE_DIR, 'zh-compliant.amr'), copy);
    const batch = await registerBatch(deps, { calls: [{ meta, audioPath: copy }], problems: [], unreferenced: [] });
    await queues.enqueueNext(batch.start);
    const [failed] = await allSettled(['no-transcript-yet']);
    expect(failed!.status).toBe('failed');
    expect(failed!.statusReason).toMatch(/^transcribe: no transcript was delivered/);
    expect(failed!.failedStage).toBe('transcribe');

    // The platform delivers the transcript late; the operator retries.
    const delivered = JSON.parse(source.transcriptText!) as { call: Record<string, unknown> };
    await recordDelivery(t.db, 'no-transcript-yet', JSON.stringify({ ...delivered, call: { ...delivered.call, id: 'no-transcript-yet' } }));
    const retry = await planRetry(t.db, ['no-transcript-yet', 'zh-compliant', 'no-such-call']);
    expect(retry.jobs).toEqual([{ name: 'transcribe', payload: { callId: 'no-transcript-yet' } }]);
    expect(retry.skipped).toEqual(['zh-compliant']);
    expect(retry.unknown).toEqual(['no-such-call']);
    expect(await queues.removeJobsOfCalls(['no-transcript-yet'])).toBeGreaterThan(0);
    await queues.enqueueNext(retry.jobs);
    const [call] = await waitFor('retried call done', async () => {
      const c = await repositories(t.db).calls.get('no-transcript-yet');
      return c?.status === 'done' ? [c] : undefined;
    }, 30_000, 100);
    expect(call!.statusReason).toBeNull();
    expect(call!.failedStage).toBeNull();
    expect((await repositories(t.db).findings.listByCall('no-transcript-yet')).map((f) => f.category)).toEqual(['vulnerability']);
  });

  it('status lists calls per status, queue depths and every failed call with its reason', async () => {
    const report = await buildStatusReport(t.db, () => queues.depths());
    expect(report.calls.failed).toBe(1);
    expect(report.calls.done).toBe(ALL_FIXTURE_CALLS.length + 1);
    expect(report.failed.map((f) => f.callId)).toEqual(['corrupt-mp3']);
    expect(report.queues!.decode.failed).toBe(1);
    expect(report.queues!.triage.completed).toBeGreaterThanOrEqual(ALL_FIXTURE_CALLS.length);
    const text = renderStatusReport(report);
    expect(text).toMatch(/corrupt-mp3 .*decode: recording unusable \(truncated\)/);
    expect(text).toMatch(/Queues/);
  });
});
