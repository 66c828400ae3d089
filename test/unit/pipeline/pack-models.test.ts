import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withDraftTree } from '../../../src/pipeline/backtest-draft-files.ts';
import { checkPackFiles } from '../../../src/pipeline/rule-pack-publishing.ts';
import { packFilesIn } from '../../../src/pipeline/rule-pack-source.ts';

/**
 * A pack published from the review app is YAML only: its model rules read their text models from the
 * deployment's rules directory, and a deployment without them refuses the pack, naming the file.
 */
const root = mkdtempSync(path.join(tmpdir(), 'callguard-pack-models-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('text models of a published pack', () => {
  const files = packFilesIn('rules/zh-CN');

  it('holds no model file itself: the stored pack is its YAML', () => {
    expect(files.every((f) => /\.ya?ml$/.test(f.path))).toBe(true);
  });

  it('compiles with the models of the rules directory, and its model rules score', async () => {
    const checked = await checkPackFiles('rules', 'zh-CN', files);
    if (!checked.ok) throw new Error(checked.problems.join('\n'));
    const models = checked.pack.rules.filter((r) => r.kind === 'model');
    expect(models.map((r) => r.id).sort()).toEqual(['zh.abuse.wording-model', 'zh.threat.wording-model']);
  });

  it('a draft laid out for a backtest reads the same models', async () => {
    const laidOut = await withDraftTree('zh-CN', files, 'rules', async (dir) => readdirSync(path.join(dir, 'zh-CN', 'models')).sort());
    expect(laidOut).toEqual(['zh-abuse.json', 'zh-threat.json']);
  });

  it('is refused by a deployment without the models, with the rule and the file named', async () => {
    const bare = path.join(root, 'rules');
    cpSync('rules', bare, { recursive: true, filter: (src) => !src.includes(`${path.sep}models`) });
    const checked = await checkPackFiles(bare, 'zh-CN', files);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.join('\n')).toMatch(/^zh-CN\/threat\.yaml:\d+:\d+: .*cannot read the model .*zh-threat\.json/m);
  });
});
