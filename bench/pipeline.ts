/**
 * Pipeline throughput in server mode: calls per second through ingest → scan → triage with
 * delivered transcripts (no ASR), served by 4 worker processes, against BullMQ no-op jobs pushed
 * through the same three queues by the same glue in the same run (the floor of the queue itself).
 * The real run is one burst of --calls calls (default 10,000): all must end done, none lost.
 *
 *   npx tsx bench/pipeline.ts [--calls 10000] [--workers 4] [--concurrency 16] [--profile DIR]
 *
 * --concurrency: jobs at once per stage per process, for the real and the no-op workers alike
 * (default: the job table's, 16).
 *
 * Needs the local PostgreSQL (CALLGUARD_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 * and Redis (CALLGUARD_BENCH_REDIS_URL, default redis://127.0.0.1:6379). Creates its own database and
 * queue prefix, and removes both afterwards.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { startWorkers } from '../workers/start-workers.ts';
import { createJobTable, type JobName } from '../src/pipeline/transport/job-table.ts';
import { PipelineQueues, redisConnectionFromUrl, type QueueConnection } from '../src/pipeline/transport/queues.ts';
import { registerCall } from '../src/pipeline/intake/register-call.ts';
import { done, type StageHandlers } from '../src/pipeline/stage.ts';
import { audioRoot } from '../src/runtime.ts';
import { DirectoryAudioStore } from '../src/store/directory-audio-store.ts';
import { connectDatabase, migrate } from '../src/store/index.ts';
import { benchCalls } from './lib/bench-calls.ts';
import { option } from './lib/timing.ts';
import { inParallel, spawnReady, stopChild } from './lib/child-processes.ts';
import { createScratchDatabase } from './lib/scratch-database.ts';

const STAGES = ['ingest', 'scan', 'triage'] as const satisfies readonly JobName[];
const REDIS_URL = process.env.CALLGUARD_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

// ---- child mode: a no-op worker process (the same glue, stages that do nothing but hand on) ----
if (process.argv[2] === '--noop-worker') {
  const [, , , prefix, concurrency] = process.argv;
  const table = createJobTable({ concurrency: Object.fromEntries(STAGES.map((s) => [s, Number(concurrency)])) });
  const conn: QueueConnection = { connection: redisConnectionFromUrl(REDIS_URL), prefix: prefix! };
  const producer = new PipelineQueues(table, conn);
  const pass = (next: JobName | null) => async ({ callId }: { callId: string }) => (next ? done({ name: next, payload: { callId } } as never) : done());
  const handlers: StageHandlers = {
    ingest: pass('scan'), decode: pass(null), transcribe: pass(null), scan: pass('triage'), triage: pass(null),
  };
  const running = await startWorkers({
    queues: STAGES, table, handlers, producer, connection: conn, logger: pino({ level: 'warn' }, pino.destination(2)),
    onGiveUp: async () => {},
  });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void running.close().then(() => producer.close()).then(() => process.exit(0));
  });
} else {
  await main();
}

interface StageRate {
  stage: string;
  jobs: number;
  perSecond: number;
}

async function main(): Promise<void> {
  const calls = Number(option('calls', '10000'));
  const workers = Number(option('workers', '4'));
  // Default: the job table's own (what `callguard worker` runs with).
  const concurrency = Number(option('concurrency', String(createJobTable().scan.concurrency)));
  // --profile DIR: the real workers write V8 CPU profiles there (open in Chrome DevTools).
  const profileDir = option('profile', '');
  const profileArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const scratch = await createScratchDatabase();
  const db = connectDatabase(scratch.url, { maxConnections: 16 });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cg-bench-'));
  const children: ChildProcess[] = [];
  const prefixes: string[] = [];
  try {
    await migrate(db);
    console.log(`pipeline bench: ${calls} calls, ${workers} worker processes × concurrency ${concurrency} per stage, ${availableParallelism()} cores`);

    // 1. The floor: no-op jobs through the same three queues.
    const noopPrefix = `cgbench-noop-${randomBytes(4).toString('hex')}`;
    prefixes.push(noopPrefix);
    const noopQueues = new PipelineQueues(createJobTable(), { connection: redisConnectionFromUrl(REDIS_URL), prefix: noopPrefix });
    const noopKids = await Promise.all(Array.from({ length: workers }, () => spawnReady(process.execPath, ['--import', 'tsx', 'bench/pipeline.ts', '--noop-worker', noopPrefix, String(concurrency)], children, 'ready')));
    const noop = await burst(noopQueues, Array.from({ length: calls }, (_, i) => `noop-${i}`), async () => (await noopQueues.queue('triage').getJobCounts('completed')).completed ?? 0);
    const noopRates = await stageRates(noopQueues);
    for (const k of noopKids) await stopChild(k);
    await noopQueues.obliterate();
    await noopQueues.close();

    // 2. The real stages on the database: register the calls first (the ingest command's work),
    //    then one burst of ingest jobs.
    const inputs = benchCalls(calls);
    const audio = new DirectoryAudioStore(audioRoot({ CALLGUARD_DATA_DIR: dataDir }));
    const t0 = performance.now();
    await inParallel(inputs, 8, (c) => registerCall({ db, audio }, c));
    const registerSeconds = (performance.now() - t0) / 1000;

    const realPrefix = `cgbench-real-${randomBytes(4).toString('hex')}`;
    prefixes.push(realPrefix);
    const realQueues = new PipelineQueues(createJobTable(), { connection: redisConnectionFromUrl(REDIS_URL), prefix: realPrefix });
    const env = {
      ...process.env, DATABASE_URL: scratch.url, REDIS_URL, CALLGUARD_QUEUE_PREFIX: realPrefix, CALLGUARD_DATA_DIR: dataDir,
      ASR_ENGINE: 'sidecar', LOG_LEVEL: 'info', WORKER_QUEUES: '',
    };
    const spec = STAGES.map((s) => `${s}=${concurrency}`).join(',');
    const realKids = await Promise.all(Array.from({ length: workers }, () =>
      spawnReady(process.execPath, [...profileArgs, '--import', 'tsx', 'src/cli/main.ts', 'worker', '--queues', STAGES.join(','), '--concurrency', spec], children, 'workers started', env)));
    const doneCount = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM calls WHERE status IN ('done', 'failed')`)).rows[0]!.n;
    const real = await burst(realQueues, inputs.map((c) => c.meta.id), doneCount);
    const realRates = await stageRates(realQueues);
    for (const k of realKids) await stopChild(k);
    await realQueues.obliterate();
    await realQueues.close();

    const status = (await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM calls GROUP BY status')).rows;
    const findings = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM findings')).rows[0]!.n;
    const dupes = (await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT 1 FROM findings GROUP BY call_id, rule_id, rule_version, segment_index, start_ms HAVING count(*) > 1) d',
    )).rows[0]!.n;
    const cases = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases')).rows[0]!.n;

    const doneCalls = status.find((s) => s.status === 'done')?.n ?? 0;
    console.log('');
    console.log(`registration (ingest command, 8 at a time): ${calls} calls in ${registerSeconds.toFixed(1)} s = ${(calls / registerSeconds).toFixed(0)} calls/s`);
    console.log(`no-op floor: ${calls} calls through ${STAGES.join(' → ')} in ${noop.seconds.toFixed(1)} s = ${(calls / noop.seconds).toFixed(0)} calls/s`);
    console.log(`real stages: ${calls} calls through ${STAGES.join(' → ')} in ${real.seconds.toFixed(1)} s = ${(calls / real.seconds).toFixed(0)} calls/s (${((noop.seconds / real.seconds) * 100).toFixed(0)}% of the floor)`);
    console.log('');
    console.log('  stage    no-op jobs/s  real jobs/s  real / no-op');
    for (const s of STAGES) {
      const n = noopRates.find((r) => r.stage === s)!;
      const r = realRates.find((x) => x.stage === s)!;
      console.log(`  ${s.padEnd(7)}  ${n.perSecond.toFixed(0).padStart(12)}  ${r.perSecond.toFixed(0).padStart(11)}  ${`${((r.perSecond / n.perSecond) * 100).toFixed(0)}%`.padStart(12)}`);
    }
    console.log('');
    console.log(`burst of ${calls}: ${status.map((s) => `${s.n} ${s.status}`).join(', ')}; ${findings} findings (${dupes} duplicated), ${cases} cases`);
    const reasons = (await db.query<{ r: string; n: number }>(`SELECT left(status_reason, 200) AS r, count(*)::int AS n FROM calls WHERE status = 'failed' GROUP BY 1 ORDER BY 2 DESC LIMIT 5`)).rows;
    for (const r of reasons) console.log(`  failed ×${r.n}: ${r.r}`);
    const lost = calls - doneCalls;
    console.log(lost === 0 && dupes === 0 ? `all ${calls} calls done, none lost` : `PROBLEM: ${lost} call(s) not done, ${dupes} duplicated finding group(s)`);
    if (lost !== 0 || dupes !== 0) process.exitCode = 1;
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const p of prefixes) {
      const q = new PipelineQueues(createJobTable(), { connection: redisConnectionFromUrl(REDIS_URL), prefix: p });
      await q.obliterate().catch(() => {});
      await q.close();
    }
    await db.close();
    await scratch.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Enqueues every call's ingest job at once; resolves when `finished()` reaches the count. */
