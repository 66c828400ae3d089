import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The CLI as a user runs it, in its own process: exit codes and what lands on stdout and stderr.
const GOOD = 'test/unit/rules/fixtures/rules';

describe('the callguard binary', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['bin/callguard.js', ...args], { encoding: 'utf8', timeout: 60_000 });

  it('exit codes: 1 on invalid rules, 1 on unreadable input after scanning the rest', () => {
    const bad = run('rules', 'lint', 'fixtures/bad-rules/duplicate-id');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/b\.yaml:3:9: rules\[0\]\.id: duplicate id/);
    const scan = run('scan', '--rules', GOOD, '--format', 'jsonl', 'fixtures/transcripts/zh-compliant.json', 'no-such-file.json');
    expect(scan.status).toBe(1);
    expect(scan.stderr).toMatch(/no-such-file\.json: ENOENT/);
    expect(scan.stdout).toBe('');
    const table = run('scan', '--rules', GOOD, 'fixtures/transcripts/zh-compliant.json');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/no findings/);
  });
});
