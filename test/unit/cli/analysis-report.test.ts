import { describe, expect, it } from 'vitest';
import { findingEvidence, renderAnalysisReport, type AnalysisReport } from '../../../src/cli/analysis-report.ts';
import type { StoredFinding } from '../../../src/store/index.ts';

/* The findings table `callguard analyze` (and `npm run demo`) prints. */
function finding(over: Partial<StoredFinding>): StoredFinding {
  return {
    id: 1, callId: 'c1', ruleId: 'r', ruleVersion: 'v', title: 't', category: 'abuse', severity: 'high', speaker: 'agent',
    startMs: 0, endMs: 1000, quote: '', matched: [], source: 's', packHash: null, createdAt: new Date(0), origin: 'rule', createdBy: null,
    verdict: null, verdictReason: null, verdictNote: null, verdictBy: null, verdictAt: null,
    ...over,
  };
}

const report = (findings: StoredFinding[]): AnalysisReport => ({
  calls: [{ id: 'c1', language: 'en-US', status: 'done', reason: null, engine: 'sidecar', findings: findings.length, caseId: null }],
  findings,
  cases: [],
});

describe('the findings table', () => {
  it('shows a missing disclosure as missing, with its category, not as words the agent said', () => {
    const f = finding({ ruleId: 'en.disclosure.debt-collector', category: 'disclosure_missing', matched: ['debt collector statement'] });
    expect(findingEvidence(f)).toBe('missing 缺失: debt collector statement');
    const row = renderAnalysisReport(report([f])).split('\n').find((l) => l.includes('en.disclosure.debt-collector'))!;
    expect(row).toMatch(/disclosure_missing\s+en\.disclosure\.debt-collector\s+agent\s+missing 缺失: debt collector statement/);
  });

  it('marks as missing what a required rule of another category lacks, for the speaker who owed it', () => {
    expect(findingEvidence(finding({ category: 'recording', speaker: 'agent', matched: ['录音告知'] }))).toBe('missing 缺失: 录音告知');
  });

  it('shows what was said as the quote, and a call-level fact as it is', () => {
    expect(findingEvidence(finding({ quote: 'You are a damn deadbeat.', matched: ['deadbeat'] }))).toBe('You are a damn deadbeat.');
    expect(findingEvidence(finding({ speaker: 'call', category: 'contact_time', matched: ['21:40 (UTC-05:00) outside 08:00–21:00'] }))).toBe(
      '21:40 (UTC-05:00) outside 08:00–21:00',
    );
  });

  it('has a category column', () => {
    const text = renderAnalysisReport(report([finding({ quote: 'x' })]));
    expect(text).toMatch(/call\s+at\s+severity\s+category\s+rule\s+speaker\s+evidence/);
  });
});

describe('the cases table', () => {
  it("shows each case's kind and the deadline that falls due first, or '-' when none runs", () => {
    const kase = (id: number, nextDeadline: AnalysisReport['cases'][number]['nextDeadline']) => ({
      id, kind: 'risk', bank: '招商银行', borrowerId: `B-${id}`, status: 'open', openedReason: 'risk_threshold', riskScore: 11, callIds: ['c1'], nextDeadline,
    }) as unknown as AnalysisReport['cases'][number];
    const out = renderAnalysisReport({ ...report([]), cases: [kase(1, { name: 'risk_review', dueAt: new Date('2026-12-08T22:00:00.123Z') }), kase(2, null)] });
    const rows = out.split('\n').filter((l) => /^\s+#\d/.test(l));
    expect(rows[0]).toMatch(/#1\s+risk\s+招商银行\s+B-1\s+open\s+risk_threshold\s+11\s+risk_review 2026-12-08T22:00:00Z\s+c1/);
    expect(rows[1]).toMatch(/#2\s+risk\s+招商银行\s+B-2\s+open\s+risk_threshold\s+11\s+-\s+c1/);
  });
});
