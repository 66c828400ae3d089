import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS } from '../../helpers/cli-timeout.ts';

// The CLI as a user runs it, in its own process: exit codes and what lands on stdout and stderr.
const GOOD = 'test/unit/rules/fixtures/rules';

describe('the callguard binary', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  // Asynchronous: a synchronous spawn would block the test worker for the whole cold start.
  const run = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['bin/callguard.js', ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });

  it('exit codes: 1 on invalid rules, 1 on unreadable input after scanning the rest', async () => {
    const bad = await run('rules', 'lint', 'fixtures/bad-rules/duplicate-id');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/b\.yaml:3:9: rules\[0\]\.id: duplicate id/);
    const scan = await run('scan', '--rules', GOOD, '--format', 'jsonl', 'fixtures/transcripts/zh-compliant.json', 'no-such-file.json');
    expect(scan.status).toBe(1);
    expect(scan.stderr).toMatch(/no-such-file\.json: ENOENT/);
    expect(scan.stdout).toBe('');
    const table = await run('scan', '--rules', GOOD, 'fixtures/transcripts/zh-compliant.json');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/no findings/);
  });

  it('analyze of a folder with no call in it says so and exits 1 (never a quiet success)', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'cg-empty-'));
    try {
      const r = await run('analyze', empty);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/no call to ingest in .*cg-empty-/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
