import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS } from '../../helpers/cli-timeout.ts';
import { buildWhisperTestModel } from '../../../src/asr/whisper-test-model.ts';
import { encodeWav } from '../../../src/audio/wav.ts';
import { TranscriptSchema } from '../../../src/domain/transcript.ts';

/* `callguard transcribe` as an operator runs it: a real process, stdout JSON only, exit codes. */
const ROOT = path.resolve(import.meta.dirname, '../../..');
let dir: string;
let model: string;
let audio: string;
let meta: string;

function callguard(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/callguard.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TEST_TIMEOUT_MS - 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'callguard-transcribe-cli-'));
  model = path.join(dir, 'ggml-test-tiny.bin');
  await writeFile(model, buildWhisperTestModel());
  audio = path.join(dir, 'call.wav');
  const pcm = Int16Array.from({ length: 16000 * 2 }, (_, i) => Math.round(6000 * Math.sin(i / 5) * Math.sin(i / 3000)));
  await writeFile(audio, encodeWav(pcm, 16000));
  meta = path.join(dir, 'meta.json');
  await writeFile(
    meta,
    JSON.stringify({ id: 'cli-1', agentId: 'A1', borrowerId: 'B1', bank: '招商银行', startedAt: '2026-03-02T10:30:00+08:00', direction: 'outbound', firstContact: true, language: 'zh-CN' }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('callguard transcribe', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('prints transcript JSON on stdout (logs on stderr) that callguard scan accepts, and exits', async () => {
    const r = await callguard(['transcribe', '--engine', 'whisper', '--model', model, '--meta', meta, audio]);
    expect(r.code).toBe(0);
    const transcript = TranscriptSchema.parse(JSON.parse(r.stdout));
    expect(transcript.engine).toMatchObject({ name: 'whisper', model: 'ggml-test-tiny.bin' });
    expect(transcript.call.id).toBe('cli-1');
    expect(r.stderr).toMatch(/recording transcribed/);
    const out = path.join(dir, 'transcript.json');
    await writeFile(out, r.stdout);
    const scan = await callguard(['scan', '--format', 'jsonl', out]);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
  });

  it('exits 1 naming WHISPER_MODEL when the model file is missing, with nothing on stdout', async () => {
    const r = await callguard(['transcribe', '--meta', meta, audio], { ASR_ENGINE: 'whisper', WHISPER_MODEL: path.join(dir, 'missing.bin') });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/WHISPER_MODEL=.*missing\.bin: no such file.*large-v3-turbo/);
  });

  it('transcribes a bare recording, saying on stderr which metadata it assumed', { timeout: 180_000 }, async () => {
    const r = await callguard(['transcribe', '--engine', 'whisper', '--model', model, '--language', 'en', audio]);
    expect(r.stderr).toMatch(/no call metadata for call\.wav: assuming id "call", language en-US, agent, borrower and bank "unknown"/);
    expect(r.code).toBe(0);
    const { call } = TranscriptSchema.parse(JSON.parse(r.stdout));
    expect(call).toMatchObject({ id: 'call', language: 'en-US', agentId: 'unknown', borrowerId: 'unknown', bank: 'unknown' });
    // The start is the recording's file time (to the second), with an offset.
    expect(Math.floor(Date.parse(call.startedAt) / 1000)).toBe(Math.floor((await stat(audio)).mtimeMs / 1000));
  });

  it('exits 1 saying the recording is missing, not its metadata', async () => {
    const r = await callguard(['transcribe', '--engine', 'whisper', '--model', model, path.join(dir, 'gone.wav')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/gone\.wav: no such file/);
    expect(r.stderr).not.toMatch(/metadata/);
  });

  it('exits 2 on an unknown engine', async () => {
    const r = await callguard(['transcribe', '--engine', 'vosk', audio]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--engine must be one of/);
  });
});
