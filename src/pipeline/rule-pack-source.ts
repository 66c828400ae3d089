import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Language } from '../domain/transcript.ts';
import { loadRuleSet, formatProblem, lookbackForPack, modelFilesIn, PACK_MODELS_DIR, POLICY_FILE, type CompiledPack, type Policy } from '../rules/index.ts';
import { withTempDir } from '../audio/temp-dir.ts';
import type { Queryable } from '../store/db.ts';
import { RulePacksRepository, type RulePackFile } from '../store/index.ts';
import { PermanentError } from './errors.ts';

/** A compiled pack and the content hash findings are tagged with. */
export interface ActivePack {
  language: Language;
  /** sha256 over the pack's files (path and content): the scan stage's version key. */
  packHash: string;
  pack: CompiledPack;
  policy: Policy;
  /** The files, as stored in rule_packs (directory packs are recorded there, inactive, on first use). */
  files: RulePackFile[];
}

/** Who "published" a pack that was read from a worker's rules directory rather than from the review app. */
export const RULES_DIRECTORY_PUBLISHER = 'system:rules-directory';

/** sha256 over every file of a pack, sorted by path: the same content gives the same hash. */
export function packContentHash(files: readonly RulePackFile[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(f.path).update('\0').update(f.content).update('\0');
  }
  return h.digest('hex');
}

/**
 * Lays a pack's stored files out as a rules tree the rule engine reads, in `dir`:
 * `<language>/<file>.yaml`, the rules directory's policy.yaml, and the text models its model rules
 * name. A stored pack (published, or a draft) is YAML only: the models come with the deployment, from
 * the rules directory's `<language>/models/`.
 */
