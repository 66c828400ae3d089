import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type Language } from '../domain/transcript.ts';
import { compilePack, type CompiledPack } from './compile-pack.ts';
import { loadPack, parseYamlFile, ruleFilesIn, type LoadedPack, type LoadResult } from './load-pack.ts';
import { PolicySchema, type Policy } from './rule-schema.ts';
import { positionOf, type Problem } from './source-position.ts';
import { formatPath, plainIssues } from './zod-issues.ts';

/** Used when a rules directory has no policy.yaml (a single pack under test, say). */
export const DEFAULT_POLICY: Policy = PolicySchema.parse({
  severity_weights: { low: 1, medium: 3, high: 8, critical: 20 },
  open_case_at: 10,
});

export type RuleSetResult =
  | { ok: true; packs: Map<Language, CompiledPack>; loaded: Map<Language, LoadedPack>; policy: Policy; notes: string[] }
  | { ok: false; problems: Problem[] };

export const POLICY_FILE = 'policy.yaml';

/** rules/policy.yaml, validated; absent → the defaults (and a note saying so). */
export function loadPolicy(file: string): { ok: true; policy: Policy; note?: string } | { ok: false; problems: Problem[] } {
  if (!existsSync(file)) return { ok: true, policy: DEFAULT_POLICY, note: `${file} not found: default policy used` };
  const problems: Problem[] = [];
  const parsed = parseYamlFile(file, problems);
  if (!parsed) return { ok: false, problems };
  const result = PolicySchema.safeParse(parsed.data ?? {});
  if (result.success) return { ok: true, policy: result.data };
  for (const issue of plainIssues(result.error.issues, parsed.data ?? {})) {
    problems.push({ ...positionOf(parsed.doc, parsed.lineCounter, file, issue.path, issue.key), message: `${formatPath(issue.path)}: ${issue.message}` });
  }
  return { ok: false, problems };
}

/**
 * The directories of a rules tree that hold packs. A tree has one directory per language
 * (rules/zh-CN, rules/en-US) and policy.yaml; a directory that itself holds rule files is one pack.
 */
export function packDirectories(rulesDir: string): { dirs: Array<{ dir: string; language?: Language }>; problems: Problem[] } {
  const problems: Problem[] = [];
  const dirs: Array<{ dir: string; language?: Language }> = [];
  const entries = readdirSync(rulesDir).sort();
  for (const name of entries) {
    const path = join(rulesDir, name);
    if (!statSync(path).isDirectory()) continue;
    if ((LANGUAGES as readonly string[]).includes(name)) dirs.push({ dir: path, language: name as Language });
    else if (ruleFilesIn(path).length > 0) {
      problems.push({ file: path, line: 1, col: 1, message: `"${name}" is not a pack language (expected one of: ${LANGUAGES.join(', ')})` });
    }
  }
  const ownFiles = ruleFilesIn(rulesDir).filter((f) => !f.endsWith(`/${POLICY_FILE}`));
  if (dirs.length === 0 && ownFiles.length > 0) dirs.push({ dir: rulesDir });
  return { dirs, problems };
}

/**
 * Loads, checks and compiles every pack of a rules tree plus its policy. All problems of all files
 * are returned together; nothing is returned for use unless everything is valid. A language
 * directory with no rule files yet is skipped (and noted).
 */
export interface LoadRuleSetOptions {
  /**
   * Load only the packs of these languages (a scan of zh-CN calls needs no en-US pack): loading and
   * compiling a pack is most of a short command's start-up. Problems of packs left out are not seen.
   */
  languages?: ReadonlySet<Language>;
  /** Loads one pack folder; `loadPack` unless the caller caches loaded packs (src/cli/pack-cache.ts). */
  loadPack?: (dir: string, language?: Language) => LoadResult<LoadedPack>;
}

export function loadRuleSet(rulesDir: string, options: LoadRuleSetOptions = {}): RuleSetResult {
  if (!existsSync(rulesDir) || !statSync(rulesDir).isDirectory()) {
    return { ok: false, problems: [{ file: rulesDir, line: 1, col: 1, message: 'not a directory' }] };
  }
  const notes: string[] = [];
  const problems: Problem[] = [];
  const policyResult = loadPolicy(join(rulesDir, POLICY_FILE));
  if (!policyResult.ok) problems.push(...policyResult.problems);
  else if (policyResult.note) notes.push(policyResult.note);

  const { dirs, problems: dirProblems } = packDirectories(rulesDir);
  problems.push(...dirProblems);
  const loaded = new Map<Language, LoadedPack>();
  for (const { dir, language } of dirs) {
    if (language && options.languages && !options.languages.has(language)) continue;
    if (language && ruleFilesIn(dir).length === 0) {
      notes.push(`${dir}: no rule files yet`);
      continue;
    }
    const result = (options.loadPack ?? loadPack)(dir, language);
    if (!result.ok) problems.push(...result.problems);
    else if (loaded.has(result.value.language)) {
      problems.push({ file: dir, line: 1, col: 1, message: `a second pack for ${result.value.language}` });
    } else loaded.set(result.value.language, result.value);
  }
  if (problems.length > 0 || !policyResult.ok) return { ok: false, problems };
  const policy = policyResult.policy;
  const packs = new Map<Language, CompiledPack>();
  for (const [language, pack] of loaded) packs.set(language, compilePack(pack, { unknownSpeaker: policy.unknown_speaker }));
  return { ok: true, packs, loaded, policy, notes };
}
