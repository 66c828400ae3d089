import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadPack, loadRuleSet } from '../../../src/rules/index.ts';
import { loadPackFrom, rule, withTempFiles } from './helpers.ts';

const BAD = 'fixtures/bad-rules';

/** Every problem of a bad-rules fixture, as `file:line:col: message` relative to the fixture. */
function problems(kind: string): string[] {
  const result = loadPack(join(BAD, kind));
  if (result.ok) throw new Error(`${kind} loaded without problems`);
  return result.problems.map((p) => formatProblem({ ...p, file: p.file.replace(`${BAD}/${kind}/`, '') }));
}

describe('rule files: one fixture per kind of error, each with file:line:col', () => {
  it.each([
    ['yaml-syntax', ['rules.yaml:6:5: YAML: Flow map in block collection must be sufficiently indented and end with a }']],
    ['duplicate-yaml-key', ['rules.yaml:12:5: YAML: Map keys must be unique']],
    ['unknown-key', ['rules.yaml:11:5: rules[0]: unknown key "severty"']],
    ['missing-key', ['rules.yaml:3:5: rules[0]: missing required key "title"']],
    ['bad-severity', ['rules.yaml:7:15: rules[0].severity: expected one of "low"|"medium"|"high"|"critical"']],
    ['unknown-kind', ['rules.yaml:4:11: rules[0].kind: unknown value (expected one of: phrase, model, required, contact_time, contact_frequency, recording)']],
    ['empty-phrase-list', ['rules.yaml:11:19: rules[0].match.any: a phrase list must not be empty']],
    ['too-few-examples', ['rules.yaml:13:14: rules[0].examples.match: give at least 3 examples that must match']],
    ['duplicate-bank-name', [
      'banks.yaml:4:3: bank_names: "建设银行" is listed twice (first under 中国建设银行); each name belongs to one bank',
      'banks.yaml:5:16: bank_names: "{bank}" is a bank\'s name, not a phrase: no placeholders',
      'banks.yaml:5:26: bank_names: "！" has nothing to match once punctuation and spaces are removed',
    ]],
    ['duplicate-id', ['b.yaml:3:9: rules[0].id: duplicate id "zh.test.rule" (first defined at fixtures/bad-rules/duplicate-id/a.yaml:3:9)']],
    ['mixed-language', ['zh-CN.yaml:1:11: language: this file says zh-CN but the pack is en-US']],
    ['missing-cues', [expect.stringMatching(/^rules\.yaml:12:24: rule zh\.test\.rule: unless\.negated needs the pack's cues/)]],
    ['unknown-placeholder', ['rules.yaml:11:20: rules[0] (zh.test.rule) match.any[0]: unknown placeholder {bankName} in "受{bankName}委托" (known: {bank}, {agentName}, {agentId}, {agency})']],
    ['punctuation-phrase', ['rules.yaml:11:20: rules[0] (zh.test.rule) match.any[0]: "！！！" has nothing to match once punctuation and spaces are removed']],
    ['backreference-regex', [expect.stringMatching(/^rules\.yaml:11:21: rules\[0\] \(zh\.test\.rule\) match\.regex: pattern \/\(还钱\)\\1\/ is not accepted .*invalid escape sequence/)]],
    ['unknown-lexicon', [
      'rules.yaml:11:20: unknown lexicon @violence_verbs (did you mean @violence_verb?)',
      'rules.yaml:11:39: rules[0] (zh.test.rule) match.any[1]: "@Violence": a lexicon reference is @ and a class name in lower-case words joined by _ (e.g. @violence_verb)',
    ]],
    ['lexicon-cycle', ['rules.yaml:4:23: lexicons.family_member: lexicon cycle: @target_person → @family_member → @target_person; a class cannot include itself']],
    ['lookaround-regex', [expect.stringMatching(/^rules\.yaml:11:21: .*match\.regex: pattern \/上门\(\?!服务\)\/ is not accepted .*unsupported Perl syntax/)]],
  ])('%s', (kind, expected) => {
    expect(problems(kind)).toEqual(expected);
  });

  it('reports every problem of a file at once, sorted by position', () => {
    const all = problems('many-problems');
    expect(all[0]).toBe('rules.yaml:11:5: rules[0]: unknown key "colour"');
    expect(all).toContain('rules.yaml:12:19: rules[0].match.any: a phrase list must not be empty');
    expect(all.some((p) => p.startsWith('rules.yaml:12:30:') && p.includes('(?<=a)b'))).toBe(true);
    expect(all).toContain('rules.yaml:16:9: rules[1].id: ids are lower-case words joined by . or -, e.g. zh.abuse.profanity');
    expect(all).toContain('rules.yaml:16:5: rules[1]: missing required key "speaker"');
    expect(all.length).toBeGreaterThanOrEqual(11);
  });
});

describe('rule sets', () => {
  it('loads every language pack and the policy', () => {
    const set = loadRuleSet('test/unit/rules/fixtures/rules');
    expect(set.ok).toBe(true);
    if (!set.ok) return;
    expect([...set.packs.keys()]).toEqual(['zh-CN']);
    expect(set.policy.open_case_at).toBe(10);
    expect(set.notes.some((n) => n.includes('en-US'))).toBe(true);
  });

  it('an invalid pack or policy gives problems, never a half rule set', () => {
    const good = 'language: zh-CN\nrules: []\n';
    const files = { 'zh-CN/a.yaml': good, 'en-US/a.yaml': 'language: en-US\nrules: [{ id: x }]\n', 'policy.yaml': 'open_case_at: -1\n' };
    const lines = withTempFiles(files, (root) => {
      const set = loadRuleSet(root);
      return set.ok ? [] : set.problems.map((p) => formatProblem({ ...p, file: p.file.slice(root.length + 1) }));
    });
    expect(lines).toContain('policy.yaml:1:1: (top level): missing required key "severity_weights"');
    expect(lines).toContain('policy.yaml:1:15: open_case_at: Too small: expected number to be >0');
    expect(lines.some((l) => l.startsWith('en-US/a.yaml:2:'))).toBe(true);
  });

  it('refuses a directory that is not a language', () => {
    const set = withTempFiles({ 'fr-FR/a.yaml': 'language: zh-CN\n' }, loadRuleSet);
    expect(set.ok).toBe(false);
    if (!set.ok) expect(set.problems[0]!.message).toMatch(/"fr-FR" is not a pack language/);
  });

  it('uses the default policy when there is none', () => {
    const set = withTempFiles({ 'zh-CN/a.yaml': 'language: zh-CN\nrules: []\n' }, loadRuleSet);
    expect(set.ok && set.policy.severity_weights.critical).toBe(20);
  });
});

describe('categories a pack may not use', () => {
  it('transcript_quality belongs to the quality estimate, not to a rule', () => {
    const result = loadPackFrom('zh-CN', { 'rules.yaml': { language: 'zh-CN', rules: [rule({ category: 'transcript_quality', match: { any: ['听不清'] } })] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/category: transcript_quality findings come from the transcript's quality estimate/)]);
  });
});
