import { describe, expect, it } from 'vitest';
import { decideTriage } from '../../../src/cases/triage-policy.ts';

const policy = { open_case_at: 10, open_case_on_critical: true };
const f = (...severities: ('low' | 'medium' | 'high' | 'critical')[]) => severities.map((severity) => ({ severity }));

describe('decideTriage', () => {
  it('opens a case when the score reaches the threshold', () => {
    expect(decideTriage({ findings: f('high', 'high'), score: 10, hasOpenCase: false, policy })).toEqual({ action: 'open', reason: 'risk_threshold' });
    expect(decideTriage({ findings: f('high'), score: 9.99, hasOpenCase: false, policy })).toEqual({ action: 'none', why: 'below_threshold' });
  });

  it('opens a case on any critical finding, unless the policy turns that off', () => {
    expect(decideTriage({ findings: f('low', 'critical'), score: 1, hasOpenCase: false, policy })).toEqual({ action: 'open', reason: 'critical_finding' });
    expect(decideTriage({ findings: f('critical'), score: 1, hasOpenCase: false, policy: { ...policy, open_case_on_critical: false } })).toEqual({ action: 'none', why: 'below_threshold' });
  });

  it('joins the open case with any finding, warranted or not', () => {
    expect(decideTriage({ findings: f('critical'), score: 50, hasOpenCase: true, policy })).toEqual({ action: 'join', warranted: true });
    expect(decideTriage({ findings: f('low'), score: 1, hasOpenCase: true, policy })).toEqual({ action: 'join', warranted: false });
  });

  it('does nothing for a clean call', () => {
    expect(decideTriage({ findings: [], score: 0, hasOpenCase: true, policy })).toEqual({ action: 'none', why: 'no_findings' });
    expect(decideTriage({ findings: [], score: 0, hasOpenCase: false, policy })).toEqual({ action: 'none', why: 'no_findings' });
  });
});
