import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Language } from '../domain/transcript.ts';
import { loadRuleSet, formatProblem, type CompiledPack, type Policy } from '../rules/index.ts';
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
}

/** sha256 over every file of a pack, sorted by path: the same content gives the same hash. */
export function packContentHash(files: readonly RulePackFile[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(f.path).update('\0').update(f.content).update('\0');
  }
  return h.digest('hex');
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

  constructor(private readonly rulesDir: string) {}

  /** Loads and compiles the rules directory now, so a worker with invalid rules refuses to start. */
  loadDirectory(): Map<Language, ActivePack> {
    if (this.dirPacks) return this.dirPacks;
    const set = loadRuleSet(this.rulesDir);
    if (!set.ok) {
      throw new Error(`invalid rules in ${this.rulesDir}:\n${set.problems.map(formatProblem).join('\n')}`);
    }
    const packs = new Map<Language, ActivePack>();
    for (const [language, pack] of set.packs) {
      const dir = languageDir(this.rulesDir, language);
      const active: ActivePack = { language, packHash: packContentHash(packFilesIn(dir)), pack, policy: set.policy };
      packs.set(language, active);
      this.byHash.set(active.packHash, active);
    }
    this.dirPacks = packs;
    return packs;
  }

  /** The pack to scan a new call of this language with. */
  async current(q: Queryable, language: Language): Promise<ActivePack> {
    const published = await new RulePacksRepository(q).getActive(language);
    if (published) return this.fromStored(published.contentHash, language, published.files);
    const dirPack = this.loadDirectory().get(language);
    if (!dirPack) throw new PermanentError(`no rule pack for ${language} in ${this.rulesDir} and none published`);
    return dirPack;
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
      await mkdir(path.join(dir, language));
      for (const f of files) await writeFile(path.join(dir, language, path.basename(f.path)), f.content);
      const policy = path.join(this.rulesDir, 'policy.yaml');
      try {
        statSync(policy);
        await cp(policy, path.join(dir, 'policy.yaml'));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      const set = loadRuleSet(dir);
      if (!set.ok) throw new Error(`published rule pack ${packHash} does not load:\n${set.problems.map(formatProblem).join('\n')}`);
      const pack = set.packs.get(language);
      if (!pack) throw new Error(`published rule pack ${packHash} has no ${language} rules`);
      return { language, packHash, pack, policy: set.policy };
    });
    this.byHash.set(packHash, active);
    return active;
  }
}

function languageDir(rulesDir: string, language: Language): string {
  const sub = path.join(rulesDir, language);
  try {
    if (statSync(sub).isDirectory()) return sub;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return rulesDir; // a directory that is itself one pack
}
