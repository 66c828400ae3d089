import { LANGUAGES, type Language } from '../domain/transcript.ts';
import { checkPackFiles } from '../pipeline/rule-pack-publishing.ts';
import { languageDir, packContentHash, packFilesIn } from '../pipeline/rule-pack-source.ts';
import { lexiconsUsedBy, ruleMatchingVersion, type CompiledPack, type Example, type Rule } from '../rules/index.ts';
import type { Queryable } from '../store/db.ts';
import { RulePacksRepository, type RulePackFile, type StoredRulePack } from '../store/index.ts';

/**
 * The rules as the Rules page shows them: each language's active pack (published in the database,
 * else the server's rules directory, as the workers choose), compiled once per content hash.
 */
export interface PackInEffect {
  language: Language;
  origin: 'published' | 'directory';
  hash: string;
  stored: StoredRulePack | null;
  pack: CompiledPack;
}

const compiled = new Map<string, Promise<CompiledPack | null>>();

function compileOnce(rulesDir: string, language: Language, hash: string, files: RulePackFile[]): Promise<CompiledPack | null> {
  let pack = compiled.get(hash);
  if (!pack) {
    pack = checkPackFiles(rulesDir, language, files).then((r) => (r.ok ? r.pack : null));
    compiled.set(hash, pack);
    pack.catch(() => compiled.delete(hash));
  }
  return pack;
}

export async function packsInEffect(q: Queryable, rulesDir: string): Promise<PackInEffect[]> {
  const repo = new RulePacksRepository(q);
  const out: PackInEffect[] = [];
  for (const language of LANGUAGES) {
    const stored = await repo.getActive(language);
    let files: RulePackFile[];
    try {
      files = stored ? stored.files : packFilesIn(languageDir(rulesDir, language));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // no such language in this deployment
      throw err;
    }
    if (files.length === 0) continue;
    const hash = stored ? stored.contentHash : packContentHash(files);
    const pack = await compileOnce(rulesDir, language, hash, files);
    if (pack) out.push({ language, origin: stored ? 'published' : 'directory', hash, stored, pack });
  }
  return out;
}

const exampleText = (e: Example): string =>
  typeof e === 'string' ? e : e.text ?? (e.segments ?? []).map((s) => `${s.speaker}: ${s.text}`).join('\n');

const bilingual = (t: Rule['description']): { 'zh-CN': string; 'en-US': string } =>
  typeof t === 'string' ? { 'zh-CN': t, 'en-US': t } : t;

/** One rule as the page reads it: what it is, where it is written, its examples and the word classes it uses. */
export function describeRules(p: PackInEffect) {
  const { cues, bankNames, lexicons } = p.pack.loaded;
  return p.pack.allRules.map((r) => {
    const rule = r.loaded.rule;
    const { examples: _examples, ...definition } = rule;
    return {
      id: rule.id, language: p.language, title: rule.title, severity: rule.severity, category: rule.category, source: rule.source,
      description: bilingual(rule.description), kind: rule.kind, enabled: rule.enabled,
      version: r.version, matchingVersion: ruleMatchingVersion(rule, cues, bankNames, lexicons),
      file: r.loaded.position.file.split(/[\\/]/).pop() ?? '', line: r.loaded.position.line,
      examples: { match: rule.examples.match.map(exampleText), noMatch: rule.examples.no_match.map(exampleText) },
      lexicons: lexiconsUsedBy(definition, lexicons),
    };
  });
}
