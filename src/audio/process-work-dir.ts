import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { processDirName, staleProcessDirs } from './stale-work-dirs.ts';

/**
 * The private directory under which one process keeps its temp files (decoded call audio, the
 * recording laid out for an engine). A process killed mid-call cannot clean up after itself, so the
 * next process to start on the host removes the directories of processes that are gone.
 */
export interface ProcessWorkDir {
  /** `<root>/<hostname>-<pid>-<random>`, mode 0700. */
  dir: string;
  /** Directories of dead processes removed when this one was opened (names only). */
  swept: string[];
  /** Removes this process's directory and all in it (graceful exit). */
  remove(): Promise<void>;
}

export interface ProcessWorkDirOptions {
  host?: string;
  pid?: number;
  isAlive?: (pid: number) => boolean;
}

/** process.kill(pid, 0) checks without signalling: ESRCH = no such process; EPERM = alive, another user's. */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the directories under `root` whose owner process on this host is gone; returns their names. */
export async function sweepStaleWorkDirs(root: string, options: ProcessWorkDirOptions = {}): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const stale = staleProcessDirs(names, { host: options.host ?? os.hostname(), isAlive: options.isAlive ?? isPidAlive });
  for (const name of stale) await rm(path.join(root, name), { recursive: true, force: true });
  return stale;
}

/** Sweeps `root`, then makes this process's own directory in it. */
export async function openProcessWorkDir(root: string, options: ProcessWorkDirOptions = {}): Promise<ProcessWorkDir> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const swept = await sweepStaleWorkDirs(root, options);
  const dir = path.join(root, processDirName(options.host ?? os.hostname(), options.pid ?? process.pid, randomBytes(6).toString('hex')));
  await mkdir(dir, { mode: 0o700 });
  return { dir, swept, remove: () => rm(dir, { recursive: true, force: true }) };
}
