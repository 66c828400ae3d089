import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePack, loadPack, scanTranscript } from '../../../src/rules/index.ts';
import { normaliseText } from '../../../src/rules/normalise.ts';
import { features, markedText, scoreText, textModelFromFile, textModelToFile, textScore, type TextModel } from '../../../src/rules/text-model.ts';
import { trainTextModel, type TrainingSample } from '../../../src/rules/train-text-model.ts';
import { ZH_CUES, call, loadPackFrom, modelFileSha256, rule, threatModelRule, withTempFiles } from './helpers.ts';

/**
 * Text models (`kind: model` rules): hashed character n-grams, logistic regression, deterministic
 * training, and the scanner's use of them. The sentences are written for collection calls.
 */
const OPTIONS = { bits: 12, maxNgram: 3, epochs: 30, learningRate: 0.3, l2: 1e-5, seed: 7 };
const SAMPLES: TrainingSample[] = [
  ...['我弄死你', '我打断你的腿', '我砍死你全家', '明天弄死你', '信不信我打断你', '我找人砍你'].map((text) => ({ text, y: 1 as const })),
  ...['您好，请问是张先生吗', '您的还款日是十五号', '您看今天能还一部分吗', '我们可以帮您申请分期', '请您记一下还款账号', '您放心，我们会核实'].map(
    (text) => ({ text, y: 0 as const }),
  ),
];
const trained = trainTextModel(SAMPLES, OPTIONS);
const file = textModelToFile({ language: 'zh-CN', label: 'threat', bits: OPTIONS.bits, maxNgram: OPTIONS.maxNgram, ...trained }, { test: true });
const model = textModelFromFile(file) as TextModel;
const score = (text: string) => scoreText(model, normaliseText(text).text);

describe('text model: features and scores', () => {
  it('the features are the distinct buckets of the 1- to n-grams of the marked text', () => {
    const marked = markedText('打你 一顿');
    expect(marked).toBe('^打你|一顿$');
    const f = features(marked, 16, 2);
    expect(new Set(f.map((x) => x.bucket)).size).toBe(f.length);
    expect(f.every((x) => x.n >= 1 && x.n <= 2)).toBe(true);
    expect(features(marked, 16, 2)).toEqual(f);
  });

  it('the file keeps the weights to within half a quantisation step', () => {
    let max = 0;
    for (let i = 0; i < trained.weights.length; i++) max = Math.max(max, Math.abs(trained.weights[i]! - model.weights[i]! * model.scale));
    expect(max).toBeLessThanOrEqual(file.scale / 2 + 1e-9);
  });

  it('a file whose weights do not fill 2^bits is refused', () => {
    expect(textModelFromFile({ ...file, bits: 13 })).toMatch(/expected 2\^13/);
  });

  it('scores what it learned high and ordinary talk low, with the n-grams that raised the score as evidence', () => {
    const high = score('我明天就弄死你');
    expect(high.score).toBeGreaterThan(0.9);
    expect(high.evidence.length).toBeGreaterThan(0);
    expect(high.evidence.some((e) => '我明天就弄死你'.includes(e) && e.length >= 2)).toBe(true);
    expect(score('您好，请问您今天方便还款吗').score).toBeLessThan(0.5);
  });

  it('the scanner\'s fast score is the same sum as the full one, text after text', () => {
    for (const text of ['我明天就弄死你', '您好 请问 您今天方便还款吗', '打你打你打你', '', 'a b  c']) {
      const normalised = normaliseText(text).text;
      expect(textScore(model, normalised)).toBeCloseTo(scoreText(model, normalised).score, 12);
    }
  });

  it('training is deterministic: the same samples and options give the same weights', () => {
    const again = trainTextModel(SAMPLES, OPTIONS);
    expect(again.bias).toBe(trained.bias);
    expect(Buffer.from(again.weights.buffer).equals(Buffer.from(trained.weights.buffer))).toBe(true);
    expect(() => trainTextModel(SAMPLES.filter((s) => s.y === 1), OPTIONS)).toThrow(/both classes/);
  });
});

