import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../../../src/audio/temp-dir.ts';

const exists = (p: string) => access(p).then(() => true, () => false);

describe('withTempDir', () => {
  it('gives a private directory and removes it with its files afterwards', async () => {
    let seen = '';
    const result = await withTempDir('unit', async (dir) => {
      seen = dir;
      await writeFile(path.join(dir, 'x16k.wav'), 'data');
      return 42;
    });
    expect(result).toBe(42);
    expect(path.basename(seen)).toMatch(/^callguard-unit-/);
    expect(await exists(seen)).toBe(false);
  });

  it('removes it when the work throws, and the error comes through', async () => {
    let seen = '';
    await expect(
      withTempDir('unit', async (dir) => {
        seen = dir;
        await writeFile(path.join(dir, 'partial'), 'x');
        throw new Error('engine failed');
      }),
    ).rejects.toThrow('engine failed');
    expect(await exists(seen)).toBe(false);
  });
});

describe('withTempDir under a work directory', () => {
  it('makes the directory inside it and removes only that', async () => {
    await withTempDir('outer', async (work) => {
      let seen = '';
      await withTempDir('unit', async (dir) => {
        seen = dir;
        await writeFile(path.join(dir, 'channel.wav'), 'pcm');
      }, work);
      expect(path.dirname(seen)).toBe(work);
      expect(await exists(seen)).toBe(false);
      expect(await exists(work)).toBe(true);
    });
  });
});
