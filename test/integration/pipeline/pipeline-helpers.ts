import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createTranscriber } from '../../../src/asr/create-transcriber.ts';
import { loadConfig } from '../../../src/config.ts';
import { audioRoot } from '../../../src/runtime.ts';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.ts';
import type { CallInput } from '../../../src/pipeline/intake/register-call.ts';
import { RulePackSource } from '../../../src/pipeline/rule-pack-source.ts';
import { StageStatements } from '../../../src/store/stage-statements.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import type { Db } from '../../../src/store/db.ts';
import { FIXTURE_DIR } from './fixture-expectations.ts';

export const testLogger = () => pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A data directory (audio store) shared by the test and the workers it runs; removed by `cleanup`. */
export async function dataDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cg-data-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function pipelineDeps(db: Db, dir: string, asrEngine: 'sidecar' | 'pocketsphinx' | 'auto' = 'sidecar'): PipelineDeps {
  const logger = testLogger();
  return {
    db,
    statements: new StageStatements(db),
    audio: new DirectoryAudioStore(audioRoot({ CALLGUARD_DATA_DIR: dir })),
    rules: new RulePackSource('rules'),
    engine: createTranscriber(loadConfig({ ASR_ENGINE: asrEngine }), logger),
    logger,
  };
}

/**
 * `n` calls made of the fixture transcripts (delivered without audio): ingest → scan → triage, the
 * path the pipeline benchmark measures. Each has its own id and borrower; every fifth shares a
 * borrower with the one before, so triage also joins cases.
 */
export async function transcriptOnlyCalls(n: number, idPrefix = 'tx'): Promise<CallInput[]> {
  const sources = await Promise.all(
    ['zh-compliant', 'zh-abusive', 'zh-impersonation', 'en-compliant', 'en-violation'].map(async (id) =>
      JSON.parse(await readFile(path.join(FIXTURE_DIR, `${id}.transcript.json`), 'utf8')) as { call: Record<string, unknown>; segments: unknown[] },
    ),
  );
  const calls: CallInput[] = [];
  for (let i = 0; i < n; i++) {
    const src = sources[i % sources.length]!;
    const id = `${idPrefix}-${String(i).padStart(6, '0')}`;
    const borrower = `${idPrefix}-B${Math.floor(i / 5) * 5 + (i % 5 === 4 ? 3 : i % 5)}`;
    const call = { ...src.call, id, borrowerId: borrower };
    calls.push({ meta: call as CallInput['meta'], transcriptText: JSON.stringify({ ...src, call }) });
  }
  return calls;
}

/**
 * The CLI from the sources in its own process, in embedded or DATABASE_URL mode (REDIS_URL removed,
 * so it never reaches for queues), with `env` over this process's environment.
 */
export function runCliProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  delete childEnv.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: childEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
