import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveredText } from '../../../src/store/delivered-transcripts.ts';
import { jobIdFor } from '../../../src/pipeline/transport/job-table.ts';
import { audioRoot } from '../../../src/runtime.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import { openDatabase, type Db } from '../../../src/store/index.ts';
import { CLI_TEST_TIMEOUT_MS } from '../../helpers/cli-timeout.ts';
import { createTestDatabase } from '../../helpers/db.ts';
import { childProcesses, isAlive } from '../audio/processes.ts';
import { FIXTURE_DIR } from './fixture-expectations.ts';
import { dataDir } from './pipeline-helpers.ts';
import { fastTable, producer, REDIS_URL, testConnection, waitFor } from './queue-helpers.ts';

// `callguard watch DIR` as an operator runs it: the real CLI in its own process, a drop folder a
// "dialer" (this test) writes into, real PostgreSQL (a database per test) and Redis (a random queue
// prefix per test, obliterated afterwards). What the watcher did is read from the database, the
// queues, the folder and its JSON log on stderr; never from inside the process.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type LogLine = Record<string, unknown> & { msg?: string };

interface Watcher {
  child: ChildProcess;
  logs(): LogLine[];
  /** The first log line that matches; rejects when the watcher exits first. */
  waitForLog(what: string, match: (l: LogLine) => boolean): Promise<LogLine>;
  /** SIGTERM; resolves with the exit code once the process has exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function startWatcher(dir: string, env: Record<string, string>, pollMs = 100): Watcher {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, LOG_LEVEL: 'info', ASR_ENGINE: 'sidecar' };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'CALLGUARD_QUEUE_PREFIX'] as const) if (!(k in env)) delete childEnv[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'watch', dir, '--poll-ms', String(pollMs)], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let partial = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    partial += text;
    const complete = partial.split('\n');
    partial = complete.pop()!;
    for (const l of complete.filter(Boolean)) {
      try {
        lines.push(JSON.parse(l) as LogLine);
      } catch {
        lines.push({ msg: l, raw: true });
      }
    }
  });
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  // Each wait ends when its line arrives or the watcher exits, not at a deadline of its own: how
  // long a cold start takes (tsx compiling the tree, PGlite creating its data directory) depends on
  // the machine's load, and the test's timeout bounds the whole. A wait that runs long says what it
  // is waiting for, so a hang names its cause.
  const waiters = new Set<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  child.stderr!.on('data', () => {
    for (const w of waiters) {
      const found = lines.find(w.match);
      if (found) w.resolve(found);
    }
  });
  const exitedEarly = exited.then(({ code, signal }) => {
    throw new Error(`the watcher exited (${code ?? signal}): ${JSON.stringify(lines.slice(-5))}`);
  });
  exitedEarly.catch(() => {});
  return {
    child,
    logs: () => lines,
    async waitForLog(what, match) {
      const already = lines.find(match);
      if (already) return already;
      let waiter: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void } | undefined;
      const arrived = new Promise<LogLine>((resolve) => {
        waiter = { match, resolve };
        waiters.add(waiter);
      });
      const slow = setInterval(() => console.warn(`still waiting for ${what}; the watcher's last lines: ${JSON.stringify(lines.slice(-3))}`), 30_000);
      try {
        return await Promise.race([arrived, exitedEarly]);
      } finally {
        clearInterval(slow);
        waiters.delete(waiter!);
      }
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * SIGTERM, and the watcher must exit by itself (within the test's timeout): code 0, nothing it started
 * still running, and nothing on stderr but its JSON log (a Node warning there, such as
 * MaxListenersExceededWarning from a listener added on every poll, is a leak in a process meant to
 * run for months).
 */
async function stopCleanly(w: Watcher): Promise<void> {
  const pid = w.child.pid!;
  const before = childProcesses(pid);
  const stopped = await w.stop();
  expect(stopped).toMatchObject({ code: 0, signal: null });
  expect(isAlive(pid)).toBe(false);
  // tsx's esbuild service ends when its pipe from the watcher closes: a moment after, not at once,
  // and on a loaded machine that moment can be seconds.
  for (const c of before) await waitFor(`${c.comm} (${c.pid}) to end with the watcher`, async () => !isAlive(c.pid), 10_000, 20);
  expect(w.logs().filter((l) => l.raw === true).map((l) => l.msg)).toEqual([]);
  expect(w.logs().filter((l) => typeof l.level === 'number' && l.level >= 50)).toEqual([]);
}

interface ServerEnv {
  db: Db;
  drop: string;
  data: string;
  env: Record<string, string>;
  /** The jobs under this test's prefix, by job id. */
  ingestJob(callId: string): Promise<{ id: string; state: string } | undefined>;
  ingestJobCount(): Promise<number>;
}

async function serverSetup(): Promise<ServerEnv> {
  const t = await createTestDatabase();
  const data = await dataDir();
  const drop = path.join(await tempDir('cg-watch-'), 'drop');
  await mkdir(drop);
  const conn = testConnection();
  const queues = producer(fastTable(), conn);
  cleanups.push(async () => {
    await queues.obliterate();
    await queues.close();
    await t.drop();
    await data.cleanup();
  });
  return {
    db: t.db,
    drop,
    data: data.dir,
    env: { DATABASE_URL: t.url, REDIS_URL, CALLGUARD_DATA_DIR: data.dir, CALLGUARD_QUEUE_PREFIX: conn.prefix },
    async ingestJob(callId) {
      const job = await queues.queue('ingest').getJob(jobIdFor('ingest', { callId }));
      return job?.id ? { id: job.id, state: await job.getState() } : undefined;
    },
    async ingestJobCount() {
      const c = await queues.queue('ingest').getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
      return Object.values(c).reduce((a, b) => a + b, 0);
    },
  };
}

/** The row of calls.json for one fixture call: what a dialer would write as `<name>.meta.json`. */
async function fixtureRow(id: string): Promise<Record<string, unknown>> {
  const all = JSON.parse(await readFile(path.join(FIXTURE_DIR, 'calls.json'), 'utf8')) as { calls: Array<Record<string, unknown>> };
  const row = all.calls.find((c) => c.id === id);
  if (!row) throw new Error(`no fixture call ${id}`);
  // The watcher pairs companions by name; audio/transcript paths from the fixture folder do not apply.
  const { audio: _audio, transcript: _transcript, ...meta } = row;
  return meta;
}

/**
 * Drops a fixture recording the way a dialer that writes completely and then renames does: the
 * companions first, the recording last and atomically, so the watcher never sees a recording
 * before its metadata.
 */
async function dropRecording(
  dir: string,
  fixture: string,
  opts: {
    as?: string;
    metadata: 'meta.json' | 'transcript' | 'none';
    id?: string;
    audio?: string;
    withTranscript?: boolean;
    /** The delivered transcript's name: `<name>.transcript.json`, or `<file>.transcript.json`. */
    transcriptName?: 'name' | 'file';
  },
): Promise<string> {
  const audio = opts.audio ?? path.join(FIXTURE_DIR, `${fixture}.mp3`);
  const format = path.extname(audio).slice(1);
  const name = opts.as ?? fixture;
  if (opts.metadata === 'meta.json') {
    await writeFile(path.join(dir, `${name}.meta.json`), JSON.stringify({ ...(await fixtureRow(fixture)), ...(opts.id ? { id: opts.id } : {}) }));
  }
  if (opts.metadata === 'transcript' || (opts.metadata === 'meta.json' && opts.withTranscript !== false)) {
    const transcript = opts.transcriptName === 'file' ? `${name}.${format}.transcript.json` : `${name}.transcript.json`;
    await copyFile(path.join(FIXTURE_DIR, `${fixture}.transcript.json`), path.join(dir, transcript));
  }
  const staging = path.join(dir, '..', 'staging');
  await mkdir(staging, { recursive: true });
  const staged = path.join(staging, `${name}.${format}`);
  await copyFile(audio, staged);
  await rename(staged, path.join(dir, `${name}.${format}`));
  return `${name}.${format}`;
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

async function callRows(db: Db): Promise<Array<{ id: string; status: string; audio_sha256: string | null; audio_bytes: string | null }>> {
  const { rows } = await db.query<{ id: string; status: string; audio_sha256: string | null; audio_bytes: string | null }>(
    'SELECT id, status, audio_sha256, audio_bytes FROM calls ORDER BY id',
  );
  return rows;
}

const listing = async (dir: string) => (existsSync(dir) ? (await readdir(dir)).sort() : []);
/** What is still waiting in the drop folder: its files, not the ingested/ and rejected/ folders. */
const waiting = async (dir: string) => (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();

const takenLog = (callId: string, outcome?: string) => (l: LogLine) =>
  l.msg === 'recording taken' && l.callId === callId && (outcome === undefined || l.outcome === outcome);
const refusedLog = (name: string) => (l: LogLine) => l.msg === 'recording not taken' && typeof l.file === 'string' && path.basename(l.file) === name;

/** Each test starts the CLI cold; no wait inside has a deadline of its own (see waitForLog). */
const WATCHER_TEST_TIMEOUT_MS = CLI_TEST_TIMEOUT_MS;

describe('callguard watch DIR (server mode)', { timeout: WATCHER_TEST_TIMEOUT_MS }, () => {
  it('takes a dropped recording once: a call row, its audio stored, its ingest job queued, the files moved to ingested/; the same recording again is the same call; SIGTERM exits 0', async () => {
    const s = await serverSetup();
    const w = startWatcher(s.drop, s.env);
    await w.waitForLog('the watcher to start', (l) => l.msg === 'watching');

    const name = await dropRecording(s.drop, 'zh-compliant', { metadata: 'meta.json' });
    const expectedSha = await sha256Of(path.join(FIXTURE_DIR, name));
    await w.waitForLog('zh-compliant to be taken', takenLog('zh-compliant', 'new'));
    await waitFor('the files to leave the drop folder', async () => (await waiting(s.drop)).length === 0);

    const [row] = await callRows(s.db);
    expect(await callRows(s.db)).toHaveLength(1);
    expect(row).toMatchObject({ id: 'zh-compliant', status: 'received', audio_sha256: expectedSha });
    const store = new DirectoryAudioStore(audioRoot({ CALLGUARD_DATA_DIR: s.data }));
    expect(await sha256Of(store.path(expectedSha))).toBe(expectedSha);
    // No worker runs here: the job stays waiting, which is what "queued" means.
    expect(await s.ingestJob('zh-compliant')).toEqual({ id: jobIdFor('ingest', { callId: 'zh-compliant' }), state: 'waiting' });
    // The recording moved with every companion (its metadata and the delivered transcript).
    expect(await listing(path.join(s.drop, 'ingested'))).toEqual(['zh-compliant.meta.json', 'zh-compliant.mp3', 'zh-compliant.transcript.json']);
    // …and the delivered transcript beside it was kept with the call, for the sidecar engine.
    expect(await deliveredText(s.db, 'zh-compliant')).toBe(await readFile(path.join(FIXTURE_DIR, 'zh-compliant.transcript.json'), 'utf8'));

    // The dialer delivers the same recording again: under the same name (a resend) and under
    // another call id (a second export). Both are the one call already stored.
    await dropRecording(s.drop, 'zh-compliant', { metadata: 'meta.json' });
    await w.waitForLog('the resend to be taken', takenLog('zh-compliant', 'already'));
    await dropRecording(s.drop, 'zh-compliant', { as: 'export-2', id: 'zh-compliant-export-2', metadata: 'meta.json' });
    await w.waitForLog('the second export to be taken', takenLog('zh-compliant-export-2', 'duplicate_recording'));
    await waitFor('the drop folder to empty', async () => (await waiting(s.drop)).length === 0);
    // The resend reused the name: kept beside the first take under a numbered name, not over it.
    expect(await listing(path.join(s.drop, 'ingested'))).toEqual([
      'export-2.meta.json', 'export-2.mp3', 'export-2.transcript.json',
      'zh-compliant.meta.json', 'zh-compliant.mp3', 'zh-compliant.transcript.json',
      'zh-compliant~2.meta.json', 'zh-compliant~2.mp3', 'zh-compliant~2.transcript.json',
    ]);
    expect((await callRows(s.db)).map((r) => r.id)).toEqual(['zh-compliant']);
    expect(await s.ingestJobCount()).toBe(1);

    // Twenty polls in all before stopping: a listener added on every poll would pass Node's limit
    // of ten and print MaxListenersExceededWarning, which stopCleanly looks for.
    const watchingAt = (await w.waitForLog('the watcher to start', (l) => l.msg === 'watching')).time as number;
    await waitFor('twenty polls', async () => Date.now() - watchingAt > 20 * 100, 10_000, 20);
    await stopCleanly(w);
  });

  it('refuses recordings that can never be ingested, each with its reason in the log and in rejected/, and goes on to take the next good one', async () => {
    const s = await serverSetup();
    const w = startWatcher(s.drop, s.env);
    await w.waitForLog('the watcher to start', (l) => l.msg === 'watching');

    // No metadata at all: no row, no .meta.json, no delivered transcript. Named as dialers often
    // name recordings, after the number called: the log must not carry it whole.
    await dropRecording(s.drop, 'zh-impersonation', { as: '13800138000-0302', metadata: 'none' });
    // Metadata the dialer cut short (a crash mid-write, a full disk): not JSON.
    await writeFile(path.join(s.drop, 'cut-short.meta.json'), '{"id": "cut-short", "agentId": "80');
    await dropRecording(s.drop, 'zh-abusive', { as: 'cut-short', metadata: 'none' });
    // Metadata that is JSON but not a call: the bank and borrower are missing.
    await writeFile(path.join(s.drop, 'no-bank.meta.json'), JSON.stringify({ id: 'no-bank', agentId: '8023', startedAt: '2026-03-02T10:30:00+08:00' }));
    await dropRecording(s.drop, 'en-violation', { as: 'no-bank', metadata: 'none' });

    const reasons = {
      '***********-0302.mp3': /no metadata for this recording/,
      'cut-short.mp3': /cut-short\.meta\.json.*JSON/i,
      'no-bank.mp3': /no-bank\.meta\.json/,
    };
    for (const [name, reason] of Object.entries(reasons)) {
      const refused = await w.waitForLog(`${name} to be refused`, refusedLog(name));
      expect(refused.err, name).toMatch(reason);
      expect(refused.level, name).toBe(40);
    }
    // The note is written once the take has moved: wait for it too, not only for the drop folder to empty,
    // and for its text, not only its name (a note is created, then written).
    const notesWritten = async () => {
      const notes = (await listing(path.join(s.drop, 'rejected'))).filter((f) => f.endsWith('.reason.txt'));
      const sizes = await Promise.all(notes.map(async (f) => (await stat(path.join(s.drop, 'rejected', f))).size));
      return notes.length === 3 && sizes.every((n) => n > 0);
    };
    await waitFor('the refused files to leave the drop folder, each with its note written', async () =>
      (await waiting(s.drop)).length === 0 && (await notesWritten()));
    expect(await listing(path.join(s.drop, 'rejected'))).toEqual([
      '13800138000-0302.mp3', '13800138000-0302.mp3.reason.txt',
      'cut-short.meta.json', 'cut-short.mp3', 'cut-short.mp3.reason.txt',
      'no-bank.meta.json', 'no-bank.mp3', 'no-bank.mp3.reason.txt',
    ]);
    // The files themselves keep their names: they are the operator's, beside the dialer's own.
    for (const [name, reason] of Object.entries(reasons)) {
      expect(await readFile(path.join(s.drop, 'rejected', `${name.replace('***********', '13800138000')}.reason.txt`), 'utf8'), name).toMatch(reason);
    }
    expect(JSON.stringify(w.logs())).not.toContain('13800138000');

    // The watcher is still at work: the next good recording (metadata from its delivered transcript,
    // named after the whole file this time) is taken, and leaves with its transcript.
    expect(w.child.exitCode).toBeNull();
    await dropRecording(s.drop, 'en-compliant', { metadata: 'transcript', transcriptName: 'file' });
    await w.waitForLog('en-compliant to be taken', takenLog('en-compliant', 'new'));
    await waitFor('en-compliant and its transcript to leave the drop folder', async () => (await waiting(s.drop)).length === 0);
    expect(await listing(path.join(s.drop, 'ingested'))).toEqual(['en-compliant.mp3', 'en-compliant.mp3.transcript.json']);
    expect((await callRows(s.db)).map((r) => [r.id, r.status])).toEqual([['en-compliant', 'received']]);
    expect(await s.ingestJob('en-compliant')).toMatchObject({ state: 'waiting' });
    expect(await s.ingestJobCount()).toBe(1);
    // Each refusal is logged once: a file that can never be ingested is not tried again on every poll.
    for (const name of Object.keys(reasons)) expect(w.logs().filter(refusedLog(name)), name).toHaveLength(1);

    await stopCleanly(w);
  });

  it('does not take a recording while it is still being written: it is taken whole once it stops changing', async () => {
    const s = await serverSetup();
    // Slower polls than the writer's pace, so "unchanged across two polls" cannot happen by chance
    // while the writer is still at work, however loaded the machine.
    const pollMs = 300;
    const w = startWatcher(s.drop, s.env, pollMs);
    await w.waitForLog('the watcher to start', (l) => l.msg === 'watching');

    const whole = await readFile(path.join(FIXTURE_DIR, 'zh-compliant.mp3'));
    await writeFile(path.join(s.drop, 'zh-compliant.meta.json'), JSON.stringify(await fixtureRow('zh-compliant')));
    const target = path.join(s.drop, 'zh-compliant.mp3');
    // The dialer writes in place, a chunk every 30 ms, for several of the watcher's polls.
    const chunks = 40;
    const chunk = Math.ceil(whole.length / chunks);
    await writeFile(target, whole.subarray(0, chunk));
    const writingSince = Date.now();
    for (let i = 1; i < chunks; i++) {
      await new Promise((r) => setTimeout(r, 30));
      await appendFile(target, whole.subarray(i * chunk, (i + 1) * chunk));
      expect(w.logs().filter((l) => l.msg === 'recording taken' || l.msg === 'recording not taken'), `after chunk ${i}`).toEqual([]);
    }
    const writingMs = Date.now() - writingSince;
    expect(writingMs).toBeGreaterThan(3 * pollMs);
    expect(await callRows(s.db)).toEqual([]);

    await w.waitForLog('the complete recording to be taken', takenLog('zh-compliant', 'new'));
    const rows = await callRows(s.db);
    expect(rows.map((r) => [r.id, r.audio_sha256, Number(r.audio_bytes)])).toEqual([
      ['zh-compliant', createHash('sha256').update(whole).digest('hex'), whole.length],
    ]);
    // "recording taken" is logged before the files move: wait for them to leave the drop folder.
    await waitFor('the recording and its metadata to leave the drop folder', async () => (await waiting(s.drop)).length === 0);
    expect(await listing(path.join(s.drop, 'ingested'))).toEqual(['zh-compliant.meta.json', 'zh-compliant.mp3']);
    await stopCleanly(w);
  });
  it('a drop folder missing at start is an error naming it and exit 1; one that goes away later is waited for, with one warning', async () => {
    const s = await serverSetup();
    const missing = path.join(s.drop, 'not-mounted');
    const refused = startWatcher(missing, s.env);
    const exit = refused.child.exitCode ?? await new Promise<number | null>((resolve) => refused.child.once('exit', (code) => resolve(code)));
    expect(exit).toBe(1);
    expect(refused.logs().map((l) => l.msg)).toEqual([`callguard: drop folder ${missing} does not exist: create or mount it before starting the watcher`]);

    const w = startWatcher(s.drop, s.env);
    await w.waitForLog('the watcher to start', (l) => l.msg === 'watching');
    // The share drops for ten polls and more, then comes back with a recording written meanwhile.
    const away = `${s.drop}-unmounted`;
    await rename(s.drop, away);
    const unavailable = (l: LogLine) => typeof l.msg === 'string' && l.msg.startsWith('drop folder unavailable');
    const warned = await w.waitForLog('the outage warning', unavailable);
    expect(warned).toMatchObject({ level: 40, dir: s.drop, code: 'ENOENT' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(w.child.exitCode).toBeNull();
    await dropRecording(away, 'zh-compliant', { metadata: 'meta.json' });
    await rename(away, s.drop);
    await w.waitForLog('the folder to be back', (l) => l.msg === 'drop folder available again');
    await w.waitForLog('zh-compliant to be taken', takenLog('zh-compliant', 'new'));
    expect(w.logs().filter(unavailable)).toHaveLength(1);
    await stopCleanly(w);
  });
});

describe('callguard watch DIR (embedded mode)', { timeout: WATCHER_TEST_TIMEOUT_MS }, () => {
  it('analyses a dropped call to done in its own process; a recording that is not audio fails with its reason and the watcher goes on', async () => {
    const root = await tempDir('cg-watch-embedded-');
    const data = path.join(root, 'data');
    const drop = path.join(root, 'drop');
    await mkdir(drop);
    const w = startWatcher(drop, { CALLGUARD_DATA_DIR: data });
    await w.waitForLog('the watcher to start', (l) => l.msg === 'watching');

    // Metadata in order, audio not: only the decode stage can tell, and in embedded mode it runs here.
    await dropRecording(drop, 'zh-compliant', { as: 'garbled', id: 'garbled', metadata: 'meta.json', withTranscript: false, audio: path.resolve('fixtures/bad-audio/text-renamed.wav') });
    await w.waitForLog('garbled to be taken', takenLog('garbled', 'new'));
    const failed = w.logs().find((l) => l.callId === 'garbled' && l.permanent === true);
    expect(failed?.err).toMatch(/not_audio/);
    await dropRecording(drop, 'zh-abusive', { metadata: 'meta.json' });
    await w.waitForLog('zh-abusive to be taken', takenLog('zh-abusive', 'new'));
    await waitFor('the drop folder to empty', async () => (await waiting(drop)).length === 0);
    expect(await listing(path.join(drop, 'ingested'))).toEqual([
      'garbled.meta.json', 'garbled.wav',
      'zh-abusive.meta.json', 'zh-abusive.mp3', 'zh-abusive.transcript.json',
    ]);
    await stopCleanly(w);

    // The embedded database opens after the watcher: a clean exit released the data directory.
    const db = await openDatabase({ DATABASE_URL: undefined, CALLGUARD_DATA_DIR: data });
    try {
      const rows = await db.query<{ id: string; status: string; status_reason: string | null; findings: number }>(
        'SELECT c.id, c.status, c.status_reason, (SELECT count(*)::int FROM findings f WHERE f.call_id = c.id) AS findings FROM calls c ORDER BY c.id',
      );
      expect(rows.rows.map((r) => [r.id, r.status])).toEqual([['garbled', 'failed'], ['zh-abusive', 'done']]);
      expect(rows.rows[0]!.status_reason).toMatch(/not_audio/);
      expect(rows.rows[1]!.findings).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
