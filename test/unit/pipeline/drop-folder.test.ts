import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkDropFolder, companions, destinationGroup, isFolderUnavailable, MetadataWait, numberedName, StabilityTracker, watchDropFolder,
  type DropFolderOptions,
} from '../../../src/pipeline/intake/drop-folder.ts';
import { PermanentError } from '../../../src/pipeline/errors.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

/** Time between polls on the watcher's manual clock: any value, nothing waits for it in real time. */
const POLL_MS = 1_000;

/**
 * A watcher on a manual clock, driven one poll at a time: `poll()` returns once the poll the
 * clock woke it for is over, so what the test sees is what that poll did, however loaded the
 * machine. A watcher that stops (throws) fails the wait instead of leaving it hanging.
 */
function startWatcher(options: Omit<DropFolderOptions, 'signal' | 'clock' | 'pollMs'>) {
  const clock = new ManualClock();
  const controller = new AbortController();
  const watching = watchDropFolder({ ...options, pollMs: POLL_MS, signal: controller.signal, clock });
  const stopped = watching.then(() => { throw new Error('the watcher stopped'); });
  stopped.catch(() => {}); // raced below; the test reads the watcher's own outcome from `stop`
  const asleep = () => Promise.race([clock.untilSleeping(), stopped]);
  return {
    clock,
    /** The first poll, made at start, is over. */
    started: asleep,
    async poll(): Promise<void> {
      await asleep();
      clock.advance(POLL_MS);
      await asleep();
    },
    /** Polls until `done`, at most `maxPolls` times. */
    async pollUntil(what: string, done: () => boolean, maxPolls = 10): Promise<number> {
      await asleep();
      let polls = 0;
  while (!done()) {
        if (polls === maxPolls) throw new Error(`${what}: not after ${maxPolls} polls`);
        await this.poll();
        polls++;
  }
      return polls;
    },
    async stop(): Promise<void> {
      controller.abort();
      await watching;
    },
  };
}

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

  it('offers a held file again while it stays unchanged; changed, it must be seen stable again', () => {
    const t = new StabilityTracker();
    const snap = (size: number, mtimeMs: number) => ({ size, mtimeMs });
    t.poll(new Map([['a.wav', snap(10, 1)]]), new Set());
    expect(t.poll(new Map([['a.wav', snap(10, 1)]]), new Set())).toEqual(['a.wav']);
    t.hold('a.wav', snap(10, 1));
    expect(t.poll(new Map([['a.wav', snap(10, 1)]]), new Set())).toEqual(['a.wav']);
    t.hold('a.wav', snap(10, 1));
    // Rewritten while held: not offered until two polls agree again.
    expect(t.poll(new Map([['a.wav', snap(30, 2)]]), new Set())).toEqual([]);
    expect(t.poll(new Map([['a.wav', snap(30, 2)]]), new Set())).toEqual(['a.wav']);
  });

  it('never takes an empty file on stability alone', () => {
    const t = new StabilityTracker();
    t.poll(new Map([['e.wav', { size: 0, mtimeMs: 1 }]]), new Set());
    expect(t.poll(new Map([['e.wav', { size: 0, mtimeMs: 1 }]]), new Set())).toEqual([]);
  });
});

describe('MetadataWait', () => {
  it('takes a recording with metadata at once, holds one without for the grace period, then takes it anyway', () => {
    const w = new MetadataWait(300);
    expect(w.sort(['a.wav', 'b.wav'], new Set(['a.wav']), 1_000)).toEqual({ take: ['a.wav'], wait: ['b.wav'] });
    expect(w.sort(['b.wav'], new Set(), 1_299)).toEqual({ take: [], wait: ['b.wav'] });
    // Its .meta.json arrived: taken before the grace period is over.
    expect(w.sort(['b.wav'], new Set(['b.wav']), 1_200)).toEqual({ take: ['b.wav'], wait: [] });
    // No metadata ever: taken (to be refused with its reason) once the grace period is over.
    expect(w.sort(['c.wav'], new Set(), 2_000)).toEqual({ take: [], wait: ['c.wav'] });
    expect(w.sort(['c.wav'], new Set(), 2_300)).toEqual({ take: ['c.wav'], wait: [] });
  });

  it('starts the wait again for a file not offered on a poll (changed or removed), and does not wait at all with 0', () => {
    const w = new MetadataWait(300);
    w.sort(['a.wav'], new Set(), 0);
    w.sort([], new Set(), 200);
    expect(w.sort(['a.wav'], new Set(), 400)).toEqual({ take: [], wait: ['a.wav'] });
    expect(w.sort(['a.wav'], new Set(), 700)).toEqual({ take: ['a.wav'], wait: [] });
    expect(new MetadataWait(0).sort(['a.wav'], new Set(), 0)).toEqual({ take: ['a.wav'], wait: [] });
  });
});

