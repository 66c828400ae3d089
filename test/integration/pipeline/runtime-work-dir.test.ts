import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/logger.ts';
import { openRuntime } from '../../../src/runtime.ts';
import { useTestDatabase } from '../../helpers/db.ts';

// The runtime gives the stages of this process their own work directory: made (after removing
// those of dead processes) when the stages are first set up, removed when the runtime closes.

const t = useTestDatabase({ migrated: false });
const logger = createLogger('silent');
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'callguard-rtwork-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function config(env: Record<string, string>) {
  return loadConfig({ DATABASE_URL: t.url, CALLGUARD_DATA_DIR: path.join(root, 'data'), ASR_ENGINE: 'auto', ...env });
}

describe('runtime work directory', () => {
  it('stages get a directory of their own under CALLGUARD_WORK_DIR, removed at close', async () => {
    const work = path.join(root, 'work');
    const runtime = await openRuntime(config({ CALLGUARD_WORK_DIR: work }), logger, { transport: 'in-process' });
    try {
      expect(await readdir(root), 'nothing is made before stages run here').not.toContain('work');
      const deps = await runtime.stageDeps();
      expect(path.dirname(deps.tempDir!)).toBe(work);
      expect(path.basename(deps.tempDir!)).toContain(`-${process.pid}-`);
      expect((await stat(deps.tempDir!)).isDirectory()).toBe(true);
      expect((await runtime.stageDeps()).tempDir).toBe(deps.tempDir);
    } finally {
      await runtime.close();
    }
    expect(await readdir(work)).toEqual([]);
  });

  it('an engine misconfiguration leaves no directory behind', async () => {
    const work = path.join(root, 'work');
    const runtime = await openRuntime(config({ CALLGUARD_WORK_DIR: work, ASR_ENGINE: 'whisper' }), logger, { transport: 'in-process' });
    try {
      await expect(runtime.stageDeps()).rejects.toThrow(/WHISPER_MODEL/);
      expect(await readdir(work)).toEqual([]);
    } finally {
      await runtime.close();
    }
  });

  it('a work directory that cannot be used is named in the error', async () => {
    const file = path.join(root, 'not-a-dir');
    await writeFile(file, 'x');
    const runtime = await openRuntime(config({ CALLGUARD_WORK_DIR: file }), logger, { transport: 'in-process' });
    try {
      await expect(runtime.stageDeps()).rejects.toThrow(/CALLGUARD_WORK_DIR=.*not-a-dir/);
    } finally {
      await runtime.close();
    }
  });
});
