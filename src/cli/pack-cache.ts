import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Language } from '../domain/transcript.ts';
import { loadPack, modelFilesIn, ruleFilesIn, type LoadedPack, type LoadResult } from '../rules/index.ts';

/**
 * A cache of loaded rule packs for short commands (`callguard scan`). Parsing a pack's YAML with
 * positions and validating it is most of a scan's start-up (≈ 0.3 s of CPU for the en-US pack, whose
 * examples make it 180 KB), and the result depends only on the files and on the loader's code. So a
 * valid pack is stored, structured-cloned with v8, under a key made of the code's build id, the pack's
 * folder and every file's name and content (rule files and model files); the next start reads it back
 * in a few milliseconds.
 *
 * Only valid packs are stored: a pack with problems is loaded afresh every time, so lint messages
 * always come from the files. Without a build id (the CLI running from its sources, where the loader
 * may have changed since the last run) nothing is cached.
 */
export type PackLoader = (dir: string, language?: Language) => LoadResult<LoadedPack>;

/** $CALLGUARD_CACHE_DIR, else $XDG_CACHE_HOME/callguard, else ~/.cache/callguard. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CALLGUARD_CACHE_DIR) return env.CALLGUARD_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'callguard');
}

/** The cache key of a pack folder as it is on disk now. */
export function packCacheKey(buildId: string, dir: string, language: Language | undefined): string {
  const h = createHash('sha256');
  h.update(buildId).update('\0').update(path.resolve(dir)).update('\0').update(language ?? '').update('\0');
  for (const file of ruleFilesIn(dir)) h.update(path.basename(file)).update('\0').update(readFileSync(file)).update('\0');
  // A retrained model changes what the pack's model rules find: it is part of the key.
  for (const file of modelFilesIn(dir)) h.update(path.relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  return h.digest('hex');
}

export function cachedPackLoader(options: { buildId: string | null; cacheDir: string; load?: PackLoader }): PackLoader {
  const load = options.load ?? loadPack;
  const { buildId, cacheDir } = options;
  if (buildId === null) return load;
  return (dir, language) => {
    const file = path.join(cacheDir, 'packs', `${packCacheKey(buildId, dir, language)}.v8`);
    const cached = readCached(file);
    if (cached) return { ok: true, value: cached };
    const result = load(dir, language);
    if (result.ok) writeCached(file, result.value);
    return result;
  };
}

function readCached(file: string): LoadedPack | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null; // not cached yet
  }
  try {
    const value = deserialize(bytes) as LoadedPack;
    return value && Array.isArray(value.rules) && typeof value.language === 'string' ? value : null;
  } catch {
    // A truncated or foreign file: load from the YAML instead, and the write below replaces it.
    return null;
  }
}

function writeCached(file: string, pack: LoadedPack): void {
  // The cache only saves time: a read-only or full disk must not fail the scan, so a failed write
  // leaves the next start to parse the YAML again.
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, serialize(pack));
    renameSync(partial, file); // whole or absent, for a scan starting meanwhile
  } catch {
    /* see above */
  }
}
