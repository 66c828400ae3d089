import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/domain/transcript.ts';
import { withDraftTree } from '../../../src/pipeline/backtest-draft-files.ts';
import { checkPackFiles } from '../../../src/pipeline/rule-pack-publishing.ts';
import { packContentHash, packFilesIn, RulePackSource } from '../../../src/pipeline/rule-pack-source.ts';
import { ruleHashesOf } from '../../../src/rules/index.ts';
import type { Queryable } from '../../../src/store/db.ts';
import type { RulePackFile } from '../../../src/store/index.ts';
import { retrainedRulesDir } from '../../helpers/retrained-model.ts';

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

/**
 * A deployment whose threat model was retrained after the pack was published: its rules directory
 * holds the new model, and its threat.yaml the new pin (what `npm run train:models` writes).
 */
function retrainedDeployment(): { rulesDir: string; files: RulePackFile[]; before: string; after: string } {
  const rulesDir = path.join(root, 'retrained');
  const { before, after } = retrainedRulesDir(rulesDir);
  return { rulesDir, files: packFilesIn(path.join(rulesDir, 'zh-CN')), before, after };
}

/** Where the threat model rule's pin is written in a threat.yaml, as file:line:col. */
function pinPosition(yaml: string): string {
  const lines = yaml.split('\n');
  const i = lines.findIndex((l) => l.trimStart().startsWith('model_sha256:'));
  return `zh-CN/threat.yaml:${i + 1}:${lines[i]!.indexOf('model_sha256:') + 'model_sha256: '.length + 1}`;
}

describe('a retrained text model', () => {
  const published = packFilesIn('rules/zh-CN');
  const deployment = retrainedDeployment();
  const threatYaml = published.find((f) => f.path === 'threat.yaml')!.content;

  it('changes the pack version, and the version and matching hash of its model rule and of the rules its second opinion reads, and no other', async () => {
    expect(packContentHash(deployment.files)).not.toBe(packContentHash(published));
    const [a, b] = await Promise.all([checkPackFiles('rules', 'zh-CN', published), checkPackFiles(deployment.rulesDir, 'zh-CN', deployment.files)]);
    if (!a.ok || !b.ok) throw new Error([...(a.ok ? [] : a.problems), ...(b.ok ? [] : b.problems)].join('\n'));
    const versions = (rules: typeof a.pack.rules) => new Map(rules.map((r) => [r.id, r.version]));
    const [va, vb] = [versions(a.pack.rules), versions(b.pack.rules)];
    const changed = [...va].filter(([id, v]) => vb.get(id) !== v).map(([id]) => id);
    // The phrase rules whose matches the models' second opinion may cancel (cues.mention.second_opinion).
    const readers = a.pack.rules.filter((r) => r.kind === 'phrase' && r.unless?.secondOpinion).map((r) => r.id);
    expect(readers.length).toBeGreaterThan(10);
    // The abuse model rule too: its version names the phrase rules of its category, which cover it.
    expect(changed.sort()).toEqual(['zh.abuse.wording-model', 'zh.threat.wording-model', ...readers].sort());
    expect(changed.filter((id) => !/^zh\.(abuse|threat)\./.test(id))).toEqual([]);
    // What it matches changed too: a reviewer's verdict on the old model's finding does not carry over.
    const matching = (pack: typeof a.pack) => ruleHashesOf(pack).get('zh.threat.wording-model')!.matching;
    expect(matching(b.pack)).not.toBe(matching(a.pack));
  });

  it('refuses the pack published before it (pinned to the old model), at the pin, naming the model and both digests', async () => {
    const checked = await checkPackFiles(deployment.rulesDir, 'zh-CN', published);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toHaveLength(1);
    const problem = checked.problems[0]!;
    expect(problem.startsWith(`${pinPosition(threatYaml)}: rules[`)).toBe(true);
    expect(problem).toContain('(zh.threat.wording-model) model_sha256: the model zh-CN/models/zh-threat.json is not the one this rule was tested with');
    expect(problem).toContain(`its sha256 is ${deployment.after.slice(0, 12)}…, the rule pins ${deployment.before.slice(0, 12)}…`);
    expect(problem).toContain('a pack published from the review app must be published again after a retrain');
  });

  it('a worker refuses that published pack once, reports why, and scans with its rules directory', async () => {
    const active = {
      id: 1, language: 'zh-CN', content_hash: packContentHash(published), files: published, rule_count: 43, published_by: 'officer@example',
      published_at: new Date('2026-01-01T00:00:00Z'), note: 'published before the retrain', active: true, previous_hash: null, diff: null,
    };
    const queries: string[] = [];
    // rule_packs as the worker reads it: the published version is active; recording the directory's version stores nothing here.
    const q: Queryable = {
      query: (async (text: string) => {
        queries.push(text);
        return { rows: /\bAND active\b/.test(text) ? [active] : [] };
      }) as Queryable['query'],
    };
    const refusals: Array<{ packHash: string; language: Language; message: string }> = [];
    const source = new RulePackSource(deployment.rulesDir, 0, (packHash, language, err) => refusals.push({ packHash, language, message: err.message }));
    const first = await source.current(q, 'zh-CN');
    const second = await source.current(q, 'zh-CN');
    expect(first.packHash).toBe(packContentHash(deployment.files));
    expect(second.packHash).toBe(first.packHash);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ packHash: packContentHash(published), language: 'zh-CN' });
    // The problem names the files as stored, not the temporary tree the worker laid them out in.
    expect(refusals[0]!.message).toMatch(/does not load:\nzh-CN\/threat\.yaml:\d+:\d+: .*\(zh\.threat\.wording-model\) model_sha256: the model zh-CN\/models\/zh-threat\.json is not the one this rule was tested with/);
    expect(queries.some((text) => /INSERT INTO rule_packs/.test(text))).toBe(true);
  });
});
