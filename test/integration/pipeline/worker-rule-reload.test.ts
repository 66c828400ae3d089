import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { publishPackFiles } from '../../../src/pipeline/rule-pack-publishing.ts';
import { packContentHash, packFilesIn } from '../../../src/pipeline/rule-pack-source.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { PipelineQueues } from '../../../src/pipeline/transport/queues.ts';
import { publishRulePack, repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { dataDir, pipelineDeps, transcriptOnlyCalls } from './pipeline-helpers.ts';
import { REDIS_URL, testConnection, waitFor } from './queue-helpers.ts';

// A worker in its own process (workers/main.ts, as deployed) picks up a published rule pack
// without a restart: the publish notifies it, it reloads, reports the version it now runs, and
// the next call it scans carries the new version. A published version that does not compile is
// never loaded: the worker keeps scanning with the one before.

const t = useTestDatabase();
const conn = testConnection();
let data: Awaited<ReturnType<typeof dataDir>>;
let worker: ChildProcess | undefined;
let stderr = '';

const ORIGINAL = packFilesIn('rules/en-US');
const reworded = ORIGINAL.map((f) => (f.path === 'abuse.yaml'
  ? { path: f.path, content: f.content.replace('en-US: Insulting or demeaning the borrower', 'en-US: Insulting or demeaning the borrower (reworded)') }
  : f));

beforeAll(async () => {
  data = await dataDir();
});
afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    worker.kill('SIGTERM');
    await new Promise((r) => worker!.once('exit', r));
  }
  const q = new PipelineQueues(createJobTable(), conn);
  await q.obliterate();
  await q.close();
  await data?.cleanup();
});

/** The version the worker says it runs for en-US (worker_rule_packs). */
async function workerVersion(): Promise<string | undefined> {
  const { rows } = await t.db.query<{ pack_hash: string }>("SELECT pack_hash FROM worker_rule_packs WHERE language = 'en-US'");
  return rows[0]?.pack_hash;
}

/** Runs one fixture call through the worker and returns the pack version its scan used. */
async function scannedVersion(queues: PipelineQueues, id: string): Promise<string> {
  const deps = pipelineDeps(t.db, data.dir);
  const en = (await transcriptOnlyCalls(5, id))[4]!; // the en-violation fixture
  const batch = await registerBatch(deps, { calls: [en], problems: [], unreferenced: [] });
  await queues.enqueueNext(batch.start);
  await waitFor(`${en.meta.id} done`, async () => (await repositories(t.db).calls.get(en.meta.id))?.status === 'done', 90_000, 100);
  const { rows } = await t.db.query<{ version: string }>("SELECT version FROM stage_results WHERE call_id = $1 AND stage = 'scan'", [en.meta.id]);
  expect(rows).toHaveLength(1);
  const findings = await repositories(t.db).findings.listByCall(en.meta.id);
  expect(findings.length).toBeGreaterThan(0);
  expect(new Set(findings.map((f) => f.packHash))).toEqual(new Set([rows[0]!.version]));
  return rows[0]!.version;
}

describe('a running worker process and a publish', () => {
  it('reloads the published version without a restart, and never loads one that does not compile', async () => {
    const v1 = await publishPackFiles(t.db, 'rules', { language: 'en-US', files: ORIGINAL, author: 'officer', message: 'v1' });
    worker = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      env: {
        ...process.env, DATABASE_URL: t.url, REDIS_URL, CALLGUARD_QUEUE_PREFIX: conn.prefix, CALLGUARD_DATA_DIR: data.dir,
        ASR_ENGINE: 'sidecar', LOG_LEVEL: 'info', WORKER_QUEUES: '',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    worker.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const queues = new PipelineQueues(createJobTable(), conn);
    try {
      // The worker reports what it loaded at start: the published version, not its rules directory's.
      await waitFor('the worker reports its version', async () => (await workerVersion()) === v1.pack.contentHash, 120_000, 100);
      expect(await scannedVersion(queues, 'wr1')).toBe(v1.pack.contentHash);

      // Publish: the notification makes the worker reload at once, well before its 30 s periodic check.
      const v2 = await publishPackFiles(t.db, 'rules', { language: 'en-US', files: reworded, author: 'officer', message: 'v2' });
      await waitFor('the worker reloads v2', async () => (await workerVersion()) === v2.pack.contentHash, 25_000, 50);
      expect(await scannedVersion(queues, 'wr2')).toBe(v2.pack.contentHash);

      // A version that does not compile (stored without the publish checks, as a newer callguard
      // might) is made active: the worker says why and keeps scanning with v2.
      const bad = ORIGINAL.map((f) => (f.path === 'abuse.yaml' ? { path: f.path, content: `${f.content}\n  - id: broken\n` } : f));
      await publishRulePack(t.db, {
        language: 'en-US', contentHash: packContentHash(bad), files: bad, ruleCount: 0, publishedBy: 'test',
      }, { action: 'publish', actor: 'test', message: 'broken' });
      await waitFor('the worker refuses the broken version', async () => stderr.includes('does not load here'), 25_000, 50);
      expect(await workerVersion()).toBe(v2.pack.contentHash);
      expect(await scannedVersion(queues, 'wr3')).toBe(v2.pack.contentHash);
    } finally {
      await queues.close();
    }
  });
});
