/**
 * What each pipeline stage costs a call, without the queue: ingest → scan → triage run one call
 * after another in this process on the real PostgreSQL, over the same generated calls as
 * bench/pipeline.ts. Per stage: Node.js CPU time (user + system, so the kernel's share of each
 * round trip counts), wall time, and SQL round trips (every query the `pg` client sends, BEGIN and
 * COMMIT included). bench/pipeline.ts says how fast the whole pipeline runs; this says where a
 * call's cost sits and whether a change moved it.
 *
 *   npx tsx bench/pipeline-stages.ts [--calls 1500]
 *
 * Needs the local PostgreSQL (CALLGUARD_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres);
 * creates its own database and drops it afterwards. The first 100 calls warm up and are not counted.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../src/config.ts';
import { registerCall } from '../src/pipeline/intake/register-call.ts';
import { createStageHandlers } from '../src/pipeline/transport/stage-handlers.ts';
import type { StageContext, StageOutcome } from '../src/pipeline/stage.ts';
import { openRuntime } from '../src/runtime.ts';
import { benchCalls } from './lib/bench-calls.ts';
import { median, option } from './lib/timing.ts';

const STAGES = ['ingest', 'scan', 'triage'] as const;
const WARMUP = 100;
const PG_ADMIN = process.env.CALLGUARD_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const calls = Number(option('calls', '1500'));
if (!Number.isInteger(calls) || calls <= WARMUP) throw new Error(`--calls must be a whole number above ${WARMUP}`);

// Every query any pg.Client sends in this process, counted where the client sends it.
let roundTrips = 0;
const send = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  roundTrips++;
  return (send as (...a: unknown[]) => unknown).apply(this, args);
} as typeof send;

const admin = new pg.Client({ connectionString: PG_ADMIN });
await admin.connect();
const dbName = `callguard_bench_${randomBytes(5).toString('hex')}`;
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = new URL(PG_ADMIN);
dbUrl.pathname = `/${dbName}`;
const dataDir = await mkdtemp(path.join(tmpdir(), 'cg-bench-stages-'));
try {
  const config = loadConfig({ ...process.env, DATABASE_URL: dbUrl.toString(), CALLGUARD_DATA_DIR: dataDir, ASR_ENGINE: 'sidecar', LOG_LEVEL: 'warn' });
  const logger = pino({ level: 'warn' });
  const runtime = await openRuntime(config, logger, { transport: 'in-process', checkStagesAtStart: true });
  const pipeline = { deps: await runtime.stageDeps(), close: () => runtime.close() };
  try {
    const inputs = benchCalls(calls);
    for (const input of inputs) await registerCall({ db: pipeline.deps.db, audio: pipeline.deps.audio }, input);
    const handlers = createStageHandlers(pipeline.deps);
    const ctx: StageContext = { logger, signal: new AbortController().signal, attempt: 1, lastAttempt: false };
    const cpu: Record<string, number[]> = { ingest: [], scan: [], triage: [] };
    const wall: Record<string, number[]> = { ingest: [], scan: [], triage: [] };
    const trips: Record<string, number> = { ingest: 0, scan: 0, triage: 0 };
    let withFindings = 0;
    for (const [i, input] of inputs.entries()) {
      // Each stage gets the job its predecessor handed on (triage's names the scan's pack version).
      let job: { name: string; payload: unknown } | undefined = { name: 'ingest', payload: { callId: input.meta.id } };
      for (const stage of STAGES) {
        if (job?.name !== stage) throw new Error(`call ${input.meta.id}: expected a ${stage} job, got ${job?.name ?? 'none'}`);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const n0 = roundTrips;
        const out: StageOutcome = await (handlers[stage] as (p: unknown, c: StageContext) => Promise<StageOutcome>)(job.payload, ctx);
        if (i >= WARMUP) {
          const c = process.cpuUsage(c0);
          cpu[stage]!.push((c.user + c.system) / 1000);
          wall[stage]!.push(performance.now() - t0);
          trips[stage]! += roundTrips - n0;
        }
        job = out.next[0];
      }
      if (i >= WARMUP && (await pipeline.deps.db.query('SELECT 1 FROM findings WHERE call_id = $1 LIMIT 1', [input.meta.id])).rowCount) withFindings++;
    }
    const counted = calls - WARMUP;
    console.log(`pipeline stages in one process, ${counted} calls counted (${WARMUP} warm-up), ${((withFindings / counted) * 100).toFixed(0)} % with findings`);
    console.log('');
    console.log('  stage    CPU ms/call (median / mean)   wall ms/call (median)   SQL round trips/call');
    let cpuTotal = 0;
    let tripTotal = 0;
    for (const s of STAGES) {
      const mean = cpu[s]!.reduce((a, b) => a + b, 0) / counted;
      cpuTotal += mean;
      tripTotal += trips[s]! / counted;
      console.log(`  ${s.padEnd(7)}  ${median(cpu[s]!).toFixed(2).padStart(12)} / ${mean.toFixed(2).padEnd(14)} ${median(wall[s]!).toFixed(2).padStart(18)}   ${(trips[s]! / counted).toFixed(2).padStart(20)}`);
    }
    console.log(`  ${'total'.padEnd(7)}  ${''.padStart(12)}   ${cpuTotal.toFixed(2).padEnd(14)} ${''.padStart(18)}   ${tripTotal.toFixed(2).padStart(20)}`);
  } finally {
    await pipeline.close();
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}
