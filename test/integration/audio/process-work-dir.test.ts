import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPidAlive, openProcessWorkDir } from '../../../src/audio/process-work-dir.ts';
import { processDirName } from '../../../src/audio/stale-work-dirs.ts';

const exists = (p: string) => access(p).then(() => true, () => false);

let root: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'callguard-workroot-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

/** Starts a child that makes its process directory with a file in it; resolves with that directory. */
async function startChild(): Promise<{ child: ChildProcess; dir: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/audio/work-dir-child.ts', root], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    if (out.includes('\n')) break;
  }
  const dir = out.trim();
  expect(dir, 'the child printed its directory').not.toBe('');
  return { child, dir };
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describe('process work directories', () => {
  it('the next start removes the directory (and decoded audio) of a killed process; a live process keeps its own', async () => {
    const killed = await startChild();
    const live = await startChild();
    expect((await readdir(killed.dir)).length, 'the killed process had a temp directory in its work dir').toBe(1);
    await kill9(killed.child);
    expect(isPidAlive(killed.child.pid!)).toBe(false);
    expect(await exists(killed.dir), 'a killed process cannot clean up').toBe(true);

    const next = await openProcessWorkDir(root);
    expect(next.swept).toEqual([path.basename(killed.dir)]);
    expect(await exists(killed.dir)).toBe(false);
    expect(await exists(live.dir)).toBe(true);
    expect(await readdir(live.dir)).toHaveLength(1);
    expect(path.dirname(next.dir)).toBe(root);
    expect(path.basename(next.dir)).toMatch(new RegExp(`^${os.hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-${process.pid}-[0-9a-f]+$`));

    await next.remove();
    expect(await exists(next.dir)).toBe(false);
    expect(await exists(live.dir), 'removing one process directory leaves the others').toBe(true);
  });

  it('leaves directories of other hosts and unrecognised names, even when their pid is not alive here', async () => {
    const otherHost = path.join(root, processDirName(`${os.hostname()}-elsewhere`, 2 ** 22 + 1, 'abcdef012345'));
    const foreign = path.join(root, 'callguard-transcribe-Ab12Cd');
    for (const d of [otherHost, foreign]) {
      await mkdir(d);
      await writeFile(path.join(d, 'keep'), 'x');
    }
    const next = await openProcessWorkDir(root);
    expect(next.swept).toEqual([]);
    expect(await exists(otherHost)).toBe(true);
    expect(await exists(foreign)).toBe(true);
    await next.remove();
  });

  it('creates a missing work directory, private to the user', async () => {
    const nested = path.join(root, 'a', 'work');
    const opened = await openProcessWorkDir(nested);
    expect((await stat(opened.dir)).mode & 0o777).toBe(0o700);
    await opened.remove();
  });
});
