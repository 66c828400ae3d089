import path from 'node:path';
import { withTempDir } from '../audio/temp-dir.ts';
import type { Language } from '../domain/transcript.ts';
import { diffPacks, formatProblem, loadPack, loadRuleSet, ruleHashesOf, ruleTextHashesOf, runExamples, type CompiledPack, type PackDiff, type RuleHashes } from '../rules/index.ts';
import type { Db } from '../store/db.ts';
import { activateStoredRulePack, publishRulePack, RulePacksRepository, type RulePackFile, type StoredRulePack } from '../store/index.ts';
import { layOutPackTree, packContentHash } from './rule-pack-source.ts';

/**
 * Publishing and rolling back rule packs: the one path the CLI (`callguard rules publish`,
 * `rules rollback`) and the review app share, so a pack that fails lint or its examples is
 * refused whichever way it comes.
 */

/** A pack refused before anything was stored: each problem as `language/file.yaml:line:col: message`. */
export class PackRefusedError extends Error {
  constructor(readonly problems: readonly string[], summary: string) {
    super(`${summary}:\n${problems.join('\n')}`);
    this.name = 'PackRefusedError';
  }
}

/** A publish or rollback that does not apply: an unknown version, or the one already active. */
export class PackVersionError extends Error {
  constructor(message: string, readonly kind: 'unknown' | 'already_active') {
    super(message);
    this.name = 'PackVersionError';
  }
}

const FILE_NAME = /^[A-Za-z0-9._-]+\.ya?ml$/;

/**
 * Lays the files out as a rules tree (`DIR/<language>/<file>`, the server's policy.yaml and text models), then
 * lints, compiles and runs every rule's examples with the same loader the CLI uses.
 */
export async function checkPackFiles(
  rulesDir: string, language: Language, files: readonly RulePackFile[],
): Promise<{ ok: true; pack: CompiledPack } | { ok: false; problems: string[] }> {
  const named = files.map((f) => f.path).filter((p) => !FILE_NAME.test(p));
  if (named.length > 0) return { ok: false, problems: named.map((p) => `${p}: a rule file is named like abuse.yaml (letters, digits, . _ -)`) };
  if (files.length === 0) return { ok: false, problems: [`${language}: no rule files`] };
  if (new Set(files.map((f) => f.path)).size !== files.length) return { ok: false, problems: [`${language}: two files with the same name`] };
  return withTempDir('publish', async (dir) => {
    await layOutPackTree(dir, rulesDir, language, files);
    // Problems name the files as the officer knows them (zh-CN/abuse.yaml), not the temp directory.
    const relative = (line: string) => line.split(`${dir}${path.sep}`).join('');
    const set = loadRuleSet(dir);
    if (!set.ok) return { ok: false, problems: set.problems.map((p) => relative(formatProblem(p))) };
    const pack = set.packs.get(language);
    if (!pack) return { ok: false, problems: [`${language}: the files hold no ${language} rules`] };
    const failed = runExamples(pack).results.filter((r) => !r.passed);
    if (failed.length > 0) return { ok: false, problems: failed.map((r) => relative(`${r.position.file}:${r.position.line}:${r.position.col}: ${r.message}`)) };
    return { ok: true, pack };
  });
}

/** The rules' text hashes of stored files (ruleTextHashesOf), read without their model files. */
async function ruleTextHashesIn(rulesDir: string, language: Language, files: readonly RulePackFile[]): Promise<RuleHashes> {
  return withTempDir('publish-diff', async (dir) => {
    await layOutPackTree(dir, rulesDir, language, files);
    const loaded = loadPack(path.join(dir, language), language, { models: 'skip' });
    return loaded.ok ? ruleTextHashesOf(loaded.value) : new Map();
  });
}

export interface PublishRequest {
  language: Language;
  files: RulePackFile[];
  author: string;
  message: string;
  /** For the audit log: the app user's role and address. */
  actorRole?: string | null;
  ip?: string | null;
}

export interface PublishResult {
  pack: StoredRulePack;
  previousHash: string | null;
  diff: PackDiff;
}

/** Checks the files, works out what changed since the active version, stores and activates (workers are notified). */
export async function publishPackFiles(db: Db, rulesDir: string, req: PublishRequest): Promise<PublishResult> {
  const files = [...req.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const checked = await checkPackFiles(rulesDir, req.language, files);
  if (!checked.ok) throw new PackRefusedError(checked.problems, `the ${req.language} pack was not published`);
  const contentHash = packContentHash(files);
  const active = await new RulePacksRepository(db).getActive(req.language);
  if (active?.contentHash === contentHash) throw new PackVersionError(`this ${req.language} pack is already the active version (${contentHash.slice(0, 12)})`, 'already_active');
  const previous = active ? await checkPackFiles(rulesDir, req.language, active.files) : null;
  // The active version may no longer load here (its model rules pin models a retrain replaced): then
  // both sides are compared by their rule files' text, so the diff still says which rules changed.
  const [before, after]: [RuleHashes, RuleHashes] = !active || previous?.ok
    ? [previous?.ok ? ruleHashesOf(previous.pack) : new Map(), ruleHashesOf(checked.pack)]
    : [await ruleTextHashesIn(rulesDir, req.language, active.files), await ruleTextHashesIn(rulesDir, req.language, files)];
  const diff = diffPacks(active?.files ?? [], files, before, after);
  const pack = await publishRulePack(db, {
    language: req.language, contentHash, files, ruleCount: checked.pack.rules.length,
    publishedBy: req.author, note: req.message, previousHash: active?.contentHash ?? null, diff,
  }, {
    action: 'publish', actor: req.author, message: req.message, actorRole: req.actorRole ?? null, ip: req.ip ?? null,
    detail: { rules: diff.rules, files: diff.files.map((f) => ({ path: f.path, status: f.status })) },
  });
  return { pack, previousHash: active?.contentHash ?? null, diff };
}

/**
 * Finds a stored version by its number (`12` or `v12`, as the app shows it) or its content hash
 * (or an unambiguous prefix of at least 8 hex digits).
 */
export async function findPackVersion(db: Db, ref: string): Promise<StoredRulePack | null> {
  const repo = new RulePacksRepository(db);
  const number = /^v?(\d{1,9})$/i.exec(ref);
  if (number) return (await repo.list()).find((p) => p.id === Number(number[1])) ?? null;
  if (/^[0-9a-f]{8,64}$/i.test(ref)) return repo.getByHashPrefix(ref);
  return null;
}

/** Makes an earlier version active again, after checking it still loads here. */
export async function rollbackPack(
  db: Db, rulesDir: string, req: { ref: string; actor: string; message: string; actorRole?: string | null; ip?: string | null },
): Promise<StoredRulePack> {
  const target = await findPackVersion(db, req.ref);
  if (!target) throw new PackVersionError(`no stored rule pack version ${req.ref}`, 'unknown');
  if (target.active) throw new PackVersionError(`version ${target.id} (${target.contentHash.slice(0, 12)}) is already the active ${target.language} pack`, 'already_active');
  const checked = await checkPackFiles(rulesDir, target.language as Language, target.files);
  if (!checked.ok) throw new PackRefusedError(checked.problems, `version ${target.id} no longer loads; not rolled back`);
  return activateStoredRulePack(db, target.contentHash, { action: 'rollback', actor: req.actor, message: req.message, actorRole: req.actorRole ?? null, ip: req.ip ?? null });
}
