import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedPackLoader, defaultCacheDir, type PackLoader } from '../../../src/cli/pack-cache.ts';
import { compilePack, loadPack, parseTranscriptFile, scanTranscript } from '../../../src/rules/index.ts';

let work: string;
let packDir: string;
let cacheDir: string;

/** loadPack, counting how often the YAML was actually read. */
function countingLoader(): PackLoader & { calls: number } {
  const f = ((dir, language) => {
    f.calls++;
    return loadPack(dir, language);
  }) as PackLoader & { calls: number };
  f.calls = 0;
  return f;
}

beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'callguard-pack-cache-'));
  packDir = path.join(work, 'en-US');
  cpSync('rules/en-US', packDir, { recursive: true });
  cacheDir = path.join(work, 'cache');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('the loaded-pack cache of callguard scan', () => {
  it('reads a valid pack from the cache on the next start, and it scans exactly like the YAML', () => {
    const first = countingLoader();
    const fresh = cachedPackLoader({ buildId: 'build-1', cacheDir, load: first })(packDir, 'en-US');
    const second = countingLoader();
    const cached = cachedPackLoader({ buildId: 'build-1', cacheDir, load: second })(packDir, 'en-US');
    expect(first.calls).toBe(1);
    expect(second.calls).toBe(0);
    expect(fresh.ok && cached.ok).toBe(true);
    if (!fresh.ok || !cached.ok) return;
    expect(cached.value).toEqual(fresh.value);
    expect(cached.value.expandedLexicons).toBeInstanceOf(Map);

    const parsed = parseTranscriptFile('fixtures/transcripts/en-violation.json');
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const transcript = parsed.transcript;
    const findings = (pack: typeof fresh.value) => scanTranscript(compilePack(pack), transcript).map((f) => [f.ruleId, f.ruleVersion, f.startMs]);
    expect(findings(cached.value)).toEqual(findings(fresh.value));
    expect(findings(cached.value).length).toBeGreaterThan(0);
  });

  it('misses when a model file changes: a retrained model is part of the pack', () => {
    const zhDir = path.join(work, 'zh-CN');
    cpSync('rules/zh-CN', zhDir, { recursive: true });
    const load = countingLoader();
    const loader = cachedPackLoader({ buildId: 'build-1', cacheDir, load });
    const first = loader(zhDir, 'zh-CN');
    loader(zhDir, 'zh-CN');
    expect(load.calls).toBe(1);
    const model = path.join(zhDir, 'models', 'zh-threat.json');
    const original = readFileSync(model, 'utf8');
    const file = JSON.parse(original);
    const retrained = JSON.stringify({ ...file, bias: file.bias - 1 });
    writeFileSync(model, retrained);
    // Not yet pinned: the cached pack is not served, the pin is reported.
    const unpinned = loader(zhDir, 'zh-CN');
    expect(load.calls).toBe(2);
    expect(unpinned.ok ? [] : unpinned.problems.map((p) => p.message)).toEqual([expect.stringMatching(/model_sha256: the model .*zh-threat\.json is not the one/)]);
    const yaml = path.join(zhDir, 'threat.yaml');
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(`model_sha256: ${sha256(original)}`, `model_sha256: ${sha256(retrained)}`));
    const second = loader(zhDir, 'zh-CN');
    expect(load.calls).toBe(3);
    if (!first.ok || !second.ok) throw new Error('the zh-CN pack should load');
    const version = (p: typeof first.value) => compilePack(p).rules.find((r) => r.id === 'zh.threat.wording-model')!.version;
    expect(version(second.value)).not.toBe(version(first.value));
  });

  it('misses when a rule file, the set of files or the build changes', () => {
    const load = countingLoader();
    const loader = (buildId: string) => cachedPackLoader({ buildId, cacheDir, load });
    loader('build-1')(packDir, 'en-US');
    appendFileSync(path.join(packDir, 'threats.yaml'), '\n# a comment changes the bytes\n');
    loader('build-1')(packDir, 'en-US');
    writeFileSync(path.join(packDir, 'extra.yaml'), 'language: en-US\nrules: []\n');
    loader('build-1')(packDir, 'en-US');
    loader('build-2')(packDir, 'en-US');
    expect(load.calls).toBe(4);
    loader('build-2')(packDir, 'en-US');
    expect(load.calls).toBe(4);
  });

  it('never stores a pack with problems: its messages always come from the files', () => {
    writeFileSync(path.join(packDir, 'broken.yaml'), 'language: en-US\nrules:\n  - id: en.broken\n    colour: red\n');
    const load = countingLoader();
    const loader = cachedPackLoader({ buildId: 'build-1', cacheDir, load });
    const a = loader(packDir, 'en-US');
    const b = loader(packDir, 'en-US');
    expect(a.ok || b.ok).toBe(false);
    expect(load.calls).toBe(2);
    expect(b.ok ? [] : b.problems.map((p) => p.file)).toContain(path.join(packDir, 'broken.yaml'));
  });

  it('a damaged cache file is ignored and replaced', () => {
    const load = countingLoader();
    const loader = cachedPackLoader({ buildId: 'build-1', cacheDir, load });
    loader(packDir, 'en-US');
    const [file] = readdirSync(path.join(cacheDir, 'packs'));
    writeFileSync(path.join(cacheDir, 'packs', file!), 'not a v8 value');
    expect(loader(packDir, 'en-US').ok).toBe(true);
    expect(loader(packDir, 'en-US').ok).toBe(true);
    expect(load.calls).toBe(2);
  });

  it('caches nothing when running from the sources (no build id), where the loader itself may have changed', () => {
    const load = countingLoader();
    const loader = cachedPackLoader({ buildId: null, cacheDir, load });
    loader(packDir, 'en-US');
    loader(packDir, 'en-US');
    expect(load.calls).toBe(2);
  });

  it('lives in CALLGUARD_CACHE_DIR, else the XDG cache folder', () => {
    expect(defaultCacheDir({ CALLGUARD_CACHE_DIR: '/x/cg' })).toBe('/x/cg');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/callguard');
    expect(defaultCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'callguard'));
  });
});
