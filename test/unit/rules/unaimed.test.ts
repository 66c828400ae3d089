import { describe, expect, it } from 'vitest';
import { compilePack, ruleHashesOf, scanTranscript } from '../../../src/rules/index.ts';
import type { TrainingSample } from '../../../src/rules/train-text-model.ts';
import { ZH_CUES, call, loadPackFrom, rule, threatModelRule, tinyThreatModel } from './helpers.ts';

/**
 * Harm aimed at no one (cues.unaimed): a match of a rule with `unless: { unaimed: true }` is cancelled
 * when its segment holds no `aimed` phrase and every named model scores it below the floor. The model
 * here is trained on a handful of sentences so that the ones below score where each test needs them;
 * each test asserts that precondition first.
 */
const OPTIONS = { bits: 12, maxNgram: 3, epochs: 40, learningRate: 0.3, l2: 1e-5, seed: 5 };
const SAMPLES: TrainingSample[] = [
  ...['再不还钱就揍他一顿', '让他等着挨揍', '找人揍他', '不还钱就挨揍', '告诉他再躲就挨揍'].map((text) => ({ text, y: 1 as const })),
  ...['小时候挨打最狠的一次', '我小时候调皮经常挨打', '上学的时候被高年级的揍过', '今天天气不错', '周末去爬山了'].map((text) => ({ text, y: 0 as const })),
];
const { file, score } = tinyThreatModel(SAMPLES, OPTIONS);

const BELOW = 0.3;
const modelRuleFor = (modelFile: unknown) => threatModelRule(modelFile, { threshold: 0.99 });
const modelRule = modelRuleFor(file);
const beating = (unless: Record<string, unknown> = { unaimed: true }) =>
  rule({ id: 'test.beating', category: 'threat', match: { any: ['挨打', '挨揍', '揍他'] }, unless });
const GROUPS = { group_noun: ['河南人', '外地人'] };

function load(rules: Array<Record<string, unknown>>, opts: { unaimed?: Record<string, unknown> | null; modelFile?: unknown } = {}) {
  const unaimed = opts.unaimed === null ? {} : { unaimed: { aimed: ['你', '您', '他们', '@group_noun'], models: ['test.threat-model'], below: BELOW, ...opts.unaimed } };
  return loadPackFrom('zh-CN', {
    'rules.yaml': { language: 'zh-CN', lexicons: GROUPS, cues: { ...ZH_CUES, ...unaimed }, rules },
    'models/threat.json': JSON.stringify(opts.modelFile ?? file),
  });
}
function compiled(rules: Array<Record<string, unknown>>, opts: Parameters<typeof load>[1] = {}) {
  const loaded = load(rules, opts);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return compilePack(loaded.value);
}
const ruleIds = (p: ReturnType<typeof compiled>, text: string) => scanTranscript(p, call('zh-CN', [['agent', text]])).map((f) => f.ruleId).sort();

describe('unaimed: harm that names no target and that the models read as harmless', () => {
  const story = '我小时候挨打最狠的一次是因为偷钱';

  it('cancels a match when the segment names no one and the model scores it below the floor', () => {
    expect(score(story)).toBeLessThan(BELOW);
    expect(ruleIds(compiled([beating(), modelRule]), story)).toEqual([]);
  });

  it('keeps the match when the segment names the listener, however low the model scores it', () => {
    const addressed = '你小时候挨打最狠的一次是因为偷钱';
    expect(score(addressed)).toBeLessThan(BELOW);
    expect(ruleIds(compiled([beating(), modelRule]), addressed)).toEqual(['test.beating']);
  });

  it('keeps the match when a group or people in the plural are named: the aimed list reads lexicons', () => {
    for (const text of ['河南人小时候挨打最狠', '他们小时候挨打最狠的一次']) {
      expect(score(text)).toBeLessThan(BELOW);
      expect(ruleIds(compiled([beating(), modelRule]), text)).toEqual(['test.beating']);
    }
  });

  it('keeps a match the model reads as a threat, though it names no one', () => {
    const threat = '告诉他，再躲就找人揍他';
    expect(score(threat)).toBeGreaterThanOrEqual(BELOW);
    expect(ruleIds(compiled([beating(), modelRule]), threat)).toEqual(['test.beating']);
  });

  it('only rules that ask: swearing and slurs are findings whoever they are aimed at', () => {
    expect(ruleIds(compiled([beating({ quoted: true }), modelRule]), story)).toEqual(['test.beating']);
  });

  it('the floor is the pack\'s: below it cancels, above it does not', () => {
    const s = score(story);
    expect(ruleIds(compiled([beating(), modelRule], { unaimed: { below: s / 2 } }), story)).toEqual(['test.beating']);
    expect(ruleIds(compiled([beating(), modelRule], { unaimed: { below: Math.min(0.99, s * 2 + 0.01) } }), story)).toEqual([]);
  });

  it('each segment is judged on its own: the listener named in the next turn does not keep a story', () => {
    const p = compiled([beating(), modelRule]);
    const findings = scanTranscript(p, call('zh-CN', [['agent', story], ['agent', '你今天能还款吗']]));
    expect(findings).toEqual([]);
  });
});

describe('unaimed: loading and versions', () => {
  it('a rule that asks needs cues.unaimed, and the models must be model rules: problems at the entry', () => {
    const missing = load([beating(), modelRule], { unaimed: null });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems.map((p) => p.message)).toEqual([expect.stringMatching(/rule test\.beating: unless\.unaimed needs the pack's `cues\.unaimed`/)]);
    const phrase = load([beating(), modelRule], { unaimed: { models: ['test.threat-model', 'test.beating'] } });
    expect(phrase.ok).toBe(false);
    if (!phrase.ok) {
      expect(phrase.problems).toHaveLength(1);
      expect(phrase.problems[0]!.message).toMatch(/cues\.unaimed\.models\[1\]: rule test\.beating is a phrase rule; the models are given by `kind: model` rules/);
      expect(phrase.problems[0]!.line).toBeGreaterThan(1);
    }
    const unknownLexicon = load([beating(), modelRule], { unaimed: { aimed: ['你', '@nobody'] } });
    expect(unknownLexicon.ok).toBe(false);
  });

  it('a retrained model is a new version of the rules that ask, and the same words keep their matching hash', () => {
    const plain = rule({ id: 'test.plain', category: 'threat', match: { any: ['揍他'] }, unless: { negated: true } });
    const before = ruleHashesOf(compiled([beating(), plain, modelRule]));
    const retrained = { ...file, bias: file.bias - 1 };
    const after = ruleHashesOf(compiled([beating(), plain, modelRuleFor(retrained)], { modelFile: retrained }));
    expect(after.get('test.beating')!.version).not.toBe(before.get('test.beating')!.version);
    expect(after.get('test.beating')!.matching).toBe(before.get('test.beating')!.matching);
    expect(after.get('test.plain')).toEqual(before.get('test.plain'));
  });

  it('editing the aimed list is a new version of the rules that ask', () => {
    const before = ruleHashesOf(compiled([beating(), modelRule]));
    const after = ruleHashesOf(compiled([beating(), modelRule], { unaimed: { aimed: ['你', '您'] } }));
    expect(after.get('test.beating')!.version).not.toBe(before.get('test.beating')!.version);
  });
});
