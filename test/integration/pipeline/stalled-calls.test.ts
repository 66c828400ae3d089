import { spawn } from 'node:child_process';
import { createServer, Socket, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { runWorkerProcess } from '../../../workers/run-workers.ts';
import { loadConfig } from '../../../src/config.ts';
import { PermanentError } from '../../../src/pipeline/errors.ts';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { JOB_NAMES, type JobName, type JobTable } from '../../../src/pipeline/transport/job-table.ts';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.ts';
import type { PipelineQueues, QueueConnection } from '../../../src/pipeline/transport/queues.ts';
import type { CallInput } from '../../../src/pipeline/intake/register-call.ts';
import type { GiveUpHandler, StageHandlers } from '../../../src/pipeline/stage.ts';
import { createGiveUpHandler, createStageHandlers } from '../../../src/pipeline/transport/stage-handlers.ts';
import { sweepStalledCalls } from '../../../src/pipeline/operations/stalled-calls.ts';
import { renderStalledSweep } from '../../../src/cli/stalled-sweep-report.ts';
import { startStalledSweeper, type RunningSweeper } from '../../../src/pipeline/operations/stalled-sweeper.ts';
import { buildStatusReport, renderStatusReport } from '../../../src/cli/status-report.ts';
import { SWEEP_LEASE_KEY, SweepLease } from '../../../src/pipeline/operations/sweep-lease.ts';
import { connectDatabase, repositories, type Db, type StoredCall } from '../../../src/store/index.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { CLI_TEST_TIMEOUT_MS } from '../../helpers/cli-timeout.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { duplicatedFindings } from './db-counts.ts';
import { dataDir, pipelineDeps, testLogger, transcriptOnlyCalls } from './pipeline-helpers.ts';
import { fastTable, producer, REDIS_URL, testConnection, waitFor } from './queue-helpers.ts';

// Calls stranded by lost queue data, found and queued again: real Redis (a random prefix per test)
// and a fresh PostgreSQL database per test (the sweeper reads every unfinished call, so tests must
// not see each other's). "Redis lost its data" is an obliterate of the test's prefix; "idle for a
// long time" is updated_at moved back two hours, past every stage's timeout.

const TEN_MINUTES = 10 * 60_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Env {
  t: TestDatabase;
  deps: PipelineDeps;
  conn: QueueConnection;
  queues: PipelineQueues;
  table: JobTable;
  dataDir: string;
}

async function setup(): Promise<Env> {
  const t = await createTestDatabase();
  const data = await dataDir();
  const table = fastTable(3);
  const conn = testConnection();
  const queues = producer(table, conn);
  cleanups.push(async () => {
    const { client, keyPrefix } = await queues.redisForOwnKeys();
    await client.del(`${keyPrefix}:${SWEEP_LEASE_KEY}`);
    await queues.obliterate();
    await queues.close();
    await t.drop();
    await data.cleanup();
  });
  return { t, deps: pipelineDeps(t.db, data.dir), conn, queues, table, dataDir: data.dir };
}

async function register(env: Env, calls: CallInput[]): Promise<string[]> {
  const batch = await registerBatch(env.deps, { calls, problems: [], unreferenced: [] });
  return batch.start.map((j) => j.payload.callId);
}

async function workers(env: Env, queues: readonly JobName[], handlers: StageHandlers = createStageHandlers(env.deps), onGiveUp: GiveUpHandler = createGiveUpHandler(env.deps)): Promise<RunningWorkers> {
  const running = await startWorkers({
    queues, table: env.table, handlers, onGiveUp, producer: env.queues, connection: env.conn, logger: testLogger(),
    stall: { lockDurationMs: 5_000, stalledIntervalMs: 5_000 },
  });
  cleanups.push(() => running.close());
  return running;
}

async function statuses(db: Db, ids: readonly string[]): Promise<StoredCall[]> {
  return repositories(db).calls.getMany([...ids]);
}

function allIn(db: Db, ids: readonly string[], wanted: StoredCall['status'], timeoutMs = 30_000) {
  return waitFor(`${ids.length} call(s) ${wanted}`, async () => {
    const got = await statuses(db, ids);
    return got.length === ids.length && got.every((c) => c.status === wanted) ? got : undefined;
  }, timeoutMs, 50);
}

/** As if nothing had moved these calls for two hours: past the threshold and every stage's timeout. */
async function idleForTwoHours(db: Db, ids: readonly string[]): Promise<void> {
  await db.query(`UPDATE calls SET updated_at = now() - interval '2 hours' WHERE id = ANY($1::text[])`, [ids]);
}

/** A dialer record: no audio, no transcript. Ingest leaves it 'received' and hands it to scan. */
function dialerRecord(id: string, phone?: string): CallInput {
  return {
    meta: { id, agentId: 'A-1', bank: 'B', borrowerId: `${id}-B`, startedAt: '2026-03-02T10:00:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN', connected: true, durationMs: 30_000 },
    ...(phone ? { phone } : {}),
  };
}

async function noDuplicates(db: Db): Promise<void> {
  expect(await duplicatedFindings(db)).toBe(0);
  const { rows } = await db.query<{ dup_links: number; dup_cases: number }>(
    `SELECT (SELECT count(*)::int FROM (SELECT call_id FROM case_calls GROUP BY call_id HAVING count(*) > 1) d) AS dup_links,
            (SELECT count(*)::int FROM (SELECT bank, borrower_id FROM cases GROUP BY bank, borrower_id HAVING count(*) > 1) d) AS dup_cases`,
  );
  expect(rows[0]).toEqual({ dup_links: 0, dup_cases: 0 });
}

async function waitingCount(queues: PipelineQueues, name: JobName): Promise<number> {
  const c = await queues.queue(name).getJobCounts('waiting', 'prioritized');
  return (c.waiting ?? 0) + (c.prioritized ?? 0);
}

function capturedLogger(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>>; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    logger: pino({ level: 'debug' }, stream),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => chunks.join(''),
  };
}

