import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/finding.ts';
import { DEFAULT_POLICY, scoreFindings } from '../../../src/rules/index.ts';

const finding = (ruleId: string, severity: Finding['severity']): Finding => ({
  callId: 'c',
  ruleId,
  ruleVersion: 'v',
  title: 't',
  category: 'abuse',
  severity,
  speaker: 'agent',
  startMs: 0,
  endMs: 1,
  quote: '',
  matched: [],
  source: 's',
});

describe('scoreFindings', () => {
  it('adds each rule’s severity weight once and opens a case at the threshold', () => {
    const low = scoreFindings([finding('a', 'medium'), finding('a', 'medium'), finding('b', 'low')], DEFAULT_POLICY);
    expect(low).toMatchObject({ score: 4, openCase: false });
    expect(low.reasons[0]).toBe('a (medium, 2 findings) +3');
    const high = scoreFindings([finding('a', 'high'), finding('b', 'medium')], DEFAULT_POLICY);
    expect(high).toMatchObject({ score: 11, openCase: true });
    expect(high.reasons.at(-1)).toMatch(/open_case_at 10/);
  });

  it('opens a case on any critical finding unless the policy says otherwise', () => {
    const policy = { ...DEFAULT_POLICY, severity_weights: { ...DEFAULT_POLICY.severity_weights, critical: 5 } };
    expect(scoreFindings([finding('x', 'critical')], policy)).toMatchObject({ score: 5, openCase: true });
    expect(scoreFindings([finding('x', 'critical')], { ...policy, open_case_on_critical: false })).toMatchObject({ openCase: false });
    expect(scoreFindings([], DEFAULT_POLICY)).toEqual({ score: 0, openCase: false, reasons: [] });
  });
});
