import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import type { CallInput } from '../../../src/pipeline/intake/register-call.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { PipelineQueues } from '../../../src/pipeline/transport/queues.ts';
import { runTool } from '../../../src/audio/run-tool.ts';
import { repositories } from '../../../src/store/index.ts';
import { createS3Client, S3AudioStore } from '../../../src/store/s3-audio-store.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { S3_BUCKET, S3_CREDENTIALS, startS3Server, type TestS3Server } from '../../helpers/s3-server.ts';
import { duplicatedFindings, tableCounts } from './db-counts.ts';
import { FIXTURE_DIR } from './fixture-expectations.ts';
import { dataDir, pipelineDeps } from './pipeline-helpers.ts';
import { testConnection, waitFor, REDIS_URL } from './queue-helpers.ts';

// A fleet in miniature: two worker processes that share only Redis, PostgreSQL and the object
// store (s3rver), each with its own data, work and temp directories, as on two machines. One serves
// only transcription, the other every other stage. The batch is the fixture recordings: the Mandarin
// ones and one English call with their delivered transcripts, the other English call transcribed by
// pocketsphinx (real work of a few seconds). The transcription worker is killed with SIGKILL while pocketsphinx runs; a new one
// takes over the stalled job, and every call ends done with nothing duplicated.

const available = existsSync('/usr/bin/pocketsphinx_continuous');
const t = useTestDatabase();
const conn = testConnection();
let s3: TestS3Server;
let data: Awaited<ReturnType<typeof dataDir>>;
const children: ChildProcess[] = [];

const DELIVERED = ['zh-compliant', 'zh-abusive', 'zh-impersonation', 'en-compliant'];
/** Transcribed by pocketsphinx from its first seconds: real work long enough to be caught mid-job, short on a loaded machine. */
const TRANSCRIBED = ['en-violation'];
const OTHER_STAGES = 'ingest,decode,scan,triage';

/** Command names of the processes in a process group. */
async function groupCommands(pgid: number): Promise<string[]> {
  const { stdout } = await runTool('ps', ['-eo', 'pgid=,comm='], { timeoutMs: 5_000 });
  return stdout.toString().split('\n').map((l) => l.trim().split(/\s+/)).filter(([g]) => Number(g) === pgid).map(([, c]) => c ?? '');
}

/** A worker "machine": its own data, work and temp directories under the test's, and the shared services. */
function startWorker(name: string, queues: string): Promise<ChildProcess> {
  const home = path.join(data.dir, name);
  for (const d of ['data', 'work', 'tmp']) mkdirSync(path.join(home, d), { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/pipeline/worker-entry.ts', '3000', '1000', queues], {
    env: {
      ...process.env, DATABASE_URL: t.url, REDIS_URL, CALLGUARD_QUEUE_PREFIX: conn.prefix, WORKER_QUEUES: queues,
      CALLGUARD_DATA_DIR: path.join(home, 'data'), CALLGUARD_WORK_DIR: path.join(home, 'work'), TMPDIR: path.join(home, 'tmp'),
      AUDIO_STORE: `s3://${S3_BUCKET}/fleet`, AWS_ENDPOINT_URL: s3.endpoint,
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
      ASR_ENGINE: 'auto', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    },
    // Its own process group: SIGKILL to the group takes pocketsphinx down with it, as a lost machine would.
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('ready')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`worker ${name} exited early with ${code}`)));
  });
}

async function batch(): Promise<CallInput[]> {
  const calls: CallInput[] = [];
  for (const fixture of [...DELIVERED, ...TRANSCRIBED]) {
    const src = JSON.parse(await readFile(path.join(FIXTURE_DIR, `${fixture}.transcript.json`), 'utf8')) as { call: Record<string, unknown> };
    const meta = { ...src.call, id: `fleet-${fixture}` } as CallInput['meta'];
    let audioPath = path.join(FIXTURE_DIR, `${fixture}.mp3`);
    if (TRANSCRIBED.includes(fixture)) {
      const cut = path.join(data.dir, `${fixture}-first-6s.mp3`);
      await runTool('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', audioPath, '-t', '6', cut], { timeoutMs: 20_000 });
      audioPath = cut;
    }
    calls.push({
      meta,
      audioPath,
      ...(DELIVERED.includes(fixture) ? { transcriptText: JSON.stringify({ ...src, call: meta }) } : {}),
    });
  }
  return calls;
}

beforeAll(async () => {
  s3 = await startS3Server();
  data = await dataDir();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) { try { process.kill(-c.pid!, 'SIGKILL'); } catch { /* gone */ } }
  const q = new PipelineQueues(createJobTable(), conn);
  await q.obliterate();
  await q.close();
  await s3?.stop();
  await data?.cleanup();
});

