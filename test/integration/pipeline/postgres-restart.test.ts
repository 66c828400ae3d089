import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { createJobTable, JOB_NAMES } from '../../../src/pipeline/transport/job-table.ts';
import type { PipelineQueues } from '../../../src/pipeline/transport/queues.ts';
import { createGiveUpHandler, createStageHandlers } from '../../../src/pipeline/transport/stage-handlers.ts';
import { connectDatabase, migrate, repositories, type Db } from '../../../src/store/index.ts';
import { duplicatedFindings } from './db-counts.ts';
import { dataDir, pipelineDeps, testLogger, transcriptOnlyCalls } from './pipeline-helpers.ts';
import { producer, testConnection, waitFor } from './queue-helpers.ts';
import { PG_BIN, startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.ts';

// PostgreSQL restarted while workers are busy: queries fail for a moment, jobs retry with backoff,
// and every call still ends done, none failed, nothing duplicated. A throwaway server of this test's
// own (initdb in a temp dir) is restarted, never the machine's shared one.

const N = 150;
let pg: ThrowawayPostgres | undefined;
let db: Db;
let data: Awaited<ReturnType<typeof dataDir>>;
let queues: PipelineQueues;
let workers: RunningWorkers | undefined;

describe.skipIf(!existsSync(path.join(PG_BIN, 'pg_ctl')))('PostgreSQL restarted mid-run', () => {
  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    db = connectDatabase(pg.url, { maxConnections: 12 });
    await migrate(db);
    data = await dataDir();
  }, 120_000);
  afterAll(async () => {
    await workers?.close();
    await queues?.obliterate();
    await queues?.close();
    await db?.close();
    await pg?.stop();
    await data?.cleanup();
  });

  it('every call still ends done', async () => {
    // Retries spaced for a restart: 30 tries half a second apart ride out ≈ 15 s of downtime.
    const table = createJobTable({ cores: 2 });
    for (const n of JOB_NAMES) table[n] = { ...table[n], attempts: 30, backoff: { type: 'fixed', delay: 500 } } as never;
    const conn = testConnection();
    queues = producer(table, conn);
    const deps = pipelineDeps(db, data.dir);
    const batch = await registerBatch(deps, { calls: await transcriptOnlyCalls(N, 'pgr'), problems: [], unreferenced: [] });
    const ids = batch.start.map((j) => j.payload.callId);
    expect(ids).toHaveLength(N);
    await queues.enqueueMany('ingest', ids.map((callId) => ({ callId })));
    let giveUps = 0;
    const onGiveUp = createGiveUpHandler(deps);
    workers = await startWorkers({
      queues: JOB_NAMES, table, handlers: createStageHandlers(deps), producer: queues, connection: conn, logger: testLogger(),
      onGiveUp: async (...args) => { giveUps++; await onGiveUp(...args); },
      stall: { lockDurationMs: 10_000, stalledIntervalMs: 5_000 },
    });
    const calls = repositories(db).calls;
    const doneCount = async () => {
      try {
        return (await calls.countByStatus()).done;
      } catch {
        return -1; // the server is down this instant
      }
    };
    await waitFor('a fifth of the calls done', async () => (await doneCount()) >= N / 5, 60_000, 50);
    const atRestart = await doneCount();
    await pg!.restart();
    await waitFor(`all ${N} calls done`, async () => (await doneCount()) === N, 120_000, 200);
    expect(atRestart).toBeLessThan(N); // the restart really happened mid-run
    const byStatus = await calls.countByStatus();
    expect(byStatus.done).toBe(N);
    expect(byStatus.failed).toBe(0);
    expect(giveUps).toBe(0);
    expect(await duplicatedFindings(db)).toBe(0);
    // One triage record per call, and no borrower with two open cases.
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM stage_results WHERE stage = 'triage'`);
    expect(rows[0]!.n).toBe(N);
    const open = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases WHERE status = 'open' GROUP BY bank, borrower_id HAVING count(*) > 1) x`);
    expect(open.rows[0]!.n).toBe(0);
    const retried = (await Promise.all(JOB_NAMES.map(async (n) => (await queues.queue(n).getJobs(['completed'], 0, 10_000)).filter((j) => j.attemptsMade > 1).length)))
      .reduce((a, b) => a + b, 0);
    console.log(`postgres restart: ${atRestart}/${N} done at restart; ${retried} jobs needed a retry`);
  }, 240_000);
});