describe('names in ingested/ and rejected/', () => {
  it('numbers a reused name before the extension, so the companions and the reason note follow it', () => {
    expect(numberedName('x.mp3', 1)).toBe('x.mp3');
    expect(numberedName('x.mp3', 2)).toBe('x~2.mp3');
    expect(numberedName('2026-11-28.801.wav', 3)).toBe('2026-11-28.801~3.wav');
    expect(destinationGroup('x~2.mp3')).toEqual([
      'x~2.mp3', 'x~2.meta.json', 'x~2.transcript.json', 'x~2.mp3.transcript.json', 'x~2.mp3.done', 'x~2.mp3.reason.txt',
    ]);
  });

  it('counts a vanished or dropped network folder as an outage, other errors not', () => {
    for (const code of ['ENOENT', 'ENOTDIR', 'ESTALE', 'ENOTCONN', 'EIO']) expect(isFolderUnavailable(Object.assign(new Error(code), { code })), code).toBe(true);
    expect(isFolderUnavailable(Object.assign(new Error('EACCES'), { code: 'EACCES' }))).toBe(false);
    expect(isFolderUnavailable(new Error('no code'))).toBe(false);
  });
});

describe('watchDropFolder', () => {
  let dir = '';
  afterEach(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('waits for a file being written, takes it once complete, moves it with its companions; rejects permanent failures with the reason', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-drop-'));
    const taken: Array<{ name: string; size: number }> = [];
    await writeFile(path.join(dir, 'growing.wav'), Buffer.alloc(100));
    await writeFile(path.join(dir, 'growing.meta.json'), '{}');
    await writeFile(path.join(dir, 'bad.wav'), Buffer.alloc(10));
    await writeFile(path.join(dir, 'bad.wav.done'), '');
    const w = startWatcher({
      dir,
      take: async (file) => {
        const size = (await readFile(file)).length;
        if (path.basename(file) === 'bad.wav') throw new PermanentError('no audio stream');
        taken.push({ name: path.basename(file), size });
      },
    });
    await w.started();
    // The writer appends between every two polls: the watcher must not take it in the middle.
    for (let i = 0; i < 25; i++) {
      await appendFile(path.join(dir, 'growing.wav'), Buffer.alloc(100));
      await w.poll();
      expect(taken, `after append ${i + 1}`).toEqual([]);
    // bad.wav has no metadata: it is refused once the metadata wait (three polls) is over.
      expect(existsSync(path.join(dir, 'rejected', 'bad.wav.reason.txt')), `after poll ${i + 1}`).toBe(i + 1 >= 3);
    }
    // The last poll saw it grow by the last append; the next one sees it unchanged, and takes it.
    await w.poll();
    expect(taken).toEqual([{ name: 'growing.wav', size: 2_600 }]);
    await w.poll(); // and nothing is taken twice
    await w.poll();
    await w.stop();
    expect(taken).toEqual([{ name: 'growing.wav', size: 2_600 }]);
    expect((await readdir(path.join(dir, 'ingested'))).sort()).toEqual(['growing.meta.json', 'growing.wav']);
    expect((await readdir(path.join(dir, 'rejected'))).sort()).toEqual(['bad.wav', 'bad.wav.done', 'bad.wav.reason.txt']);
    expect(await readFile(path.join(dir, 'rejected', 'bad.wav.reason.txt'), 'utf8')).toBe('no audio stream\n');
  });

  it('leaves a file in place after a transient failure and takes it on a later poll', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-drop-'));
    await writeFile(path.join(dir, 'x.wav'), Buffer.alloc(10));
    await writeFile(path.join(dir, 'x.wav.done'), '');
    let tries = 0;
    const w = startWatcher({ dir, metadataWaitMs: 0, take: async () => { tries++; if (tries === 1) throw new Error('database unavailable'); } });
    await w.started();
    expect(tries).toBe(1);
    expect(await readdir(dir)).toEqual(['x.wav', 'x.wav.done']);
    await w.poll();
    await w.poll();
    await w.stop();
    expect(tries).toBe(2);
    expect((await readdir(path.join(dir, 'ingested'))).sort()).toEqual(['x.wav', 'x.wav.done']);
  });

  it('keeps every take of a reused name: a numbered name in ingested/ and rejected/, companions and reason note with it', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-drop-'));
    const w = startWatcher({
      dir, metadataWaitMs: 0,
      take: async (file) => {
        const content = await readFile(file, 'utf8');
        if (content.startsWith('bad')) throw new PermanentError(`refused: ${content}`);
      },
    });
    await w.started();
    // The dialer reuses names: three takes of x.mp3 (with metadata and a transcript), two of bad.wav.
    const drop = async (name: string, content: string, sidecars: Record<string, string>) => {
      for (const [c, text] of Object.entries({ ...sidecars, [`${name}.done`]: '' })) await writeFile(path.join(dir, c), text);
      await writeFile(path.join(dir, name), content);
      // With its marker it is taken on the next poll, the whole take moving out before the next.
      await w.poll();
      expect([name, ...companions(name)].filter((f) => existsSync(path.join(dir, f))), `${name} (${content})`).toEqual([]);
    };
    for (const take of ['1', '2', '3']) await drop('x.mp3', `audio ${take}`, { 'x.meta.json': `meta ${take}`, 'x.mp3.transcript.json': `transcript ${take}` });
    for (const take of ['1', '2']) await drop('bad.wav', `bad ${take}`, { 'bad.meta.json': `meta ${take}` });
    await w.stop();

    expect((await readdir(path.join(dir, 'ingested'))).sort()).toEqual([
      'x.meta.json', 'x.mp3', 'x.mp3.done', 'x.mp3.transcript.json',
      'x~2.meta.json', 'x~2.mp3', 'x~2.mp3.done', 'x~2.mp3.transcript.json',
      'x~3.meta.json', 'x~3.mp3', 'x~3.mp3.done', 'x~3.mp3.transcript.json',
    ]);
    // Each take's files are still that take's: nothing overwritten, nothing mixed up.
    for (const [stem, take] of [['x', '1'], ['x~2', '2'], ['x~3', '3']] as const) {
      expect(await readFile(path.join(dir, 'ingested', `${stem}.mp3`), 'utf8')).toBe(`audio ${take}`);
      expect(await readFile(path.join(dir, 'ingested', `${stem}.meta.json`), 'utf8')).toBe(`meta ${take}`);
      expect(await readFile(path.join(dir, 'ingested', `${stem}.mp3.transcript.json`), 'utf8')).toBe(`transcript ${take}`);
    }
    expect((await readdir(path.join(dir, 'rejected'))).sort()).toEqual([
      'bad.meta.json', 'bad.wav', 'bad.wav.done', 'bad.wav.reason.txt',
      'bad~2.meta.json', 'bad~2.wav', 'bad~2.wav.done', 'bad~2.wav.reason.txt',
    ]);
    for (const [stem, take] of [['bad', '1'], ['bad~2', '2']] as const) {
      expect(await readFile(path.join(dir, 'rejected', `${stem}.wav`), 'utf8')).toBe(`bad ${take}`);
      expect(await readFile(path.join(dir, 'rejected', `${stem}.meta.json`), 'utf8')).toBe(`meta ${take}`);
      expect(await readFile(path.join(dir, 'rejected', `${stem}.wav.reason.txt`), 'utf8')).toBe(`refused: bad ${take}\n`);
    }
  });

  it('a name free in ingested/ but whose companion name is taken there is numbered too', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-drop-'));
    // x.wav was taken earlier with its metadata; now x.mp3 arrives with its own x.meta.json.
    await mkdir(path.join(dir, 'ingested'));
    await writeFile(path.join(dir, 'ingested', 'x.wav'), 'earlier');
    await writeFile(path.join(dir, 'ingested', 'x.meta.json'), 'earlier meta');
    await writeFile(path.join(dir, 'x.meta.json'), 'meta');
    await writeFile(path.join(dir, 'x.mp3'), 'audio');
    await writeFile(path.join(dir, 'x.mp3.done'), '');
    const w = startWatcher({ dir, take: async () => {} });
    await w.started();
    await w.stop();
    expect((await readdir(path.join(dir, 'ingested'))).sort()).toEqual(['x.meta.json', 'x.wav', 'x~2.meta.json', 'x~2.mp3', 'x~2.mp3.done']);
    expect(await readFile(path.join(dir, 'ingested', 'x.meta.json'), 'utf8')).toBe('earlier meta');
    expect(await readFile(path.join(dir, 'ingested', 'x~2.meta.json'), 'utf8')).toBe('meta');
  });

  it('refuses to start on a drop folder that does not exist or is not a directory, saying which', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-drop-'));
    const missing = path.join(dir, 'not-mounted');
    const options = { pollMs: 20, signal: new AbortController().signal, take: async () => {} };
    await expect(watchDropFolder({ ...options, dir: missing })).rejects.toThrow(`drop folder ${missing} does not exist`);
    await writeFile(path.join(dir, 'a-file'), '');
    await expect(checkDropFolder(path.join(dir, 'a-file'))).rejects.toThrow(/is not a directory/);
    await expect(checkDropFolder(dir)).resolves.toBeUndefined();
  });

  it('rides out the folder going away: one warning for the outage, not one per poll; back, it takes files again', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'cg-drop-'));
    dir = root;
    const drop = path.join(root, 'drop');
    const away = path.join(root, 'unmounted');
    await mkdir(drop);
    const events: string[] = [];
    const taken: string[] = [];
    const w = startWatcher({
      dir: drop, metadataWaitMs: 0,
      take: async (file) => { taken.push(path.basename(file)); },
      onUnavailable: (err) => events.push(`unavailable ${err.code}`),
      onAvailable: (downMs) => events.push(`available after ${downMs} ms`),
    });
    await w.started();
    await writeFile(path.join(drop, 'before.wav'), 'a');
    // Moved, not only taken: unmounted between the two, it is (rightly) taken again after the outage.
    await w.pollUntil('before.wav to be moved', () => existsSync(path.join(drop, 'ingested', 'before.wav')));

    // The mount drops (the folder is gone, as for an unmounted share's subfolder) for ten polls.
    await rename(drop, away);
    await w.poll();
    expect(events).toEqual(['unavailable ENOENT']);
    for (let i = 0; i < 9; i++) await w.poll();
    expect(events).toEqual(['unavailable ENOENT']);
    // The dialer wrote on while the watcher could not see it.
    await writeFile(path.join(away, 'during.wav'), 'b');
    await rename(away, drop);
    await w.poll();
    expect(events).toEqual(['unavailable ENOENT', `available after ${10 * POLL_MS} ms`]);
    // Seen afresh after the outage: unchanged on two polls before it is taken.
    await w.pollUntil('during.wav to be taken', () => taken.includes('during.wav'));
    await w.stop();
    expect(taken).toEqual(['before.wav', 'during.wav']);
    expect((await readdir(path.join(drop, 'ingested'))).sort()).toEqual(['before.wav', 'during.wav']);
  });

  it('a folder unmounted between taking a recording and moving it is not recreated empty; the recording is taken again once it is back', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'cg-drop-'));
    dir = root;
    const drop = path.join(root, 'drop');
    const away = path.join(root, 'unmounted');
    await mkdir(drop);
    const taken: string[] = [];
    const errors: string[] = [];
    const events: string[] = [];
    const w = startWatcher({
      dir: drop, metadataWaitMs: 0,
      take: async (file) => {
        taken.push(path.basename(file));
        if (taken.length === 1) await rename(drop, away); // the share drops while the call is stored
      },
      onError: (file, err) => errors.push(`${path.basename(file)}: ${(err as NodeJS.ErrnoException).code}`),
      onUnavailable: (err) => events.push(`unavailable ${err.code}`),
      onAvailable: () => events.push('available'),
    });
    await w.started();
    await writeFile(path.join(drop, 'a.wav'), 'a');
    await w.pollUntil('the outage to be noticed', () => events.length > 0);
    await w.poll();
    await w.poll();
    expect(existsSync(drop)).toBe(false);
    expect(errors).toEqual(['a.wav: ENOENT']);
    await rename(away, drop);
    await w.pollUntil('a.wav to be moved', () => existsSync(path.join(drop, 'ingested', 'a.wav')));
    await w.stop();
    expect(taken).toEqual(['a.wav', 'a.wav']);
    expect(events).toEqual(['unavailable ENOENT', 'available']);
    expect(await readdir(drop)).toEqual(['ingested']);
  });

  it('gives a recording the metadata wait to get its .meta.json before refusing it for want of one', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-drop-'));
    const seen: Array<{ name: string; hadMetadata: boolean; at: number }> = [];
    const metadataWaitMs = 5 * POLL_MS;
    const w = startWatcher({
      dir, metadataWaitMs,
      take: async (file) => {
        seen.push({ name: path.basename(file), hadMetadata: existsSync(file.replace(/\.wav$/, '.meta.json')), at: w.clock.nowMs() });
      },
    });
    await w.started();
    await writeFile(path.join(dir, 'late.wav'), 'a');
    await writeFile(path.join(dir, 'orphan.wav'), 'b');
    await w.poll(); // seen
    await w.poll(); // unchanged: complete, its metadata wait starts now
    const completeAt = w.clock.nowMs();
    // The recording is complete well before its metadata, written by another process, lands.
    await w.poll();
    await w.poll();
    expect(seen).toEqual([]);
    await writeFile(path.join(dir, 'late.meta.json'), '{}');
    await w.pollUntil('both to be taken', () => seen.length === 2);
    await w.stop();
    // late.wav was taken with its metadata on the next poll, without waiting out the whole period;
    // orphan.wav was held for the whole period (from when it was complete), then taken to be refused.
    expect(seen).toEqual([
      { name: 'late.wav', hadMetadata: true, at: completeAt + 3 * POLL_MS },
      { name: 'orphan.wav', hadMetadata: false, at: completeAt + metadataWaitMs },
    ]);
  });
});