export async function layOutPackTree(dir: string, rulesDir: string, language: Language, files: readonly RulePackFile[]): Promise<void> {
  await mkdir(path.join(dir, language), { recursive: true });
  for (const f of files) await writeFile(path.join(dir, language, path.basename(f.path)), f.content);
  try {
    await cp(path.join(rulesDir, POLICY_FILE), path.join(dir, POLICY_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const models = modelFilesIn(path.join(rulesDir, language));
  if (models.length === 0) return;
  await mkdir(path.join(dir, language, PACK_MODELS_DIR), { recursive: true });
  for (const file of models) await cp(file, path.join(dir, language, PACK_MODELS_DIR, path.basename(file)));
}

export function packFilesIn(dir: string): RulePackFile[] {
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/i.test(n) && statSync(path.join(dir, n)).isFile())
    .sort()
    .map((n) => ({ path: n, content: readFileSync(path.join(dir, n), 'utf8') }));
}

/**
 * Which rule pack a scan uses. The language's active pack published in the database (what a
 * compliance officer published from the review app) wins; without one, the pack in the rules
 * directory. Packs are compiled once per content hash and kept: a worker scans thousands of calls
 * with the same pack.
 */
export class RulePackSource {
  private readonly byHash = new Map<string, ActivePack>();
  private dirPacks: Map<Language, ActivePack> | undefined;
  private readonly published = new Map<Language, { at: number; pack: Promise<ActivePack | null> }>();
  private readonly recorded = new Map<string, Promise<void>>();
  private lookbackHint: { packs: number; ms: number } | undefined;
  /** The published pack each language last loaded: kept when a newer one does not compile. */
  private readonly lastGood = new Map<Language, ActivePack>();
  /** Published versions that did not compile here, so each is reported once, not once per call. */
  private readonly refused = new Set<string>();

  /**
   * @param publishedTtlMs how long the answer to "which pack is published for this language" is
   *   reused: one query per language per interval instead of one per call. A newly published pack
   *   applies to calls scanned after at most this long, or at once after `invalidate` (a
   *   publish's notification).
   * @param onRefused told when a published version does not compile here; the previous one stays in use.
   */
  constructor(
    private readonly rulesDir: string,
    private readonly publishedTtlMs = 5_000,
    private readonly onRefused: (packHash: string, language: Language, err: Error) => void = () => {},
  ) {}

  /** Forget which pack is published for the language: the next scan asks the database again. */
  invalidate(language?: Language): void {
    if (language) this.published.delete(language);
    else this.published.clear();
  }

  /** The version each language is scanned with now (published or from the rules directory), as far as this process has loaded one. */
  loadedVersions(): Array<{ language: Language; packHash: string }> {
    const out = new Map<Language, string>();
    for (const [language, pack] of this.dirPacks ?? []) out.set(language, pack.packHash);
    for (const [language, pack] of this.lastGood) out.set(language, pack.packHash);
    return [...out].map(([language, packHash]) => ({ language, packHash }));
  }

  /** Loads and compiles the rules directory now, so a worker with invalid rules refuses to start. */
  loadDirectory(): Map<Language, ActivePack> {
    if (this.dirPacks) return this.dirPacks;
    const set = loadRuleSet(this.rulesDir);
    if (!set.ok) {
      throw new Error(`invalid rules in ${this.rulesDir}:\n${set.problems.map(formatProblem).join('\n')}`);
    }
    const packs = new Map<Language, ActivePack>();
    for (const [language, pack] of set.packs) {
      const files = packFilesIn(languageDir(this.rulesDir, language));
      const active: ActivePack = { language, packHash: packContentHash(files), pack, policy: set.policy, files };
      packs.set(language, active);
      this.byHash.set(active.packHash, active);
    }
    this.dirPacks = packs;
    return packs;
  }

  /**
   * The longest history any pack this process has loaded needs (ms): what the scan reads with the
   * call in one query. A pack loaded later that needs more makes the scan read the rest itself.
   */
  lookbackHintMs(): number {
    this.loadDirectory();
    if (this.lookbackHint?.packs !== this.byHash.size) {
      let ms = 0;
      for (const p of this.byHash.values()) ms = Math.max(ms, lookbackForPack(p.pack));
      this.lookbackHint = { packs: this.byHash.size, ms };
    }
    return this.lookbackHint.ms;
  }

  /** The pack to scan a new call of this language with. */
  async current(q: Queryable, language: Language): Promise<ActivePack> {
    const now = Date.now();
    let cached = this.published.get(language);
    if (!cached || now - cached.at > this.publishedTtlMs) {
      const pack = new RulePacksRepository(q).getActive(language).then((p) => (p ? this.loadPublished(p.contentHash, language, p.files) : null));
      cached = { at: now, pack };
      this.published.set(language, cached);
      // A failed lookup (database restarting) must not be remembered.
      pack.catch(() => {
        if (this.published.get(language) === cached) this.published.delete(language);
      });
    }
    const published = await cached.pack;
    if (published) return published;
    const dirPack = this.loadDirectory().get(language);
    if (!dirPack) throw new PermanentError(`no rule pack for ${language} in ${this.rulesDir} and none published`);
    await this.record(q, dirPack);
    return dirPack;
  }

  /**
   * The published version, compiled; when it does not compile (published by a newer callguard, or
   * a policy this directory refuses), the version this process ran before stays in use and the
   * reason is reported once. Nothing that fails to load is ever scanned with.
   */
  private async loadPublished(packHash: string, language: Language, files: RulePackFile[]): Promise<ActivePack | null> {
    if (!this.refused.has(packHash)) {
      try {
        const pack = await this.fromStored(packHash, language, files);
        this.lastGood.set(language, pack);
        return pack;
      } catch (err) {
        this.refused.add(packHash);
        this.onRefused(packHash, language, err instanceof Error ? err : new Error(String(err)));
      }
    }
    return this.lastGood.get(language) ?? null;
  }

  /**
   * Stores a directory pack in rule_packs (inactive) the first time this process scans with it.
   * Workers on several machines, or restarted during a rules deploy, may hold different versions:
   * the triage worker must be able to load the exact version a scan worker used, by its hash.
   */
  private record(q: Queryable, active: ActivePack): Promise<void> {
    let done = this.recorded.get(active.packHash);
    if (!done) {
      done = new RulePacksRepository(q)
        .insertIfNew({
          language: active.language, contentHash: active.packHash, files: active.files, ruleCount: active.pack.rules.length,
          publishedBy: RULES_DIRECTORY_PUBLISHER, note: `read from ${this.rulesDir}`,
        })
        .then(() => undefined);
      this.recorded.set(active.packHash, done);
      done.catch(() => {
        if (this.recorded.get(active.packHash) === done) this.recorded.delete(active.packHash);
      });
    }
    return done;
  }

  /** A specific version, for re-scans: the rules directory's pack or one stored in the database. */
  async version(q: Queryable, packHash: string): Promise<ActivePack> {
    this.loadDirectory();
    const cached = this.byHash.get(packHash);
    if (cached) return cached;
    const stored = await new RulePacksRepository(q).getByHash(packHash);
    if (!stored) throw new PermanentError(`rule pack ${packHash} is neither in ${this.rulesDir} nor published`);
    return this.fromStored(stored.contentHash, stored.language as Language, stored.files);
  }

  private async fromStored(packHash: string, language: Language, files: RulePackFile[]): Promise<ActivePack> {
    const cached = this.byHash.get(packHash);
    if (cached) return cached;
    // The rule engine reads packs from files: lay the stored files out as a rules tree, with this
    // directory's policy, and compile them with the same loader the CLI uses.
    const active = await withTempDir('pack', async (dir) => {
      await layOutPackTree(dir, this.rulesDir, language, files);
      const set = loadRuleSet(dir);
      // Problems name the files as stored (zh-CN/threat.yaml), not the temporary tree they were laid out in.
      const stored = (line: string) => line.split(`${dir}${path.sep}`).join('');
      if (!set.ok) throw new Error(`published rule pack ${packHash} does not load:\n${set.problems.map((p) => stored(formatProblem(p))).join('\n')}`);
      const pack = set.packs.get(language);
      if (!pack) throw new Error(`published rule pack ${packHash} has no ${language} rules`);
      return { language, packHash, pack, policy: set.policy, files };
    });
    this.byHash.set(packHash, active);
    return active;
  }
}

export function languageDir(rulesDir: string, language: Language): string {
  const sub = path.join(rulesDir, language);
  try {
    if (statSync(sub).isDirectory()) return sub;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return rulesDir; // a directory that is itself one pack
}
