import { describe, expect, it } from 'vitest';
import { parseProcessDirName, processDirName, staleProcessDirs } from '../../../src/audio/stale-work-dirs.ts';

describe('process directory names', () => {
  it('round-trip host and pid, also for hostnames with dashes', () => {
    expect(parseProcessDirName(processDirName('worker-2.example', 4711, 'a1b2c3d4e5f6'))).toEqual({ host: 'worker-2.example', pid: 4711 });
  });

  it('are not recognised without a pid and random part', () => {
    for (const name of ['callguard-transcribe-Xy12ab', 'host-12', 'host-abc-a1b2c3d4', 'host-0-a1b2c3d4', '-12-a1b2c3d4', 'host-12-zz']) {
      expect(parseProcessDirName(name), name).toBeNull();
    }
  });
});

describe('staleProcessDirs', () => {
  const alive = new Set([100, 300]);
  const check = { host: 'node-a', isAlive: (pid: number) => alive.has(pid) };

  it('picks directories of this host whose process is gone', () => {
    const names = [
      processDirName('node-a', 100, 'aaaaaaaa'), // alive
      processDirName('node-a', 200, 'bbbbbbbb'), // dead
      processDirName('node-a', 201, 'cccccccc'), // dead
      processDirName('node-a', 300, 'dddddddd'), // alive
    ];
    expect(staleProcessDirs(names, check)).toEqual([names[1], names[2]]);
  });

  it('leaves other hosts and other names alone, whatever their pid', () => {
    const names = [processDirName('node-b', 200, 'bbbbbbbb'), processDirName('node-a-2', 200, 'bbbbbbbb'), 'lost+found', 'notes-200-txt'];
    const asked: number[] = [];
    expect(staleProcessDirs(names, { host: 'node-a', isAlive: (pid) => (asked.push(pid), false) })).toEqual([]);
    // A pid of another host is never looked up here: it would name an unrelated local process.
    expect(asked).toEqual([]);
  });
});
