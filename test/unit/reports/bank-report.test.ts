import { describe, expect, it } from 'vitest';
import { buildBankReport, excerptFor } from '../../../src/reports/bank-report.ts';
import type { Segment } from '../../../src/domain/transcript.ts';
import type { StoredCall, StoredFinding } from '../../../src/store/index.ts';
import type { Case } from '../../../src/cases/index.ts';

const segments: Segment[] = [
  { speaker: 'agent', startMs: 0, endMs: 1000, text: '您好' },
  { speaker: 'customer', startMs: 1000, endMs: 2000, text: '我的卡号6222021234567890' },
  { speaker: 'agent', startMs: 2000, endMs: 3000, text: '你这个老赖' },
  { speaker: 'customer', startMs: 3000, endMs: 4000, text: '我要投诉' },
  { speaker: 'agent', startMs: 4000, endMs: 5000, text: '随便' },
  { speaker: 'agent', startMs: 5000, endMs: 6000, text: '再见' },
];

const finding = (over: Partial<StoredFinding>): StoredFinding => ({
  id: 1, callId: 'c1', ruleId: 'zh.abuse.insult', ruleVersion: 'v1', title: '辱骂', category: 'abuse', severity: 'high',
  speaker: 'agent', startMs: 2000, endMs: 3000, quote: '你这个老赖', matched: ['老赖'], source: 'policy', segmentIndex: 2,
  packHash: null, createdAt: new Date(0), origin: 'rule', createdBy: null, verdict: null, verdictReason: null, verdictNote: null, verdictBy: null, verdictAt: null,
  ...over,
});

describe('the report to the bank', () => {
  it('excerpts each evidence line with one line of context, masked, and skips dismissed findings', () => {
    const lines = excerptFor(segments, [finding({}), finding({ id: 2, segmentIndex: 5, verdict: 'dismissed' })]);
    expect(lines.map((l) => l.startMs)).toEqual([1000, 2000, 3000]);
    expect(lines.map((l) => l.evidence)).toEqual([false, true, false]);
    expect(lines[0]!.text).toBe('我的卡号************7890');
  });

  it('masks every free text and leaves dismissed findings out', () => {
    const kase = {
      id: 7, bank: '建设银行', borrowerId: 'B-1', status: 'resolved', openedReason: 'complaint', riskScore: 3,
      openedAt: new Date(0), slaDueAt: new Date(0), firstResponseAt: null, assignedTo: null, reportedToBankAt: null,
      reportedToBankBy: null, resolvedAt: null, resolution: '已联系13912345678道歉', followedUpAt: null, followUpNote: null,
      followUpCallId: null, closedAt: null, updatedAt: new Date(0),
    } satisfies Case;
    const report = buildBankReport({
      case: kase,
      calls: [{ call: { id: 'c1', agentId: '8107', agentName: null, startedAt: '2026-03-02T21:20:00+08:00', durationMs: 6000, direction: 'outbound' } as StoredCall,
        findings: [finding({}), finding({ id: 2, ruleId: 'zh.other', verdict: 'dismissed' })], segments }],
      complaints: [{ id: 1, caseId: 7, bank: '建设银行', borrowerId: 'B-1', channel: 'phone', receivedAt: new Date(0), content: '电话13912345678', borrowerRequest: null, createdBy: 's', createdAt: new Date(0) }],
      events: [],
      draft: { causeAnalysis: '身份证110101199003071234', disputeHandling: '', lessonsLearned: '' },
      generatedBy: 'sup', generatedAt: new Date(0),
    });
    expect(JSON.stringify(report)).not.toMatch(/13912345678|110101199003071234|6222021234567890/);
    expect(report.calls[0]!.findings.map((f) => f.ruleId)).toEqual(['zh.abuse.insult']);
    expect(report.resolution).toBe('已联系*******5678道歉');
  });
});
