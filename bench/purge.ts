/**
 * The retention purge at scale, and what it costs the pipeline: 100,000 expired calls (generated in
 * SQL, each with a transcript, a finding, stage results and a recording file in the directory store)
 * purged while worker processes take a burst of new calls through ingest → scan → triage; the same
 * burst without a purge, in the same run, is the baseline.
 *
 *   npx tsx bench/purge.ts [--expired 100000] [--calls 4000] [--workers 2] [--batch 500]
 *
 * Pipeline throughput is counted over the purge's duration: calls finished from the burst's start
 * until the purge ended (or the burst, if it ended first), per second; the baseline burst is counted
 * over a window of the same length from its own start. Order: a warm-up burst (not counted), the
 * burst with the purge, then the baseline burst (on a database the purge has just emptied of the
 * expired calls, which if anything favours the baseline).
 *
 * Needs the local PostgreSQL (CALLGUARD_BENCH_PG_URL) and Redis (CALLGUARD_BENCH_REDIS_URL) like
 * bench/pipeline.ts; creates its own database, data directory and queue prefix, and removes them.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/domain/clock.ts';
import { registerCall } from '../src/pipeline/intake/register-call.ts';
import { runRetentionPurge, type RetentionPurgeReport } from '../src/pipeline/operations/retention-purge.ts';
import { createJobTable } from '../src/pipeline/transport/job-table.ts';
import { PipelineQueues, redisConnectionFromUrl } from '../src/pipeline/transport/queues.ts';
import { loadRetentionPolicy } from '../src/rules/load-retention-policy.ts';
import { audioRoot } from '../src/runtime.ts';
import { DirectoryAudioStore } from '../src/store/directory-audio-store.ts';
import { connectDatabase, migrate, type Db } from '../src/store/index.ts';
import { benchCalls } from './lib/bench-calls.ts';
import { option } from './lib/timing.ts';
import { inParallel, spawnReady, stopChild } from './lib/child-processes.ts';
import { createScratchDatabase } from './lib/scratch-database.ts';

const REDIS_URL = process.env.CALLGUARD_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const STAGES = ['ingest', 'scan', 'triage'];

async function main(): Promise<void> {
  const expired = Number(option('expired', '100000'));
  const burstSize = Number(option('calls', '4000'));
  const workers = Number(option('workers', '2'));
  const batchSize = Number(option('batch', '500'));
  const scratch = await createScratchDatabase();
  const db = connectDatabase(scratch.url, { maxConnections: 8 });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cg-bench-purge-'));
  const prefix = `cgbench-purge-${randomBytes(4).toString('hex')}`;
  const queues = new PipelineQueues(createJobTable(), { connection: redisConnectionFromUrl(REDIS_URL), prefix });
  const children: ChildProcess[] = [];
  try {
    await migrate(db);
    const store = new DirectoryAudioStore(audioRoot({ CALLGUARD_DATA_DIR: dataDir }));
    console.log(`purge bench: ${expired} expired calls; pipeline bursts of ${burstSize} calls, ${workers} worker processes; batch ${batchSize}; ${availableParallelism()} cores`);
    const s0 = performance.now();
    await seedExpired(db, store, expired);
    console.log(`seeded ${expired} expired calls (rows in SQL, one recording file each) in ${((performance.now() - s0) / 1000).toFixed(1)} s`);

    const inputs = benchCalls(burstSize * 2 + 500);
    await inParallel(inputs, 8, (c) => registerCall({ db, audio: store }, c));
    const env = {
      ...process.env, DATABASE_URL: scratch.url, REDIS_URL, CALLGUARD_QUEUE_PREFIX: prefix, CALLGUARD_DATA_DIR: dataDir,
      ASR_ENGINE: 'sidecar', LOG_LEVEL: 'info', WORKER_QUEUES: '', RETENTION_PURGE_INTERVAL_HOURS: '0', STALLED_SWEEP_INTERVAL_SECONDS: '0',
    };
    await Promise.all(Array.from({ length: workers }, () =>
      spawnReady(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--queues', STAGES.join(',')], children, 'workers started', env)));
    const ids = inputs.map((c) => c.meta.id);
    const warm = ids.slice(0, 500);
    const withPurgeIds = ids.slice(500, 500 + burstSize);
    const baselineIds = ids.slice(500 + burstSize);

    await runBurst(db, queues, warm, async () => undefined);
    console.log('warm-up burst of 500 done');

    let purge: { report: RetentionPurgeReport; seconds: number } | undefined;
    const during = await runBurst(db, queues, withPurgeIds, async () => {
      const t0 = performance.now();
      const report = await runRetentionPurge({ db, audio: store, policy: loadRetentionPolicy('rules'), clock: systemClock, holder: 'bench', batchSize });
      purge = { report, seconds: (performance.now() - t0) / 1000 };
      return purge.seconds;
    });
    const window = purge!.seconds;
    const baseline = await runBurst(db, queues, baselineIds, async () => undefined, window);

    const left = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM calls WHERE id LIKE 'old-%'`)).rows[0]!.n;
    const newDone = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM calls WHERE id LIKE 'bench-%' AND status = 'done'`)).rows[0]!.n;
    const sample = (await db.query<{ sha: string }>(`SELECT encode(sha256(('old-' || i)::bytea), 'hex') AS sha FROM generate_series(1, $1, greatest(1, $1 / 1000)) i`, [expired])).rows;
    let filesLeft = 0;
    for (const { sha } of sample) if (await store.has(sha)) filesLeft++;

    const r = purge!.report;
    console.log('');
    console.log(`purge: ${r.callsDeleted} calls, ${r.recordingsDeleted} recordings, ${r.batches} batches in ${window.toFixed(1)} s = ${(r.callsDeleted / window).toFixed(0)} calls/s (target ≤ 60 s)`);
    console.log(`pipeline during the purge: ${during.done} calls in ${during.seconds.toFixed(1)} s = ${during.rate.toFixed(1)} calls/s`);
    console.log(`pipeline without a purge:  ${baseline.done} calls in ${baseline.seconds.toFixed(1)} s = ${baseline.rate.toFixed(1)} calls/s`);
    console.log(`ratio during / without: ${((during.rate / baseline.rate) * 100).toFixed(0)}% (target ≥ 80%)`);
    console.log(`expired calls left: ${left}; recordings left in a sample of ${sample.length}: ${filesLeft}; new calls done: ${newDone} of ${ids.length}`);
    if (left !== 0 || filesLeft !== 0 || newDone !== ids.length) process.exitCode = 1;
  } finally {
    for (const c of children) await stopChild(c);
    await queues.obliterate().catch(() => {});
    await queues.close();
    await db.close();
    await scratch.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Expired calls as a real pipeline leaves them: done, with a transcript, findings, stage results, a recording. */
