import path from 'node:path';
import { withTempDir } from '../audio/temp-dir.ts';
import type { Language } from '../domain/transcript.ts';
import type { Queryable } from '../store/db.ts';
import { RulePacksRepository, type RulePackFile } from '../store/index.ts';
import { layOutPackTree, packContentHash, packFilesIn } from './rule-pack-source.ts';

/**
 * A draft written in the review app is one language's pack: the pack a scan uses today (the
 * published one, else the rules directory's) with the files the officer uploaded or edited put in
 * place of the files of the same name. The rule engine reads packs from files, so a draft is laid
 * out as a rules tree in a temp directory to be checked and run.
 */
export interface BasePack {
  language: Language;
  source: 'published' | 'directory';
  packHash: string;
  files: RulePackFile[];
}

/** A rule file name as a pack holds it: no folders, a YAML extension. */
export const DRAFT_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml$/;

export async function basePack(db: Queryable, rulesDir: string, language: Language): Promise<BasePack> {
  const active = await new RulePacksRepository(db).getActive(language);
  if (active) return { language, source: 'published', packHash: active.contentHash, files: active.files };
  const files = packFilesIn(path.join(rulesDir, language));
  return { language, source: 'directory', packHash: packContentHash(files), files };
}

/** The base pack's files with `changed` put in place of (or beside) the files of the same name. */
export function mergeDraftFiles(base: readonly RulePackFile[], changed: readonly RulePackFile[]): RulePackFile[] {
  const byName = new Map(base.map((f) => [path.basename(f.path), { path: path.basename(f.path), content: f.content }]));
  for (const f of changed) {
    if (!DRAFT_FILE_NAME.test(f.path)) throw new Error(`"${f.path}" is not a rule file name (letters, digits, . _ - ending in .yaml)`);
    byName.set(f.path, { path: f.path, content: f.content });
  }
  return [...byName.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Lays the draft out as `<tmp>/<language>/*.yaml` with the rules directory's policy.yaml and text
 * models (layOutPackTree), runs `work`, removes it.
 */
export function withDraftTree<T>(language: Language, files: readonly RulePackFile[], rulesDir: string, work: (dir: string) => Promise<T>): Promise<T> {
  return withTempDir('draft', async (dir) => {
    for (const f of files) if (!DRAFT_FILE_NAME.test(path.basename(f.path))) throw new Error(`"${f.path}" is not a rule file name`);
    await layOutPackTree(dir, rulesDir, language, files);
    return work(dir);
  });
}