/**
 * A sweeper whose timer runs on a manual clock set to now: it ticks only when the test calls
 * tick() or moves the clock on by an interval.
 */
function sweeper(env: Env, overrides: Partial<Parameters<typeof startStalledSweeper>[0]> = {}): RunningSweeper {
  const s = startStalledSweeper({
    db: env.t.db, queues: env.queues, table: env.table, logger: testLogger(), holder: `test:${process.pid}`,
    intervalMs: 60_000, olderThanMs: TEN_MINUTES, clock: new ManualClock(Date.now()), ...overrides,
  });
  cleanups.push(() => s.stop());
  return s;
}

describe('stalled calls: found and queued again', () => {
  it('re-queues calls stranded at every status by lost Redis data, once, and every call ends done with nothing duplicated', async () => {
    const env = await setup();
    const calls = await transcriptOnlyCalls(15, 'lost');
    // Five calls reach 'scanned' (their triage jobs wait for a triage worker), five 'transcribed'
    // (scan jobs waiting), five stay 'received' (ingest jobs waiting).
    const scanned = await register(env, calls.slice(0, 5));
    await env.queues.enqueueMany('ingest', scanned.map((callId) => ({ callId })));
    let running = await workers(env, ['ingest', 'scan']);
    await allIn(env.t.db, scanned, 'scanned');
    await running.close();
    const transcribed = await register(env, calls.slice(5, 10));
    await env.queues.enqueueMany('ingest', transcribed.map((callId) => ({ callId })));
    running = await workers(env, ['ingest']);
    await allIn(env.t.db, transcribed, 'transcribed');
    await running.close();
    const received = await register(env, calls.slice(10));
    await env.queues.enqueueMany('ingest', received.map((callId) => ({ callId })));
    const all = [...scanned, ...transcribed, ...received];

    // Nothing is stalled while the jobs exist, however old the calls look.
    await idleForTwoHours(env.t.db, all);
    const before = await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: TEN_MINUTES, dryRun: true });
    expect(before).toMatchObject({ idle: 15, carried: 15, stalled: [] });

    // Redis loses everything.
    await env.queues.obliterate();
    const dry = await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: TEN_MINUTES, dryRun: true });
    expect(dry.stalled).toHaveLength(15);
    for (const n of JOB_NAMES) expect(await waitingCount(env.queues, n), `${n} after a dry run`).toBe(0);

    const swept = await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: TEN_MINUTES });
    const resumedWith = Object.fromEntries(swept.stalled.map((s) => [s.callId, s.resume]));
    for (const id of scanned) {
      expect(resumedWith[id]?.name, id).toBe('triage');
      // The pack the call was scanned with: the triage job's id carries it.
      expect(resumedWith[id]?.payload).toMatchObject({ callId: id, packVersion: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    for (const id of transcribed) expect(resumedWith[id]?.name, id).toBe('scan');
    for (const id of received) expect(resumedWith[id]?.name, id).toBe('ingest');
    expect([await waitingCount(env.queues, 'triage'), await waitingCount(env.queues, 'scan'), await waitingCount(env.queues, 'ingest')]).toEqual([5, 5, 5]);

    // A second sweep finds every call carried: nothing is queued twice.
    const again = await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: TEN_MINUTES });
    expect(again).toMatchObject({ idle: 15, carried: 15, stalled: [], removedJobs: 0 });

    await workers(env, JOB_NAMES);
    await allIn(env.t.db, all, 'done');
    await noDuplicates(env.t.db);
    const { rows } = await env.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM stage_results WHERE stage = 'triage'`);
    expect(rows[0]!.n).toBe(15);
    const after = await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: TEN_MINUTES, dryRun: true });
    expect(after.idle).toBe(0);
  });

  it('leaves alone a call whose job is still waiting or running, and one not idle for long enough', async () => {
    const env = await setup();
    const calls = await transcriptOnlyCalls(3, 'busy');
    const [waiting, active, fresh] = calls.map((c) => c.meta.id) as [string, string, string];
    await register(env, calls);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const real = createStageHandlers(env.deps);
    // The active call's ingest runs until the test lets it go.
    const handlers: StageHandlers = { ...real, ingest: async (p, ctx) => (p.callId === active ? released.then(() => real.ingest(p, ctx)) : real.ingest(p, ctx)) };
    await env.queues.enqueueMany('ingest', [{ callId: waiting }, { callId: active }]);
    await workers(env, ['ingest'], handlers);
    await allIn(env.t.db, [waiting], 'transcribed'); // its scan job waits: no scan worker
    // Ingest queues that scan job after committing 'transcribed': wait for the job as well.
    await waitFor('the waiting call\'s scan job', async () => (await env.queues.queue('scan').getJobState(`scan.${waiting}`)) === 'waiting');
    await waitFor('the active call running', async () => (await env.queues.queue('ingest').getJobState(`ingest.${active}`)) === 'active');
    await idleForTwoHours(env.t.db, [waiting, active]);
    // `fresh` has no job at all but moved a moment ago: a stage may be about to enqueue it.
    const report = await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: TEN_MINUTES });
    expect(report).toMatchObject({ idle: 2, carried: 2, stalled: [], removedJobs: 0 });
    expect(await env.queues.queue('ingest').getJobState(`ingest.${active}`)).toBe('active');
    expect(await env.queues.queue('scan').getJobState(`scan.${waiting}`)).toBe('waiting');
    expect(await env.queues.queue('ingest').getJobState(`ingest.${fresh}`)).toBe('unknown');
    // Idle for 20 minutes, but transcription's timeout is an hour: a lost transcription may still be running.
    await env.t.db.query(`UPDATE calls SET status = 'decoded', updated_at = now() - interval '20 minutes' WHERE id = $1`, [fresh]);
    const decoded = await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: TEN_MINUTES, dryRun: true });
    expect(decoded).toMatchObject({ idle: 3, carried: 2, notYetDue: 1, stalled: [] });
    release();
    await allIn(env.t.db, [active], 'transcribed');
  });

  it('removes a retained finished job first, so the re-queue is not a no-op, and the calls end done', async () => {
    const env = await setup();
    // A dialer record whose ingest completed but whose scan job Redis lost: still 'received'.
    // Re-queueing ingest must first remove the completed ingest job of the same id.
    await register(env, [dialerRecord('lost-scan')]);
    const [gaveUp] = await transcriptOnlyCalls(1, 'gave-up');
    await register(env, [gaveUp!]);
    const gaveUpId = gaveUp!.meta.id;
    await env.queues.enqueueMany('ingest', [{ callId: 'lost-scan' }, { callId: gaveUpId }]);
    let running = await workers(env, ['ingest']);
    await waitFor('both ingested', async () => (await env.queues.queue('ingest').getJobCounts('completed')).completed === 2);
    await running.close();
    expect((await statuses(env.t.db, ['lost-scan']))[0]!.status).toBe('received');
    expect(await env.queues.queue('scan').remove('scan.lost-scan')).toBe(1);
    // The other call's scan fails for good, and recording that on the call fails too (the database
    // was down at that moment, say): its job is failed, its status still 'transcribed'.
    const real = createStageHandlers(env.deps);
    running = await workers(env, ['scan'], { ...real, scan: async () => { throw new PermanentError('scan refused'); } }, async () => {
      throw new Error('database down');
    });
    await waitFor('scan failed', async () => (await env.queues.queue('scan').getJobState(`scan.${gaveUpId}`)) === 'failed');
    await running.close();
    expect((await statuses(env.t.db, [gaveUpId]))[0]!.status).toBe('transcribed');

    await idleForTwoHours(env.t.db, ['lost-scan', gaveUpId]);
    const report = await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: TEN_MINUTES });
    expect(report.stalled.map((s) => `${s.callId} ${s.status} ${s.resume.name}`).sort()).toEqual([`${gaveUpId} transcribed scan`, 'lost-scan received ingest']);
    // lost-scan: its completed ingest; the other: its completed ingest and its failed scan.
    expect(report.removedJobs).toBe(3);
    expect(await env.queues.queue('ingest').getJobState('ingest.lost-scan')).toBe('waiting');
    expect(await env.queues.queue('scan').getJobState(`scan.${gaveUpId}`)).toBe('waiting');

    await workers(env, JOB_NAMES);
    await allIn(env.t.db, ['lost-scan', gaveUpId], 'done');
    await noDuplicates(env.t.db);
  });

  it('two sweepers at once: one sweeps, the other skips, each call is queued once; a finished sweep rests out its interval', async () => {
    const env = await setup();
    const ids = ['pair-1', 'pair-2', 'pair-3', 'pair-4'];
    await register(env, ids.map((id) => dialerRecord(id)));
    await idleForTwoHours(env.t.db, ids);
    const a = sweeper(env, { holder: 'sweeper-a' });
    const b = sweeper(env, { holder: 'sweeper-b' });
    const [ta, tb] = await Promise.all([a.tick(), b.tick()]);
    expect([ta.outcome, tb.outcome].sort()).toEqual(['skipped', 'swept']);
    const swept = ta.outcome === 'swept' ? ta : tb;
    expect(swept.outcome === 'swept' && swept.report.stalled.map((s) => s.callId).sort()).toEqual(ids);
    expect(await waitingCount(env.queues, 'ingest')).toBe(4);
    // The fleet sweeps once per interval: both skip now, whoever swept.
    expect((await a.tick()).outcome).toBe('skipped');
    expect((await b.tick()).outcome).toBe('skipped');
    const { client, keyPrefix } = await env.queues.redisForOwnKeys();
    expect(await client.get(`${keyPrefix}:${SWEEP_LEASE_KEY}`)).toMatch(/^rest:sweeper-[ab]:/);
    // An operator's command may take over a resting lease (never a sweeping one: see the next test).
    const cli = await SweepLease.acquire(client, keyPrefix, { ttlMs: 5_000, holder: 'cli', takeOverRest: true });
    expect(cli).not.toBeNull();
    expect(await SweepLease.acquire(client, keyPrefix, { ttlMs: 5_000, holder: 'cli-2', takeOverRest: true })).toBeNull();
    await cli!.release();
    expect((await a.tick()).outcome).toBe('swept');
  });

  it('a lease whose holder was killed expires, and then another process sweeps', async () => {
    const env = await setup();
    await register(env, [dialerRecord('orphan-1')]);
    await idleForTwoHours(env.t.db, ['orphan-1']);
    // A lease that outlives anything this test does before it moves Redis's time on by hand below.
    const ttlMs = 10 * 60_000;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/pipeline/sweep-lease-holder.ts', env.conn.prefix, String(ttlMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => (b.toString().includes('held') ? resolve() : undefined));
      child.once('exit', (code) => reject(new Error(`lease holder exited early (${code})`)));
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const s = sweeper(env, { leaseTtlMs: ttlMs });
    expect((await s.tick()).outcome).toBe('skipped');
    expect((await s.tick()).outcome).toBe('skipped');
    // Nobody will ever extend or free the dead holder's key: only its expiry can, and it has one.
    const { client, keyPrefix } = await env.queues.redisForOwnKeys();
    const key = `${keyPrefix}:${SWEEP_LEASE_KEY}`;
    client.defineCommand('testLeaseTtl', { numberOfKeys: 1, lua: "return redis.call('PTTL', KEYS[1])" });
    client.defineCommand('testLeaseExpire', { numberOfKeys: 1, lua: "return redis.call('PEXPIRE', KEYS[1], 1)" });
    const left = Number(await client.runCommand('testLeaseTtl', [key]));
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(ttlMs);
    // The TTL runs out (as if Redis's clock had moved on by what was left of it).
    await client.runCommand('testLeaseExpire', [key]);
    await waitFor('the lease to expire', async () => (await client.get(key)) === null, 10_000, 5);
    const tick = await s.tick();
    expect(tick.outcome).toBe('swept');
    expect(tick.outcome === 'swept' && tick.report.stalled.map((c) => c.callId)).toEqual(['orphan-1']);
  });

  it('database down during a sweep: the error is logged, the lease freed, and the next tick works', async () => {
    const env = await setup();
    const phone = '13800138000';
    await register(env, [dialerRecord('outage-1', phone), dialerRecord('outage-2', phone)]);
    await idleForTwoHours(env.t.db, ['outage-1', 'outage-2']);
    // The sweeper reaches the real database through a proxy this test can cut.
    const proxy = await tcpProxy(5432);
    cleanups.push(() => proxy.close());
    const url = new URL(env.t.url);
    url.port = String(proxy.port);
    const db = connectDatabase(url.toString(), { maxConnections: 2 });
    cleanups.push(() => db.close());
    const log = capturedLogger();
    proxy.down();
    const clock = new ManualClock(Date.now());
    const intervalMs = 60_000;
    const s = sweeper(env, { db, logger: log.logger, intervalMs, clock });
    // One interval on the sweeper's clock: its timer ticks, and it is waiting for the next.
    await clock.step(intervalMs);
    const failed = log.lines().find((l) => l.msg === 'stalled-call sweep failed');
    expect(failed).toMatchObject({ level: 50, nextTryInMs: intervalMs }); // error
    expect(String(failed!.err)).not.toBe('');
    expect(await waitingCount(env.queues, 'ingest')).toBe(0);
    proxy.up();
    await clock.step(intervalMs);
    const requeued = log.lines().find((l) => l.msg === 'stalled calls queued again');
    expect(requeued).toMatchObject({ stalled: 2, callIds: ['outage-1', 'outage-2'] });
    await s.stop();
    expect(await waitingCount(env.queues, 'ingest')).toBe(2);
    // Counts and call ids only: never a phone number.
    expect(log.text()).not.toContain(phone);
  });

  it('status shows calls stranded by a killed ingest at once: how many wait and since when, before any counts as stalled', async () => {
    const env = await setup();
    // An ingest killed between storing its calls and queueing them: received, no job anywhere.
    const ids = await register(env, await transcriptOnlyCalls(3, 'killed'));
    const stored = await repositories(env.t.db).calls.getMany(ids);
    const oldest = new Date(Math.min(...stored.map((c) => c.updatedAt.getTime())));
    const clock = new ManualClock(oldest.getTime() + 4 * 60_000 + 10_000);
    const stalledCount = async () => ({ calls: (await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: TEN_MINUTES, dryRun: true, clock })).stalled.length, olderThanMs: TEN_MINUTES });
    const status = await buildStatusReport(env.t.db, () => env.queues.depths(), stalledCount, clock);
    expect(status.stalled).toEqual({ calls: 0, olderThanMs: TEN_MINUTES });
    expect(status.unfinished).toEqual({ calls: 3, oldestSince: oldest, oldestIdleMs: 4 * 60_000 + 10_000 });
    const text = renderStatusReport(status);
    expect(text).toContain(`Unfinished calls / 未完成的通话: 3 waiting, the oldest unmoved since ${oldest.toISOString()} (4m 10s ago)`);
    expect(text).toMatch(/not counted until unmoved for 10m; .*callguard requeue-stalled --older-than 1m/);
    // Nothing unfinished: said as plainly, and no hint.
    await env.t.db.query(`UPDATE calls SET status = 'done'`);
    const none = renderStatusReport(await buildStatusReport(env.t.db, () => env.queues.depths(), stalledCount, clock));
    expect(none).toContain('Unfinished calls / 未完成的通话: none waiting');
    expect(none).not.toContain('not counted until');
  });
  it('a worker process sweeps by itself: calls whose jobs were lost end done; status counts them first', async () => {
    const env = await setup();
    const calls = await transcriptOnlyCalls(10, 'wp');
    const ids = await register(env, calls);
    await env.queues.enqueueMany('ingest', ids.map((callId) => ({ callId })));
    await env.queues.obliterate();
    await idleForTwoHours(env.t.db, ids);
    const stalledCount = async () => ({ calls: (await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: TEN_MINUTES, dryRun: true })).stalled.length, olderThanMs: TEN_MINUTES });
    const status = await buildStatusReport(env.t.db, () => env.queues.depths(), stalledCount);
    expect(status.stalled).toEqual({ calls: 10, olderThanMs: TEN_MINUTES });
    expect(renderStatusReport(status)).toMatch(/Stalled calls \(unfinished, unmoved for over 10m, no job in any queue\): 10/);

    const config = loadConfig({
      DATABASE_URL: env.t.url, REDIS_URL, CALLGUARD_QUEUE_PREFIX: env.conn.prefix, CALLGUARD_DATA_DIR: env.dataDir,
      ASR_ENGINE: 'sidecar', STALLED_AFTER_SECONDS: '600',
    });
    const proc = await runWorkerProcess(config, testLogger(), {
      queues: JOB_NAMES, concurrency: { ingest: 2, decode: 1, transcribe: 1, scan: 2, triage: 2 }, sweeper: { intervalMs: 200 },
    });
    cleanups.push(() => proc.stop());
    await allIn(env.t.db, ids, 'done');
    await proc.stop();
    await noDuplicates(env.t.db);
    expect((await buildStatusReport(env.t.db, () => env.queues.depths(), stalledCount)).stalled).toEqual({ calls: 0, olderThanMs: TEN_MINUTES });
  });
  it('callguard requeue-stalled queues stalled calls, prints what it did, and refuses to run beside a sweep in progress', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    const env = await setup();
    await register(env, [dialerRecord('cli-1'), dialerRecord('cli-2')]);
    await idleForTwoHours(env.t.db, ['cli-1', 'cli-2']);
    const run = (...args: string[]) => callguard(args, { DATABASE_URL: env.t.url, REDIS_URL, CALLGUARD_QUEUE_PREFIX: env.conn.prefix, CALLGUARD_DATA_DIR: env.dataDir });

    // What --dry-run prints (rendered here: each spawn of the CLI costs seconds).
    const dry = renderStalledSweep(await sweepStalledCalls(env.t.db, env.queues, env.table, { olderThanMs: 60 * 60_000, dryRun: true }));
    expect(dry).toMatch(/Unfinished calls unmoved for over 1h: 2/);
    expect(dry).toMatch(/stalled, no job in any queue: 2 — dry run, nothing queued/);
    expect(dry).toMatch(/cli-1 +received +2h +ingest/);
    expect(await waitingCount(env.queues, 'ingest')).toBe(0);

    // A worker in the middle of a sweep holds the lease: the command does not run beside it.
    const { client, keyPrefix } = await env.queues.redisForOwnKeys();
    const held = await SweepLease.acquire(client, keyPrefix, { ttlMs: 30_000, holder: 'busy-worker' });
    const refused = await run('requeue-stalled');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/a worker is sweeping for stalled calls right now/);
    await held!.release();

    const real = await run('requeue-stalled', '--json', '--older-than', '30m');
    expect(real.code, real.stderr).toBe(0);
    const report = JSON.parse(real.stdout) as { stalled: Array<{ callId: string; resume: { name: string } }>; dryRun: boolean };
    expect(report.dryRun).toBe(false);
    expect(report.stalled.map((s) => `${s.callId} ${s.resume.name}`).sort()).toEqual(['cli-1 ingest', 'cli-2 ingest']);
    expect(await waitingCount(env.queues, 'ingest')).toBe(2);
    expect(await client.get(`${keyPrefix}:${SWEEP_LEASE_KEY}`)).toBeNull();
  });
});

/** Runs the callguard CLI with this environment (no LOG_LEVEL: logs would mix into stderr checks). */
function callguard(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: childEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A TCP proxy to a local port that the test can cut (every connection dropped, new ones refused) and restore. */
async function tcpProxy(targetPort: number): Promise<{ port: number; down(): void; up(): void; close(): Promise<void> }> {
  let isDown = false;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (isDown) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    upstream.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    down() {
      isDown = true;
      for (const s of open) s.destroy();
    },
    up() {
      isDown = false;
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    }),
  };
}
