import { describe, expect, it } from 'vitest';
import { compilePack, runExamples } from '../../../src/rules/index.ts';
import { loadPackFrom } from './helpers.ts';

const yaml = `language: zh-CN
example_call: { bank: 建设银行 }
cues:
  negation: [不会]
  negation_within: 2
  quotation: [您刚才说]
rules:
  - id: t.visit
    kind: phrase
    title: { zh-CN: 上门, en-US: Visit }
    category: threat
    severity: high
    source: s
    description: d
    speaker: agent
    match: { any: [上门] }
    unless: { negated: true }
    examples:
      match:
        - 明天上门
        - { segments: [{ speaker: customer, text: 喂 }, { speaker: agent, text: 我们上门 }] }
        - 不会上门
      no_match:
        - 不会上门
        - 上门
        - { segments: [{ speaker: customer, text: 你们别上门 }] }
  - id: t.mandate
    kind: required
    title: { zh-CN: 受托, en-US: Mandate }
    category: disclosure_missing
    severity: medium
    source: s
    description: d
    require:
      - name: { zh-CN: 受托声明, en-US: mandate }
        match: { any: ['受{bank}委托'] }
    examples:
      match: [你好, 受招商银行委托, { text: 受建设银行委托, call: { bank: 工商银行 } }]
      no_match: [受建设银行委托, { text: 受工商银行委托, call: { bank: 工商银行 } }, { call: { startedAt: 'not a date' } }]
`;

describe('runExamples', () => {
  it('runs match / no_match examples like unit tests and reports failures with their position', () => {
    const loaded = loadPackFrom('zh-CN', { 'rules.yaml': yaml });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const report = runExamples(compilePack(loaded.value));
    expect(report.passed + report.failed).toBe(12);
    const failures = report.results.filter((r) => !r.passed);
    expect(failures.map((f) => `${f.position.line}:${f.position.col} ${f.message}`)).toEqual([
      '22:11 t.visit: match example #3 raised no finding: "不会上门"',
      '25:11 t.visit: no_match example #2 raised a finding (matched ["上门"]): "上门"',
      expect.stringMatching(/^39:68 t\.mandate: no_match example #3: the example call is invalid: call\.startedAt: /),
    ]);
    expect(report.failed).toBe(3);
  });
});
