import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuedBacktestRunner } from '../../../src/api/backtest-runner.ts';
import { mergeDraftFiles } from '../../../src/pipeline/backtest-draft-files.ts';
import { packContentHash, packFilesIn } from '../../../src/pipeline/rule-pack-source.ts';
import { BACKTEST_QUEUE, openBacktestQueue } from '../../../src/pipeline/transport/backtest-queue.ts';
import { getBacktestRun, insertBacktestRun, startBacktestRun } from '../../../src/store/review-app/backtest-runs.ts';
import { startBacktestWorker } from '../../../workers/start-backtest-worker.ts';
import { INSULT_PHRASES, storeBacktestCalls } from '../../helpers/backtest-calls.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import type { QueueConnection } from '../../../src/pipeline/transport/queues.ts';
import { quietLogger, testConnection, waitFor } from './queue-helpers.ts';

const t = useTestDatabase();
const rulesDir = mkdtempSync(path.join(tmpdir(), 'callguard-backtest-queue-'));
cpSync(path.resolve('test/unit/rules/fixtures/rules'), rulesDir, { recursive: true });
const conn = testConnection();
const queue = openBacktestQueue(conn);

beforeAll(async () => {
  await storeBacktestCalls(t.db);
});

const ownQueues: Array<ReturnType<typeof openBacktestQueue>> = [];
function ownQueue() {
  const own = testConnection();
  const q = openBacktestQueue(own);
  ownQueues.push(q);
  return { conn: own, runner: queuedBacktestRunner(q, rulesDir) };
}

afterAll(async () => {
  for (const q of [queue, ...ownQueues]) {
    await q.obliterate({ force: true });
    await q.close();
  }
  rmSync(rulesDir, { recursive: true, force: true });
});

/** A run row as the review app stores it: the fixture pack with abuse.yaml edited. */
async function storeRun(edit: (abuse: string) => string) {
  const base = packFilesIn(path.join(rulesDir, 'zh-CN'));
  const abuse = base.find((f) => f.path === 'abuse.yaml')!;
  const files = mergeDraftFiles(base, [{ path: 'abuse.yaml', content: edit(abuse.content) }]);
  return insertBacktestRun(t.db, {
    createdBy: 'officer', language: 'zh-CN', scope: { since: null, until: null, bank: null, banks: null },
    draftFiles: files, draftHash: packContentHash(files), changedFiles: ['abuse.yaml'],
  });
}

describe('backtest runs on the queue (server mode)', () => {
  it('queues a run once by its id, a worker process runs it and stores the report; a draft that no longer loads fails the run with the problem', async () => {
    const runner = queuedBacktestRunner(queue, rulesDir);
    const good = await storeRun((s) => s.replace(INSULT_PHRASES, 'any: [老赖, 傻逼, 不要脸]'));
    const bad = await storeRun((s) => s.replace('    sound_alike: true\n', '    sound_alike: true\n    colour: red\n'));
    await runner.start(good.id);
    await runner.start(good.id);
    await runner.start(bad.id);
    expect(await queue.getWaitingCount()).toBe(2);

    const worker = startBacktestWorker({ db: t.db, connection: conn, rulesDir, logger: quietLogger() });
    try {
      const done = await waitFor('the good run to finish', async () => {
        const r = await getBacktestRun(t.db, good.id);
        return r?.status === 'done' || r?.status === 'failed' ? r : undefined;
      });
      expect(done.status).toBe('done');
      expect(done.progressDone).toBe(4);
      const report = done.report as { rules: Array<{ ruleId: string; removed: number; removedSamples: Array<{ callId: string }> }> };
      const insult = report.rules.find((r) => r.ruleId === 'zh.abuse.insult')!;
      expect(insult.removed).toBe(1);
      expect(insult.removedSamples[0]!.callId).toBe('c1');

      const failed = await waitFor('the bad run to end', async () => {
        const r = await getBacktestRun(t.db, bad.id);
        return r?.status === 'done' || r?.status === 'failed' ? r : undefined;
      });
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/abuse\.yaml:\d+:\d+: .*colour/);
      expect(failed.report).toBeNull();
      await waitFor('both jobs to complete', async () => (await queue.getCompletedCount()) === 2);
    } finally {
      await worker.close();
    }
  });

  /**
   * A worker process killed mid-run: the job is taken (its lock held by a worker that never renews
   * it, as a SIGKILLed process would) and the run marked running, then nothing more happens.
   * Each of these tests has a queue of its own: a worker with the default stall settings leaves a
   * 30 s throttle on the queue's stalled checks.
   */
  async function runKilledMidway(conn: QueueConnection, runId: number): Promise<void> {
    const dead = new Worker(BACKTEST_QUEUE, null, { connection: conn.connection, prefix: conn.prefix, lockDuration: 500, autorun: false });
    try {
      const job = await dead.getNextJob('dead-worker-token');
      expect(job?.data).toEqual({ runId });
      expect(await startBacktestRun(t.db, runId)).toBe(true);
    } finally {
      // Closing does not give the job back: its lock simply runs out, as after kill -9.
      await dead.close(true);
    }
  }

  it('a run whose worker was killed is taken over by the next worker and finishes, not left running', async () => {
    const { conn, runner } = ownQueue();
    const run = await storeRun((s) => s.replace(INSULT_PHRASES, 'any: [老赖, 傻逼, 不要脸]'));
    await runner.start(run.id);
    await runKilledMidway(conn, run.id);
    expect((await getBacktestRun(t.db, run.id))!.status).toBe('running');

    const worker = startBacktestWorker({ db: t.db, connection: conn, rulesDir, logger: quietLogger(), stall: { lockDurationMs: 5_000, stalledIntervalMs: 300 } });
    try {
      const done = await waitFor('the run to end', async () => {
        const r = await getBacktestRun(t.db, run.id);
        return r?.status === 'done' || r?.status === 'failed' ? r : undefined;
      });
      expect(done.status).toBe('done');
      expect(done.progressDone).toBe(4);
    } finally {
      await worker.close();
    }
  });

  it('a run that stalled more often than allowed is failed with the reason, not left running', async () => {
    const { conn, runner } = ownQueue();
    const run = await storeRun((s) => s.replace(INSULT_PHRASES, 'any: [老赖, 傻逼]'));
    await runner.start(run.id);
    await runKilledMidway(conn, run.id);

    const worker = startBacktestWorker({
      db: t.db, connection: conn, rulesDir, logger: quietLogger(), stall: { lockDurationMs: 5_000, stalledIntervalMs: 300, maxStalledCount: 0 },
    });
    try {
      const failed = await waitFor('the run to fail', async () => {
        const r = await getBacktestRun(t.db, run.id);
        return r?.status === 'failed' ? r : undefined;
      });
      expect(failed.error).toMatch(/worker process running it stopped \(job stalled more than allowable limit\)/);
      expect(failed.report).toBeNull();
    } finally {
      await worker.close();
    }
  });
});