const modelRule = (fields: Record<string, unknown> = {}) => threatModelRule(file, fields);
const phraseRule = rule({ id: 'test.threat-phrase', category: 'threat', match: { any: ['打断你的腿'] } });
const abusePhrase = rule({ id: 'test.abuse-phrase', category: 'abuse', match: { any: ['废物'] } });

function packWith(rules: Array<Record<string, unknown>>, modelFile: unknown = file) {
  return loadPackFrom('zh-CN', { 'rules.yaml': { language: 'zh-CN', cues: ZH_CUES, rules }, 'models/threat.json': JSON.stringify(modelFile) });
}

describe('model rules: loading', () => {
  it('a missing, malformed or foreign model file is a problem at the rule, naming the file', () => {
    const missing = packWith([modelRule({ model: 'models/none.json' })]);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems[0]!.message).toMatch(/cannot read the model .*none\.json.*train:models/);
    const malformed = packWith([modelRule()], { format: 'something else' });
    if (!malformed.ok) expect(malformed.problems[0]!.message).toMatch(/is not a callguard-char-ngram-logreg\/1 model/);
    expect(malformed.ok).toBe(false);
    const english = packWith([modelRule()], { ...file, language: 'en-US' });
    if (!english.ok) expect(english.problems[0]!.message).toMatch(/is for en-US, the pack is zh-CN/);
    expect(english.ok).toBe(false);
  });

  it('a model path outside the pack is refused', () => {
    const outside = packWith([modelRule({ model: '../threat.json' })]);
    expect(outside.ok).toBe(false);
  });

  it('the rule version follows the model file: a retrained model, pinned, is a new version', () => {
    const retrained = { ...file, bias: file.bias + 1 };
    const a = packWith([modelRule()]);
    const b = packWith([modelRule({ model_sha256: modelFileSha256(retrained) })], retrained);
    if (!a.ok || !b.ok) throw new Error('packs should load');
    expect(compilePack(a.value).rules[0]!.version).not.toBe(compilePack(b.value).rules[0]!.version);
  });
});

describe('model rules: the pinned model file', () => {
  const retrained = { ...file, bias: file.bias + 1 };

  it('a model file whose sha256 is the pin loads', () => {
    const loaded = packWith([modelRule()]);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    expect(loaded.value.rules[0]!.model).toBeDefined();
  });

  it('another model file (retrained) is a problem at model_sha256, naming the rule, the file, both digests and the remedy', () => {
    const text = JSON.stringify({ language: 'zh-CN', cues: ZH_CUES, rules: [modelRule()] }, null, 2);
    const loaded = loadPackFrom('zh-CN', { 'rules.yaml': text, 'models/threat.json': JSON.stringify(retrained) });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems).toHaveLength(1);
    const problem = loaded.problems[0]!;
    // JSON is YAML: the pin's value is on the line that says "model_sha256", after the key.
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"model_sha256"'));
    expect({ file: problem.file.endsWith('rules.yaml'), line: problem.line, col: problem.col }).toEqual({
      file: true, line: line + 1, col: lines[line]!.indexOf(`"${modelFileSha256(file)}"`) + 1,
    });
    expect(problem.message).toMatch(/^rules\[0\] \(test\.threat-model\) model_sha256: the model \S*models\/threat\.json is not the one this rule was tested with/);
    expect(problem.message).toContain(`its sha256 is ${modelFileSha256(retrained).slice(0, 12)}…, the rule pins ${modelFileSha256(file).slice(0, 12)}…`);
    expect(problem.message).toMatch(/npm run train:models updates the pin; a pack published from the review app must be published again after a retrain/);
  });

  it('a model rule without a pin, or with a pin that is not a sha256, is a schema problem', () => {
    const { model_sha256: _pin, ...unpinned } = modelRule();
    const missing = packWith([unpinned]);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems.map((p) => p.message).join('\n')).toMatch(/model_sha256/);
    const short = packWith([modelRule({ model_sha256: modelFileSha256(file).slice(0, 12) })]);
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.problems.map((p) => p.message).join('\n')).toMatch(/model_sha256: 64 lower-case hex digits/);
  });

  it('the trainer reads a pack without its models, so a stale pin does not stop it', () => {
    const loaded = withTempFiles(
      { 'zh-CN/rules.yaml': { language: 'zh-CN', cues: ZH_CUES, rules: [modelRule()] }, 'zh-CN/models/threat.json': JSON.stringify(retrained) },
      (root) => loadPack(join(root, 'zh-CN'), 'zh-CN', { models: 'skip' }),
    );
    expect(loaded.ok).toBe(true);
  });
});