async function burst(queues: PipelineQueues, ids: string[], finished: () => Promise<number>): Promise<{ seconds: number }> {
  const t0 = performance.now();
  await queues.enqueueMany('ingest', ids.map((callId) => ({ callId })));
  let last = -1;
  let lastChange = performance.now();
  for (;;) {
    const n = await finished();
    if (n >= ids.length) break;
    if (n !== last) {
      last = n;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > 120_000) {
      const reasons = new Set<string>();
      for (const stage of STAGES) {
        for (const j of await queues.queue(stage).getJobs(['delayed', 'failed'], 0, 20)) reasons.add(`${stage}: ${j.failedReason}`);
      }
      throw new Error(`stuck at ${n}/${ids.length} for two minutes; ${JSON.stringify(await queues.depths())}; reasons: ${[...reasons].join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { seconds: (performance.now() - t0) / 1000 };
}

/** Per stage: completed jobs over the span from the first start to the last finish. */
async function stageRates(queues: PipelineQueues): Promise<StageRate[]> {
  const out: StageRate[] = [];
  for (const stage of STAGES) {
    const jobs = await queues.queue(stage).getJobs(['completed'], 0, -1);
    const start = Math.min(...jobs.map((j) => j.processedOn ?? Infinity));
    const end = Math.max(...jobs.map((j) => j.finishedOn ?? 0));
    out.push({ stage, jobs: jobs.length, perSecond: jobs.length / ((end - start) / 1000) });
  }
  return out;
}