async function seedExpired(db: Db, store: DirectoryAudioStore, n: number): Promise<void> {
  await db.query(
    `INSERT INTO calls (id, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status,
                        audio_sha256, audio_format, audio_bytes, received_at, done_at, recording)
     SELECT 'old-' || i, 'A' || (i % 300), CASE WHEN i % 3 = 2 THEN 'First Bank' ELSE '招商银行' END, 'OB-' || (i % 20000), 'outbound',
            timestamptz '2020-01-01 00:00:00+00' + make_interval(mins => i), 480, CASE WHEN i % 3 = 2 THEN 'en-US' ELSE 'zh-CN' END, 'done',
            encode(sha256(('old-' || i)::bytea), 'hex'), 'mp3', 32, now(), now(), '{"present": true, "durationMs": 60000}'
       FROM generate_series(1, $1) i`,
    [n],
  );
  await db.query(
    `INSERT INTO transcripts (call_id, engine, language, segments, text)
     SELECT 'old-' || i, 'sidecar', 'zh-CN',
            '[{"speaker": "agent", "startMs": 0, "endMs": 4000, "text": "您好，这里是受招商银行委托的催收员"}, {"speaker": "customer", "startMs": 4000, "endMs": 8000, "text": "我下周还款"}]',
            E'您好，这里是受招商银行委托的催收员\\n我下周还款'
       FROM generate_series(1, $1) i`,
    [n],
  );
  await db.query(
    `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote)
     SELECT 'old-' || i, 'zh.vulnerability.hardship', '1', 'vulnerability', 'medium', 'customer', 4000, 8000, '我下周还款'
       FROM generate_series(1, $1) i`,
    [n],
  );
  await db.query(
    `INSERT INTO stage_results (call_id, stage, result)
     SELECT 'old-' || i, s, '{}' FROM generate_series(1, $1) i, unnest(ARRAY['ingest', 'decode', 'transcribe', 'scan', 'triage']) s`,
    [n],
  );
  await db.query('ANALYZE');
  // One mkdir per directory, awaited by every file that goes into it.
  const dirs = new Map<string, Promise<unknown>>();
  const { rows } = await db.query<{ sha: string }>(`SELECT audio_sha256 AS sha FROM calls WHERE id LIKE 'old-%'`);
  const bytes = Buffer.alloc(32, 1);
  await inParallel(rows, 16, async ({ sha }) => {
    const file = store.path(sha);
    const dir = path.dirname(file);
    if (!dirs.has(dir)) dirs.set(dir, mkdir(dir, { recursive: true }));
    await dirs.get(dir);
    await writeFile(file, bytes);
  });
}

/**
 * Enqueues the calls' ingest jobs and runs `alongside` at the same moment. Counts the calls done
 * from the start until `alongside` ended (or `windowSeconds`, or the burst's end, whichever first),
 * then waits for the rest of the burst.
 */
async function runBurst(
  db: Db,
  queues: PipelineQueues,
  ids: string[],
  alongside: () => Promise<number | undefined>,
  windowSeconds?: number,
): Promise<{ done: number; seconds: number; rate: number }> {
  const doneOf = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM calls WHERE id = ANY($1) AND status IN ('done', 'failed')`, [ids])).rows[0]!.n;
  const t0 = performance.now();
  await queues.enqueueMany('ingest', ids.map((callId) => ({ callId })));
  let windowEnd: { done: number; seconds: number } | undefined;
  const side = alongside().then(async (s) => {
    if (s !== undefined) windowEnd ??= { done: await doneOf(), seconds: (performance.now() - t0) / 1000 };
  });
  for (;;) {
    const n = await doneOf();
    const elapsed = (performance.now() - t0) / 1000;
    if (windowSeconds !== undefined && elapsed >= windowSeconds) windowEnd ??= { done: n, seconds: elapsed };
    if (n >= ids.length) {
      windowEnd ??= { done: n, seconds: elapsed };
      break;
    }
    if (elapsed > 600) throw new Error(`burst stuck at ${n}/${ids.length}: ${JSON.stringify(await queues.depths())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await side;
  const w = windowEnd!;
  return { done: w.done, seconds: w.seconds, rate: w.done / w.seconds };
}

await main();
