import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { planIngest } from '../../../src/pipeline/intake/ingest-plan.ts';
import { createCallguardMetrics } from '../../../src/pipeline/operations/metrics/pipeline-metrics.ts';
import { JOB_NAMES } from '../../../src/pipeline/transport/job-table.ts';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.ts';
import type { PipelineQueues } from '../../../src/pipeline/transport/queues.ts';
import { repositories } from '../../../src/store/index.ts';
import { runWorkerProcess, type RunningWorkerProcess } from '../../../workers/run-workers.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { FIXTURE_DIR } from './fixture-expectations.ts';
import { parseMetrics, sample } from './metrics-text.ts';
import { dataDir, pipelineDeps, testLogger } from './pipeline-helpers.ts';
import { fastTable, producer, REDIS_URL, testConnection, waitFor } from './queue-helpers.ts';

/**
 * The workers' Prometheus endpoint, scraped over HTTP before and after a worker process takes real
 * recordings (ffmpeg decode, delivered transcripts) and a corrupt one through the queues.
 */
const t = useTestDatabase();
let data: Awaited<ReturnType<typeof dataDir>>;
let deps: PipelineDeps;
let queues: PipelineQueues;
let proc: RunningWorkerProcess | undefined;
const conn = testConnection();
const table = fastTable(2);

beforeAll(async () => {
  data = await dataDir();
  deps = pipelineDeps(t.db, data.dir);
  queues = producer(table, conn);
});
afterAll(async () => {
  await proc?.stop();
  await queues?.obliterate();
  await queues?.close();
  await data?.cleanup();
});

const scrape = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await res.text());
};

describe('worker metrics', () => {
  it('counts jobs by stage and outcome, times them, and reports transcription speed, findings and calls after real jobs', async () => {
    const config = loadConfig({
      DATABASE_URL: t.url, REDIS_URL, CALLGUARD_QUEUE_PREFIX: conn.prefix, CALLGUARD_DATA_DIR: data.dir, ASR_ENGINE: 'sidecar',
      METRICS_PORT: '0', METRICS_HOST: '127.0.0.1',
    });
    proc = await runWorkerProcess(config, testLogger(), { queues: JOB_NAMES, sweeper: { intervalMs: 0 }, retention: { periodMs: 0 }, metricsCacheMs: 0 });
    const port = proc.metricsPort!;
    expect(port).toBeGreaterThan(0);
    const before = await scrape(port);
    expect(sample(before, 'callguard_jobs_total', { stage: 'decode', outcome: 'completed' })).toBe(0);
    expect(sample(before, 'callguard_calls', { status: 'done' })).toBeUndefined();
    expect(sample(before, 'callguard_process_resident_memory_bytes', {})).toBeGreaterThan(0);

    const plan = await planIngest([FIXTURE_DIR]);
    const picked = plan.calls.filter((c) => c.meta.id === 'zh-abusive' || c.meta.id === 'en-violation');
    const corrupt = { meta: { id: 'corrupt', agentId: '1', bank: 'B', borrowerId: 'X-9', startedAt: '2026-03-02T10:00:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN' } as const, audioPath: path.resolve('fixtures/bad-audio/truncated.mp3') };
    const batch = await registerBatch(deps, { calls: [...picked, corrupt], problems: [], unreferenced: [] });
    await queues.enqueueNext(batch.start);
    const ids = ['zh-abusive', 'en-violation', 'corrupt'];
    await waitFor('calls settled', async () => {
      const got = await repositories(t.db).calls.getMany(ids);
      return got.every((c) => c.status === 'done' || c.status === 'failed') || undefined;
    }, 60_000, 100);
    // The give-up is recorded by the worker's failed event, just after the call's status.
    await waitFor('give-up counted', async () => sample(await scrape(port), 'callguard_jobs_given_up_total', { stage: 'decode' }) === 1 || undefined, 10_000, 100);

    const after = await scrape(port);
    expect(sample(after, 'callguard_jobs_total', { stage: 'decode', outcome: 'completed' })).toBe(2);
    expect(sample(after, 'callguard_jobs_total', { stage: 'decode', outcome: 'failed' })).toBe(1);
    expect(sample(after, 'callguard_jobs_total', { stage: 'triage', outcome: 'completed' })).toBe(2);
    expect(sample(after, 'callguard_stage_duration_seconds_count', { stage: 'decode', outcome: 'completed' })).toBe(2);
    expect(sample(after, 'callguard_stage_duration_seconds_sum', { stage: 'decode', outcome: 'completed' })).toBeGreaterThan(0);
    expect(sample(after, 'callguard_transcription_real_time_factor_count', { engine: 'sidecar' })).toBe(2);
    expect(sample(after, 'callguard_findings', { category: 'abuse', verdict: 'unreviewed' })).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'callguard_calls', { status: 'done' })).toBe(2);
    expect(sample(after, 'callguard_calls', { status: 'failed' })).toBe(1);
    expect(sample(after, 'callguard_cases', { kind: 'risk', status: 'open' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'callguard_case_deadlines', { kind: 'risk', status: 'open', deadline: 'risk_review', state: 'due' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'callguard_queue_jobs', { queue: 'decode', state: 'failed' })).toBe(1);
    // No call id, borrower or text in any label.
    expect(JSON.stringify(after)).not.toMatch(/zh-abusive|en-violation|corrupt|X-9/);

    const notFound = await fetch(`http://127.0.0.1:${port}/other`);
    expect(notFound.status).toBe(404);
    await proc.stop();
    proc = undefined;
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('reports queue depth and the age of the oldest waiting job, read through a short cache', async () => {
    const clock = new ManualClock(Date.now());
    const metrics = createCallguardMetrics({ queues, clock, cacheMs: 10_000 });
    await queues.enqueueMany('scan', [{ callId: 'q-1' }, { callId: 'q-2' }]);
    clock.advance(90_000);
    const first = parseMetrics(await metrics.registry.metrics());
    expect(sample(first, 'callguard_queue_jobs', { queue: 'scan', state: 'waiting' })).toBe(2);
    expect(sample(first, 'callguard_queue_oldest_waiting_seconds', { queue: 'scan' })).toBeGreaterThanOrEqual(89);
    expect(sample(first, 'callguard_queue_oldest_waiting_seconds', { queue: 'ingest' })).toBe(0);
    await queues.enqueue('scan', { callId: 'q-3' });
    // Within the cache period the same read is served; after it, a fresh one.
    clock.advance(5_000);
    expect(sample(parseMetrics(await metrics.registry.metrics()), 'callguard_queue_jobs', { queue: 'scan', state: 'waiting' })).toBe(2);
    clock.advance(6_000);
    expect(sample(parseMetrics(await metrics.registry.metrics()), 'callguard_queue_jobs', { queue: 'scan', state: 'waiting' })).toBe(3);
  });

  it('refuses to start a worker whose metrics port is taken', async () => {
    const other = await import('node:net').then((net) => new Promise<import('node:net').Server>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    }));
    try {
      const port = (other.address() as import('node:net').AddressInfo).port;
      const config = loadConfig({
        DATABASE_URL: t.url, REDIS_URL, CALLGUARD_QUEUE_PREFIX: conn.prefix, CALLGUARD_DATA_DIR: data.dir, ASR_ENGINE: 'sidecar',
        METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1',
      });
      await expect(runWorkerProcess(config, testLogger(), { queues: ['scan'], sweeper: { intervalMs: 0 }, retention: { periodMs: 0 } })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      other.close();
    }
  });
});
