import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs `work` with a private temp directory (mode 0700 via mkdtemp) that is removed afterwards,
 * whether `work` succeeds or throws: no temp file outlives its stage. `under` is the process's work
 * directory (process-work-dir.ts), where a process killed mid-work leaves its files for the next
 * start to sweep; the system temp directory when unset (one-off commands, tests).
 */
export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>, under: string = os.tmpdir()): Promise<T> {
  const dir = await mkdtemp(path.join(under, `callguard-${prefix}-`));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