describe('model rules: scanning', () => {
  const compiled = (rules: Array<Record<string, unknown>>) => {
    const loaded = packWith(rules);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    return compilePack(loaded.value);
  };

  it('a segment of the speaker that scores at the threshold is flagged with its score and evidence, highlighted', () => {
    const findings = scanTranscript(compiled([modelRule()]), call('zh-CN', [['agent', '我明天就弄死你。'], ['customer', '我弄死你']]));
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.ruleId).toBe('test.threat-model');
    expect(f.speaker).toBe('agent');
    expect(f.matched[0]).toMatch(/^threat 0\.9\d$/);
    expect(f.matched.length).toBeGreaterThan(1);
    for (const [s, e] of f.highlights!) expect(f.quote.slice(s, e).length).toBeGreaterThan(0);
  });

  it('ordinary talk is not flagged', () => {
    expect(scanTranscript(compiled([modelRule()]), call('zh-CN', [['agent', '您好，请问您今天方便还款吗']]))).toEqual([]);
  });

  it('only_when: a segment that does not meet the condition is not scored', () => {
    const p = compiled([modelRule({ only_when: { any: ['您'] } })]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '我明天就弄死你']]))).toEqual([]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '您等着，我明天就弄死你']]))).toHaveLength(1);
  });

  it('unless negated: a score that rests on words a negation cue denies does not count; one that does not rest on them does', () => {
    const denied = '我不会弄死你';
    expect(score(denied).score).toBeGreaterThanOrEqual(0.9);
    expect(scanTranscript(compiled([modelRule()]), call('zh-CN', [['agent', denied]]))).toHaveLength(1);
    const p = compiled([modelRule({ unless: { negated: true } })]);
    expect(scanTranscript(p, call('zh-CN', [['agent', denied]]))).toEqual([]);
    // The cue denies the words right after it in its clause, not the rest of the turn.
    expect(scanTranscript(p, call('zh-CN', [['agent', '我不会再打电话了，明天就弄死你']]))).toHaveLength(1);
    expect(scanTranscript(p, call('zh-CN', [['agent', '我明天就弄死你']]))).toHaveLength(1);
  });

  it('unless negated: a denial a question turns round (negation_asked) denies nothing', () => {
    const cues = { ...ZH_CUES, negation_asked: { cues: ['不会'], ends: ['吧'] } };
    const loaded = loadPackFrom('zh-CN', {
      'rules.yaml': { language: 'zh-CN', cues, rules: [modelRule({ unless: { negated: true } })] },
      'models/threat.json': JSON.stringify(file),
    });
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const p = compilePack(loaded.value);
    expect(score('我不会弄死你吧').score).toBeGreaterThanOrEqual(0.9);
    expect(scanTranscript(p, call('zh-CN', [['agent', '我不会弄死你吧']]))).toHaveLength(1);
    expect(scanTranscript(p, call('zh-CN', [['agent', '我不会弄死你']]))).toEqual([]);
  });

  it('unless part_of: a negation cue inside a listed phrase denies nothing', () => {
    const p = compiled([modelRule({ unless: { negated: true, part_of: ['不会弄死'] } })]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '我不会弄死你']]))).toHaveLength(1);
  });

  it('a segment a phrase rule of the same category flagged gets no second finding; another category does not count', () => {
    const p = compiled([phraseRule, abusePhrase, modelRule()]);
    const same = scanTranscript(p, call('zh-CN', [['agent', '我弄死你，打断你的腿']]));
    expect(same.map((f) => f.ruleId)).toEqual(['test.threat-phrase']);
    const other = scanTranscript(p, call('zh-CN', [['agent', '废物，我弄死你']]));
    expect(other.map((f) => f.ruleId).sort()).toEqual(['test.abuse-phrase', 'test.threat-model']);
  });
});
