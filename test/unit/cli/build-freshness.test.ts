import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliBuildIsFresh, webBuildIsFresh } from '../../../scripts/build-freshness.js';

/* Which build bin/callguard.js runs and what setup rebuilds: file times set explicitly, no waiting. */
let root: string;
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function put(rel: string, when: Date, text = 'x'): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, when, when);
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'callguard-freshness-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the CLI build', () => {
  beforeEach(() => {
    put('src/cli/main.ts', at(0));
    put('src/store/migrate.ts', at(0));
    put('dist/build-inputs.json', at(10), JSON.stringify(['src/cli/main.ts', 'src/store/migrate.ts']));
    put('dist/callguard.js', at(10));
  });

  it('is fresh when no source it was built from changed since', () => {
    expect(cliBuildIsFresh(root)).toBe(true);
  });

  it('is stale once a source is saved after the build began', () => {
    utimesSync(path.join(root, 'src/store/migrate.ts'), at(11), at(11));
    expect(cliBuildIsFresh(root)).toBe(false);
  });

  it('is stale when a source it was built from is gone (renamed or deleted)', () => {
    rmSync(path.join(root, 'src/store/migrate.ts'));
    expect(cliBuildIsFresh(root)).toBe(false);
  });

  it('is missing without dist/ or without its list of sources', () => {
    rmSync(path.join(root, 'dist/build-inputs.json'));
    expect(cliBuildIsFresh(root)).toBe(false);
    rmSync(path.join(root, 'dist'), { recursive: true });
    expect(cliBuildIsFresh(root)).toBe(false);
  });
});

describe('the web build', () => {
  beforeEach(() => {
    put('package-lock.json', at(0));
    put('web/index.html', at(0));
    put('web/src/main.tsx', at(0));
    put('web/dist/index.html', at(10));
    put('web/dist/assets/app.js', at(10));
  });

  it('is fresh when nothing in web/ (its own output aside) or the lock file is newer', () => {
    expect(webBuildIsFresh(root)).toBe(true);
  });

  it('is stale after an edit in web/src or a dependency change', () => {
    utimesSync(path.join(root, 'web/src/main.tsx'), at(20), at(20));
    expect(webBuildIsFresh(root)).toBe(false);
    utimesSync(path.join(root, 'web/src/main.tsx'), at(0), at(0));
    utimesSync(path.join(root, 'package-lock.json'), at(20), at(20));
    expect(webBuildIsFresh(root)).toBe(false);
  });

  it('is missing without web/dist/index.html', () => {
    rmSync(path.join(root, 'web/dist'), { recursive: true });
    expect(webBuildIsFresh(root)).toBe(false);
  });
});
