import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { modelPinLine, rewriteModelPin } from '../../../src/rules/model-pin.ts';

/** What `npm run train:models` does to a rule file after writing a model: the pin changes, nothing else. */
const OLD = 'a'.repeat(64);
const NEW = 'b'.repeat(64);

const FILE = `language: zh-CN
# Threats.
rules:
  - id: zh.threat.phrase
    kind: phrase
    speaker: agent
  - id: zh.threat.wording-model
    kind: model
    model: models/zh-threat.json
    model_sha256: ${OLD}  # npm run train:models updates it
    threshold: 0.96
  - id: zh.abuse.wording-model
    kind: model
    model_sha256: "${OLD}"
    model: models/zh-abuse.json
`;

describe('rewriteModelPin', () => {
  it('sets the pin of the rule that names the model, and changes nothing else', () => {
    const out = rewriteModelPin(FILE, 'models/zh-threat.json', NEW);
    expect(out).toBe(FILE.replace(`model_sha256: ${OLD}  #`, `model_sha256: ${NEW}  #`));
    expect(parse(out).rules[2].model_sha256).toBe(OLD);
  });

  it('finds the pin before the model line too, and a quoted one', () => {
    const out = rewriteModelPin(FILE, 'models/zh-abuse.json', NEW);
    expect(out).toBe(FILE.replace(`model_sha256: "${OLD}"`, `model_sha256: ${NEW}`));
    expect(parse(out).rules[1].model_sha256).toBe(OLD);
  });

  it('quotes a digest YAML would read as a number', () => {
    const digits = '1'.repeat(64);
    const out = rewriteModelPin(FILE, 'models/zh-threat.json', digits);
    expect(out).toContain(`model_sha256: "${digits}"  #`);
    expect(parse(out).rules[1].model_sha256).toBe(digits);
  });

  it('the same digest gives the same text', () => {
    expect(rewriteModelPin(FILE, 'models/zh-threat.json', OLD)).toBe(FILE);
  });

  it('fails when no rule names the model, or several do', () => {
    expect(() => rewriteModelPin(FILE, 'models/zh-other.json', NEW)).toThrow(/no rule names the model models\/zh-other\.json/);
    const twice = FILE.replace('models/zh-abuse.json', 'models/zh-threat.json');
    expect(() => rewriteModelPin(twice, 'models/zh-threat.json', NEW)).toThrow(/2 rules name the model models\/zh-threat\.json/);
  });

  it('fails when the rule has no pin, or an empty one', () => {
    const unpinned = FILE.replace(`    model_sha256: ${OLD}  # npm run train:models updates it\n`, '');
    expect(() => rewriteModelPin(unpinned, 'models/zh-threat.json', NEW)).toThrow(/has no model_sha256 value to update/);
    const empty = FILE.replace(`model_sha256: ${OLD}  #`, 'model_sha256:  #');
    expect(() => rewriteModelPin(empty, 'models/zh-threat.json', NEW)).toThrow(/has no model_sha256 value to update/);
  });

  it('refuses what is not a sha256, and a file that is not YAML', () => {
    expect(() => rewriteModelPin(FILE, 'models/zh-threat.json', NEW.toUpperCase())).toThrow(/not a sha256/);
    expect(() => rewriteModelPin(`${FILE}  - [\n`, 'models/zh-threat.json', NEW)).toThrow(/not valid YAML/);
  });

  it('finds exactly one pin for each model of the shipped zh-CN pack', () => {
    for (const [file, model] of [['threat.yaml', 'models/zh-threat.json'], ['abuse.yaml', 'models/zh-abuse.json']] as const) {
      const text = readFileSync(`rules/zh-CN/${file}`, 'utf8');
      const out = rewriteModelPin(text, model, NEW);
      expect(out.length).toBe(text.length);
      expect(out.split('\n').filter((line, i) => line !== text.split('\n')[i])).toEqual([expect.stringMatching(new RegExp(`^ {4}model_sha256: ${NEW} `))]);
    }
  });
});

describe('modelPinLine', () => {
  it('is the line of the pin, where `--check` points a stale pin, wherever it stands in its rule', () => {
    expect(FILE.split('\n')[modelPinLine(FILE, 'models/zh-threat.json') - 1]).toMatch(/^ {4}model_sha256: a{64} /);
    expect(FILE.split('\n')[modelPinLine(FILE, 'models/zh-abuse.json') - 1]).toMatch(/^ {4}model_sha256: "a{64}"$/);
    expect(() => modelPinLine(FILE, 'models/zh-other.json')).toThrow(/no rule names the model/);
  });
});
