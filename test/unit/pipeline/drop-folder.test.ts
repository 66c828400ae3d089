import { mkdtemp, readFile, readdir, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StabilityTracker, watchDropFolder } from '../../../src/pipeline/drop-folder.ts';
import { PermanentError } from '../../../src/pipeline/errors.ts';

describe('StabilityTracker', () => {
  it('takes a file only when size and mtime held across two polls, or when it has a .done marker', () => {
    const t = new StabilityTracker();
    const snap = (size: number, mtimeMs: number) => ({ size, mtimeMs });
    expect(t.poll(new Map([['a.wav', snap(10, 1)], ['b.wav', snap(5, 1)]]), new Set(['b.wav']))).toEqual(['b.wav']);
    // a.wav grew since the last poll: still being written.
    expect(t.poll(new Map([['a.wav', snap(20, 2)]]), new Set())).toEqual([]);
    expect(t.poll(new Map([['a.wav', snap(20, 2)]]), new Set())).toEqual(['a.wav']);
    // once taken, it has to be seen stable again (a new file under the same name).
    expect(t.poll(new Map([['a.wav', snap(20, 2)]]), new Set())).toEqual([]);
  });

  it('never takes an empty file on stability alone', () => {
    const t = new StabilityTracker();
    t.poll(new Map([['e.wav', { size: 0, mtimeMs: 1 }]]), new Set());
    expect(t.poll(new Map([['e.wav', { size: 0, mtimeMs: 1 }]]), new Set())).toEqual([]);
  });
});

describe('watchDropFolder', () => {
  let dir = '';
  afterEach(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('waits for a file being written, takes it once complete, moves it with its companions; rejects permanent failures with the reason', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-drop-'));
    const taken: Array<{ name: string; size: number }> = [];
    const controller = new AbortController();
    await writeFile(path.join(dir, 'growing.wav'), Buffer.alloc(100));
    await writeFile(path.join(dir, 'growing.meta.json'), '{}');
    await writeFile(path.join(dir, 'bad.wav'), Buffer.alloc(10));
    await writeFile(path.join(dir, 'bad.wav.done'), '');
    const watching = watchDropFolder({
      dir, pollMs: 40, signal: controller.signal,
      take: async (file) => {
        const size = (await readFile(file)).length;
        if (path.basename(file) === 'bad.wav') throw new PermanentError('no audio stream');
        taken.push({ name: path.basename(file), size });
      },
    });
    // Keep writing for a while: the watcher must not take it in the middle.
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 30));
      await appendFile(path.join(dir, 'growing.wav'), Buffer.alloc(100));
    }
    const deadline = Date.now() + 5_000;
    while (taken.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 150));
    controller.abort();
    await watching;
    expect(taken).toEqual([{ name: 'growing.wav', size: 700 }]);
    expect((await readdir(path.join(dir, 'ingested'))).sort()).toEqual(['growing.meta.json', 'growing.wav']);
    expect((await readdir(path.join(dir, 'rejected'))).sort()).toEqual(['bad.wav', 'bad.wav.done', 'bad.wav.reason.txt']);
    expect(await readFile(path.join(dir, 'rejected', 'bad.wav.reason.txt'), 'utf8')).toBe('no audio stream\n');
  });

  it('leaves a file in place after a transient failure and takes it on a later poll', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-drop-'));
    await writeFile(path.join(dir, 'x.wav'), Buffer.alloc(10));
    await writeFile(path.join(dir, 'x.wav.done'), '');
    let tries = 0;
    const controller = new AbortController();
    const watching = watchDropFolder({
      dir, pollMs: 20, signal: controller.signal,
      take: async () => { tries++; if (tries === 1) throw new Error('database unavailable'); },
    });
    const deadline = Date.now() + 5_000;
    while (tries < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 60));
    controller.abort();
    await watching;
    expect(tries).toBe(2);
    expect((await readdir(path.join(dir, 'ingested'))).sort()).toEqual(['x.wav', 'x.wav.done']);
  });
});