describe.skipIf(!available)('a fleet of two workers sharing Redis, PostgreSQL and object storage', () => {
  it('takes a batch of recordings to done through a kill -9 of the transcription worker, with nothing duplicated', async () => {
    // Ingest on "another machine": the recordings go to the bucket, not to any worker's disk.
    const store = new S3AudioStore({ client: createS3Client({ endpoint: s3.endpoint, ...S3_CREDENTIALS }), bucket: S3_BUCKET, prefix: 'fleet/' });
    const queues = new PipelineQueues(createJobTable(), conn);
    try {
      const registered = await registerBatch({ ...pipelineDeps(t.db, data.dir), audio: store }, { calls: await batch(), problems: [], unreferenced: [] });
      expect(registered.outcomes.map((o) => o.kind)).toEqual(Array(5).fill('new'));
      const ids = registered.outcomes.map((o) => o.callId);

      const [, transcriber] = await Promise.all([startWorker('stages', OTHER_STAGES), startWorker('asr-1', 'transcribe')]);
      await queues.enqueueNext(registered.start);

      // Mid-job, seen from outside: an English call's transcription is active and pocketsphinx runs
      // in the transcription worker's process group.
      const active = await waitFor('the English transcription running', async () => {
        const job = await queues.queue('transcribe').getJob(`transcribe.fleet-${TRANSCRIBED[0]}`);
        return job && (await job.getState()) === 'active' ? job : undefined;
      }, 40_000);
      await waitFor('pocketsphinx running in the transcription worker', async () => (await groupCommands(transcriber.pid!)).some((c) => c.startsWith('pocketsphinx')), 20_000, 50);
      expect(active.data.callId).toBe(`fleet-${TRANSCRIBED[0]}`);
      process.kill(-transcriber.pid!, 'SIGKILL');
      await new Promise((r) => (transcriber.exitCode === null && transcriber.signalCode === null ? transcriber.once('exit', r) : r(null)));
      // Killed before its transcript was written.
      expect((await repositories(t.db).calls.get(`fleet-${TRANSCRIBED[0]}`))?.status).toBe('decoded');

      // A replacement transcription worker on a fresh "machine" takes over the stalled job.
      await startWorker('asr-2', 'transcribe');
      const calls = await waitFor('every call finished', async () => {
        const all = await Promise.all(ids.map((id) => repositories(t.db).calls.get(id)));
        return all.every((c) => c && (c.status === 'done' || c.status === 'failed')) ? all.map((c) => c!) : undefined;
      }, 45_000, 200);
      expect(calls.map((c) => [c.id, c.status, c.statusReason])).toEqual(ids.map((id) => [id, 'done', null]));

      const r = repositories(t.db);
      for (const fixture of TRANSCRIBED) expect((await r.transcripts.latestForCall(`fleet-${fixture}`))?.engine, fixture).toBe('pocketsphinx');
      for (const fixture of DELIVERED) expect((await r.transcripts.latestForCall(`fleet-${fixture}`))?.engine, fixture).toBe('sidecar');
      expect((await r.findings.listByCall('fleet-zh-abusive')).some((f) => f.category === 'abuse')).toBe(true);
      const counts = await tableCounts(t.db);
      expect(counts.calls).toBe(5);
      expect(counts.transcripts).toBe(5);
      expect(await duplicatedFindings(t.db)).toBe(0);
      // One transcript per call, one case per borrower, each call in a case once.
      const dup = async (sql: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) d`)).rows[0]!.n;
      expect(await dup('SELECT call_id FROM transcripts GROUP BY call_id HAVING count(*) > 1')).toBe(0);
      expect(await dup('SELECT 1 FROM cases GROUP BY bank, borrower_id HAVING count(*) > 1')).toBe(0);
      expect(await dup('SELECT 1 FROM case_calls GROUP BY call_id, case_id HAVING count(*) > 1')).toBe(0);
      expect(counts.cases).toBeGreaterThan(0);

      // No worker kept the audio on its own disk: the only copy is the bucket's.
      for (const name of ['stages', 'asr-1', 'asr-2']) expect(readdirSync(path.join(data.dir, name, 'data'))).toEqual([]);
      expect(existsSync(path.join(data.dir, 'audio'))).toBe(false);
      for (const id of ids) expect(await store.has((await r.calls.get(id))!.audioSha256!)).toBe(true);
    } finally {
      store.close();
      await queues.close();
    }
  }, 90_000);
});
