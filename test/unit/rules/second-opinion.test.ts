import { describe, expect, it } from 'vitest';
import { compilePack, ruleHashesOf, scanTranscript } from '../../../src/rules/index.ts';
import type { TrainingSample } from '../../../src/rules/train-text-model.ts';
import { ZH_CUES, call, loadPackFrom, rule, threatModelRule, tinyThreatModel } from './helpers.ts';

/**
 * The mention cues' second opinion (cues.mention.second_opinion): a match of the listed categories is
 * cancelled when its segment holds a `talk` word and every named model scores the segment below the
 * floor. The model here is trained on a handful of collection-call sentences, so that the sentences
 * below score where each test needs them; each test asserts that precondition first.
 */
const OPTIONS = { bits: 12, maxNgram: 3, epochs: 40, learningRate: 0.3, l2: 1e-5, seed: 11 };
const SAMPLES: TrainingSample[] = [
  ...['我打断你的腿', '明天就打断你的腿', '信不信我打断你的腿', '我找人砍你', '你等着，我弄死你', '不还钱就打断你的腿，报警也没用'].map((text) => ({ text, y: 1 as const })),
  ...[
    '有的公司会说打断腿这种话，那是违法的',
    '外面有些人说要打断腿，那都是违法的',
    '这种做法是违法的，您可以投诉',
    '您好，请问是张先生吗',
    '您的还款日是十五号',
    '我们可以帮您申请分期',
  ].map((text) => ({ text, y: 0 as const })),
];
const { file, score } = tinyThreatModel(SAMPLES, OPTIONS);

const BELOW = 0.3;
const cuesWith = (secondOpinion: Record<string, unknown>) => ({
  ...ZH_CUES,
  mention: { introduced_by: ['不要说'], second_opinion: { talk: ['违法', '投诉'], models: ['test.threat-model'], below: BELOW, categories: ['threat'], ...secondOpinion } },
});
const modelRuleFor = (modelFile: unknown) => threatModelRule(modelFile);
const modelRule = modelRuleFor(file);
const threatPhrase = (fields: Record<string, unknown> = {}) =>
  rule({ id: 'test.threat-phrase', category: 'threat', match: { any: ['打断你的腿', '打断腿'] }, unless: { quoted: true }, ...fields });
const abusePhrase = rule({ id: 'test.abuse-phrase', category: 'abuse', match: { any: ['打断腿'] }, unless: { quoted: true } });

function load(rules: Array<Record<string, unknown>>, opts: { secondOpinion?: Record<string, unknown>; modelFile?: unknown } = {}) {
  return loadPackFrom('zh-CN', {
    'rules.yaml': { language: 'zh-CN', cues: cuesWith(opts.secondOpinion ?? {}), rules },
    'models/threat.json': JSON.stringify(opts.modelFile ?? file),
  });
}
function compiled(rules: Array<Record<string, unknown>>, opts: { secondOpinion?: Record<string, unknown>; modelFile?: unknown } = {}) {
  const loaded = load(rules, opts);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return compilePack(loaded.value);
}
const ruleIds = (p: ReturnType<typeof compiled>, text: string) => scanTranscript(p, call('zh-CN', [['agent', text]])).map((f) => f.ruleId).sort();

