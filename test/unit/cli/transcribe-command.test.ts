import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcribeCommand } from '../../../src/cli/transcribe-command.ts';

/* What `callguard transcribe` says before any audio is decoded (the decoding itself: test/integration/asr). */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'callguard-transcribe-unit-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function transcribe(args: Parameters<typeof transcribeCommand>[0]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await transcribeCommand(args, { out: (t) => out.push(t), err: (l) => err.push(l) }, { PATH: process.env.PATH, LOG_LEVEL: 'silent' });
  return { code, stdout: out.join(''), stderr: err.join('\n') };
}

describe('callguard transcribe before decoding', () => {
  it('says a missing recording is missing (not that metadata is), exit 1, nothing on stdout', async () => {
    const r = await transcribe({ audio: path.join(dir, 'no-such-call.wav'), engine: 'pocketsphinx' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no-such-call\.wav: no such file/);
    expect(r.stderr).not.toMatch(/metadata/);
  });

  it('refuses a directory given as the recording', async () => {
    const r = await transcribe({ audio: dir, engine: 'pocketsphinx' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/: not a file/);
  });

  it('exits 2 on a --language it does not know', async () => {
    const r = await transcribe({ audio: path.join(dir, 'x.wav'), language: 'fr' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--language must be zh, en or auto, not "fr"/);
  });
});
