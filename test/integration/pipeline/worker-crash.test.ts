import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { PipelineQueues } from '../../../src/pipeline/transport/queues.ts';
import { runTool } from '../../../src/audio/run-tool.ts';
import { repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { duplicatedFindings, tableCounts } from './db-counts.ts';
import { dataDir, pipelineDeps } from './pipeline-helpers.ts';
import { testConnection, waitFor, REDIS_URL } from './queue-helpers.ts';

// A worker process killed with SIGKILL in the middle of a transcription (pocketsphinx on a real
// 16 kHz English recording of ≈ 18 s, several seconds of work): its job's lock expires, another
// worker process recovers the stalled job and completes the call, with nothing duplicated.

const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';
const clips = ['0870', '0890', '0920'].map((n) => path.join(LIBRIVOX, `sense_and_sensibility_01_austen_64kb-${n}.wav`));
const available = clips.every((c) => existsSync(c)) && existsSync('/usr/bin/pocketsphinx_continuous');

const t = useTestDatabase();
let data: Awaited<ReturnType<typeof dataDir>>;
const conn = testConnection();
const children: ChildProcess[] = [];

/** Command names of the processes in a process group. */
async function groupCommands(pgid: number): Promise<string[]> {
  const { stdout } = await runTool('ps', ['-eo', 'pgid=,comm='], { timeoutMs: 5_000 });
  return stdout.toString().split('\n').map((l) => l.trim().split(/\s+/)).filter(([g]) => Number(g) === pgid).map(([, c]) => c ?? '');
}

function workerTmp(): string {
  const dir = path.join(data.dir, 'tmp');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function workDir(): string {
  return path.join(data.dir, 'work');
}

/** The process directories in the work directory, each with the temp directories in it. */
function workDirContents(): Record<string, string[]> {
  return Object.fromEntries(readdirSync(workDir()).map((d) => [d, readdirSync(path.join(workDir(), d))]));
}

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/pipeline/worker-entry.ts', '3000', '1000'], {
    env: {
      ...process.env, DATABASE_URL: t.url, REDIS_URL, CALLGUARD_QUEUE_PREFIX: conn.prefix, CALLGUARD_DATA_DIR: data.dir,
      ASR_ENGINE: 'pocketsphinx', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', WORKER_QUEUES: '',
      // Anything else a killed worker leaves stays inside the test's data dir, removed afterwards.
      TMPDIR: workerTmp(),
      CALLGUARD_WORK_DIR: workDir(),
    },
    // Its own process group: SIGKILL to the group takes its pocketsphinx child down with it, as a
    // crashed container or machine would, and leaves no orphan behind the test.
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('ready')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

beforeAll(async () => {
  data = await dataDir();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) { try { process.kill(-c.pid!, 'SIGKILL'); } catch { /* gone */ } }
  const q = new PipelineQueues(createJobTable(), conn);
  await q.obliterate();
  await q.close();
  await data?.cleanup();
});

describe.skipIf(!available)('worker killed mid-transcription', () => {
  it('leaves a job that another worker completes, with no duplicated transcript, finding or case', async () => {
    const long = path.join(data.dir, 'librivox-18s.wav');
    await runTool('sox', [...clips, long], { timeoutMs: 20_000 });
    const deps = pipelineDeps(t.db, data.dir);
    const meta = {
      id: 'en-long-1', agentId: 'a1', bank: 'First National Bank', borrowerId: 'B-77', startedAt: '2026-03-03T22:30:00-05:00',
      direction: 'outbound', firstContact: true, language: 'en-US', channelLayout: 'mono', connected: true,
    } as const;
    const batch = await registerBatch(deps, { calls: [{ meta, audioPath: long }], problems: [], unreferenced: [] });
    const queues = new PipelineQueues(createJobTable(), conn);
    try {
      const first = await startWorker();
      await queues.enqueueNext(batch.start);
      const job = await waitFor('transcription running', async () => {
        const j = await queues.queue('transcribe').getJob('transcribe.en-long-1');
        return j && (await j.getState()) === 'active' ? j : undefined;
      }, 30_000);
      expect(job.id).toBe('transcribe.en-long-1');
      // Kill while pocketsphinx itself is running in that worker's process group.
      await waitFor('pocketsphinx running in the first worker', async () => (await groupCommands(first.pid!)).some((c) => c.startsWith('pocketsphinx')), 30_000, 100);
      await new Promise((r) => setTimeout(r, 500));
      process.kill(-first.pid!, 'SIGKILL');
      await new Promise((r) => first.once('exit', r));
      expect((await repositories(t.db).calls.get('en-long-1'))?.status).toBe('decoded');
      // The killed worker's directory still holds the call's audio laid out for the engine…
      const firstDir = `${os.hostname()}-${first.pid}-`;
      const left = Object.entries(workDirContents()).filter(([d]) => d.startsWith(firstDir));
      expect(left).toHaveLength(1);
      expect(left[0]![1].some((d) => d.startsWith('callguard-transcribe-'))).toBe(true);
      expect(left[0]![1].some((d) => d.startsWith('callguard-pocketsphinx-')), 'the decoded channel pocketsphinx was reading').toBe(true);

      const second = await startWorker();
      // …and the next worker to start on this host removes it before taking a job.
      expect(Object.keys(workDirContents()).filter((d) => d.startsWith(firstDir))).toEqual([]);
      expect(Object.keys(workDirContents())).toHaveLength(1);
      const call = await waitFor('call done', async () => {
        const c = await repositories(t.db).calls.get('en-long-1');
        return c && (c.status === 'done' || c.status === 'failed') ? c : undefined;
      }, 60_000, 200);
      expect(call.statusReason).toBeNull();
      expect(call.status).toBe('done');
      const recovered = await queues.queue('transcribe').getJob('transcribe.en-long-1');
      expect(await recovered!.getState()).toBe('completed');
      const transcript = await repositories(t.db).transcripts.latestForCall('en-long-1');
      expect(transcript?.engine).toBe('pocketsphinx');
      expect(transcript!.segments.map((s) => s.text).join(' ')).toMatch(/\b(dashwood|disposed|amiable|selfish)\b/i);
      const counts = await tableCounts(t.db);
      expect(counts.transcripts).toBe(1);
      // 22:30 local: the contact-hours rule fires, and a first contact without the disclosure.
      const findings = await repositories(t.db).findings.listByCall('en-long-1');
      expect(findings.some((f) => f.category === 'contact_time')).toBe(true);
      expect(await duplicatedFindings(t.db)).toBe(0);
      expect(counts.cases).toBeLessThanOrEqual(1);
      expect(counts.case_calls).toBe(counts.cases);
      // Graceful stop: SIGTERM closes the workers, the queues and the pool, and exits 0.
      const exit = new Promise<number | null>((r) => second.once('exit', (code) => r(code)));
      process.kill(second.pid!, 'SIGTERM');
      expect(await exit).toBe(0);
      // A graceful stop removes the process's own directory: no call audio stays behind.
      expect(workDirContents()).toEqual({});
    } finally {
      await queues.close();
    }
  }, 120_000);
});
