import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS } from '../../helpers/cli-timeout.ts';
import type { AnalysisReport } from '../../../src/cli/analysis-report.ts';
import { ALL_FIXTURE_CALLS, CASE_BORROWERS, NO_CASE_BORROWERS } from './fixture-expectations.ts';

// `callguard analyze` as `npm run demo` runs it: embedded PostgreSQL (PGlite) under a fresh data
// directory, the fixture calls plus a real 16 kHz English recording that pocketsphinx transcribes.
// Run twice: the second run must add nothing.

const REAL = '/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav';
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function analyze(dataDir: string): Promise<{ code: number; report: AnalysisReport; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CALLGUARD_DATA_DIR: dataDir, CALLGUARD_WORK_DIR: path.join(dataDir, 'work'), ASR_ENGINE: 'auto' };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'WHISPER_MODEL', 'OPENAI_ASR_URL', 'LOG_LEVEL']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'analyze', 'fixtures/calls', '--meta', 'fixtures/demo/real-english-call.json', '--json'], { env });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        resolve({ code: code ?? -1, report: JSON.parse(out) as AnalysisReport, stderr: err });
      } catch (e) {
        reject(new Error(`analyze printed no JSON (exit ${code}): ${err.slice(-2000)} ${String(e)}`));
      }
    });
  });
}

describe.skipIf(!existsSync(REAL) || !existsSync('/usr/bin/pocketsphinx_continuous'))('callguard analyze (the demo)', () => {
  it('analyses the fixture calls and a real English recording on the embedded database, and a second run adds nothing', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cg-analyze-'));
    dirs.push(dataDir);
    // Left by an earlier run killed mid-call on this host (a pid above Linux's pid_max is never alive).
    const killed = path.join(dataDir, 'work', `${hostname()}-4194305-0123456789ab`, 'callguard-transcribe-x');
    await mkdir(killed, { recursive: true });
    await writeFile(path.join(killed, 'recording.wav'), 'audio');
    const first = await analyze(dataDir);
    expect(first.code, first.stderr).toBe(0);
    // That directory is removed at start, and this run's own at exit: no call audio stays behind.
    expect(await readdir(path.join(dataDir, 'work'))).toEqual([]);
    const ids = [...ALL_FIXTURE_CALLS, 'en-librivox-0870'];
    expect(first.report.calls.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(first.report.calls.filter((c) => c.status !== 'done')).toEqual([]);
    const engine = (id: string) => first.report.calls.find((c) => c.id === id)!.engine;
    // Each engine where it can really transcribe: pocketsphinx for the real 16 kHz recording,
    // the delivered transcript for the 8 kHz synthetic calls (Mandarin has no model here).
    expect(engine('en-librivox-0870')).toMatch(/^pocketsphinx/);
    expect(engine('en-compliant')).toMatch(/^sidecar/);
    expect(engine('zh-abusive')).toMatch(/^sidecar/);
    expect(engine('D-0001')).toBe('dialer record');
    const caseBorrowers = first.report.cases.map((c) => c.borrowerId);
    for (const b of CASE_BORROWERS) expect(caseBorrowers).toContain(b);
    for (const b of NO_CASE_BORROWERS) expect(caseBorrowers).not.toContain(b);
    // The real recording was transcribed and scanned: a sentence from a novel carries none of the
    // collector disclosures the en-US pack requires.
    expect(first.report.calls.find((c) => c.id === 'en-librivox-0870')!.findings).toBeGreaterThan(0);

    const second = await analyze(dataDir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/11 call\(s\) were already analysed/);
    expect(second.report.findings.map((f) => f.id).sort()).toEqual(first.report.findings.map((f) => f.id).sort());
    expect(second.report.cases.map((c) => [c.id, c.callIds])).toEqual(first.report.cases.map((c) => [c.id, c.callIds]));
  }, 2 * CLI_TEST_TIMEOUT_MS); // two runs of the CLI, each transcribing a recording with pocketsphinx
});