describe('second opinion: talk about abuse that the models read as harmless', () => {
  const talk = '外面有的公司会说打断腿，那都是违法的';

  it('cancels a match when the segment holds a talk word and the model scores it below the floor', () => {
    expect(score(talk)).toBeLessThan(BELOW);
    expect(ruleIds(compiled([threatPhrase(), modelRule]), talk)).toEqual([]);
  });

  it('keeps a match the model reads as a threat, talk word or not', () => {
    const threat = '不还钱就打断你的腿，去投诉也没用';
    expect(score(threat)).toBeGreaterThanOrEqual(BELOW);
    expect(ruleIds(compiled([threatPhrase(), modelRule]), threat)).toEqual(['test.threat-phrase']);
  });

  it('keeps a match in a segment without a talk word, however low the model scores it', () => {
    const noTalk = '外面有的公司会说打断腿，那都是骗人的';
    expect(score(noTalk)).toBeLessThan(BELOW);
    expect(ruleIds(compiled([threatPhrase(), modelRule]), noTalk)).toEqual(['test.threat-phrase']);
  });

  it('only the listed categories, and only rules that read quotation', () => {
    expect(ruleIds(compiled([threatPhrase(), abusePhrase, modelRule]), talk)).toEqual(['test.abuse-phrase']);
    expect(ruleIds(compiled([threatPhrase({ unless: { negated: true } }), modelRule]), talk)).toEqual(['test.threat-phrase']);
  });

  it('the floor is the rule: below it cancels, above it does not', () => {
    const s = score(talk);
    expect(ruleIds(compiled([threatPhrase(), modelRule], { secondOpinion: { below: s / 2 } }), talk)).toEqual(['test.threat-phrase']);
    expect(ruleIds(compiled([threatPhrase(), modelRule], { secondOpinion: { below: Math.min(0.99, s * 2 + 0.01) } }), talk)).toEqual([]);
  });

  it('a model rule that is disabled still gives its opinion: the model is the pack\'s, the rule only names it', () => {
    expect(ruleIds(compiled([threatPhrase(), { ...modelRule, enabled: false }]), talk)).toEqual([]);
  });
});

describe('second opinion: loading and versions', () => {
  it('names model rules only: an unknown id or a phrase rule is a problem at the list entry', () => {
    const unknown = load([threatPhrase(), modelRule], { secondOpinion: { models: ['test.threat-model', 'test.none'] } });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.problems).toHaveLength(1);
      expect(unknown.problems[0]!.message).toMatch(/second_opinion\.models\[1\]: no rule test\.none in this pack/);
      expect(unknown.problems[0]!.line).toBeGreaterThan(1);
    }
    const phrase = load([threatPhrase(), modelRule], { secondOpinion: { models: ['test.threat-phrase'] } });
    expect(phrase.ok).toBe(false);
    if (!phrase.ok) expect(phrase.problems[0]!.message).toMatch(/rule test\.threat-phrase is a phrase rule; the models are given by `kind: model` rules/);
  });

  it('a retrained model is a new version of every rule whose matches its opinion may cancel, and of no other', () => {
    const before = ruleHashesOf(compiled([threatPhrase(), abusePhrase, modelRule]));
    const retrained = { ...file, bias: file.bias - 1 };
    const after = ruleHashesOf(compiled([threatPhrase(), abusePhrase, modelRuleFor(retrained)], { modelFile: retrained }));
    for (const id of ['test.threat-phrase', 'test.threat-model']) expect(after.get(id)!.version).not.toBe(before.get(id)!.version);
    // The model rule scores differently; the phrase rule's surviving findings are the same words, and a
    // verdict on one carries over on re-scan.
    expect(after.get('test.threat-model')!.matching).not.toBe(before.get('test.threat-model')!.matching);
    expect(after.get('test.threat-phrase')!.matching).toBe(before.get('test.threat-phrase')!.matching);
    expect(after.get('test.abuse-phrase')).toEqual(before.get('test.abuse-phrase'));
  });
});

describe('second opinion: the listener addressed', () => {
  it('never cancels a match that opens by addressing the listener', () => {
    const addressed = rule({ id: 'test.insult', category: 'threat', match: { any: ['你有病'] }, unless: { quoted: true } });
    const cues = { ...ZH_CUES, mention: { introduced_by: ['不要说'], addressed: ['你'], second_opinion: { talk: ['违法'], models: ['test.threat-model'], below: 0.99, categories: ['threat'] } } };
    const loaded = loadPackFrom('zh-CN', { 'rules.yaml': { language: 'zh-CN', cues, rules: [addressed, threatPhrase(), modelRule] }, 'models/threat.json': JSON.stringify(file) });
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const p = compilePack(loaded.value);
    const text = '你有病吧？有的公司会说打断腿，那是违法的';
    expect(score(text)).toBeLessThan(0.99);
    expect(ruleIds(p, text)).toEqual(['test.insult']);
  });
});
