import { describe, expect, it } from 'vitest';
import { buildBankReport, excerptFor, type BankReportInput } from '../../../src/reports/bank-report.ts';
import { blockTexts, reportBlocks } from '../../../src/reports/report-document.ts';
import type { Segment } from '../../../src/domain/transcript.ts';
import type { StoredCall, StoredFinding } from '../../../src/store/index.ts';
import type { Case } from '../../../src/domain/case.ts';

const segments: Segment[] = [
  { speaker: 'agent', startMs: 0, endMs: 1000, text: '您好' },
  { speaker: 'customer', startMs: 1000, endMs: 2000, text: '我的卡号6222021234567890' },
  { speaker: 'agent', startMs: 2000, endMs: 3000, text: '你这个老赖' },
  { speaker: 'customer', startMs: 3000, endMs: 4000, text: '我要投诉' },
  { speaker: 'agent', startMs: 4000, endMs: 5000, text: '随便' },
  { speaker: 'agent', startMs: 5000, endMs: 6000, text: '再见' },
];

let nextId = 1;
const finding = (over: Partial<StoredFinding>): StoredFinding => ({
  id: nextId++, callId: 'c1', ruleId: 'zh.abuse.insult', ruleVersion: 'v1', title: '辱骂', category: 'abuse', severity: 'high',
  speaker: 'agent', startMs: 2000, endMs: 3000, quote: '你这个老赖', matched: ['老赖'], source: 'policy', segmentIndex: 2,
  packHash: null, createdAt: new Date(0), origin: 'rule', createdBy: null, verdict: null, verdictReason: null, verdictNote: null, verdictBy: null, verdictAt: null,
  ...over,
});

const kase = (over: Partial<Case> = {}): Case => ({
  id: 7, kind: 'complaint', bank: '建设银行', borrowerId: 'B-1', status: 'resolved', openedReason: 'complaint', riskScore: 3,
  openedAt: new Date(0), slaDueAt: new Date(0), receivedAt: new Date(0), firstResponseAt: null, assignedTo: null,
  acceptedAt: null, complainantName: '张三', complainantRelation: 'borrower', complainantContact: '13912345678', complaintChannel: 'phone',
  complainantRequest: '要求道歉', promisedResponseAt: null, investigatingAt: null, bankNotifiedAt: null, explainedAt: null,
  solutionText: '向借款人道歉，停止该催收员联系', solutionDueAt: new Date('2026-03-05T00:00:00Z'), solutionProposedAt: null, outcome: 'founded',
  causeAnalysis: '催收员情绪失控', reviewedAt: null, regulatorExtensionDays: 0, regulatorExtensionReason: null, reopenedAt: null, reportedToBankAt: null,
  reportedToBankBy: null, resolvedAt: null, resolution: null, followedUpAt: new Date('2026-03-06T02:00:00Z'), followUpNote: '借款人表示满意',
  followUpCallId: 'follow', closedAt: null, updatedAt: new Date(0), ...over,
});

const call = (id: string, over: Partial<StoredCall> = {}): StoredCall => ({
  id, source: 'recording', agentId: '8107', agentName: null, startedAt: '2026-03-02T21:20:00+08:00', utcOffsetMinutes: 480, durationMs: 6000,
  direction: 'outbound', language: 'zh-CN', audioSha256: 'a'.repeat(64), status: 'done', failedStage: null, ...over,
} as StoredCall);

function input(over: Partial<BankReportInput> = {}): BankReportInput {
  return {
    case: kase(),
    calls: [],
    chosenCallIds: [],
    complaints: [],
    contacts: [],
    events: [],
    draft: { causeAnalysis: '', disputeHandling: '', lessonsLearned: '' },
    selection: null,
    agency: { name: '某某资产管理有限公司', lines: ['北京市朝阳区某路1号'], signature: ['质检主管 王五'] },
    generatedBy: 'sup',
    generatedAt: new Date(0),
    ...over,
  };
}
const texts = (r: ReturnType<typeof buildBankReport>) => reportBlocks(r).flatMap(blockTexts);

describe('the report to the bank', () => {
  it('excerpts each evidence line with one line of context, masked, and skips dismissed findings', () => {
    const lines = excerptFor(segments, [finding({}), finding({ segmentIndex: 5, verdict: 'dismissed' })]);
    expect(lines.map((l) => l.startMs)).toEqual([1000, 2000, 3000]);
    expect(lines.map((l) => l.evidence)).toEqual([false, true, false]);
    expect(lines[0]!.text).toBe('我的卡号************7890');
  });

  it('masks every free text, leaves dismissed findings and the complainant\'s name and contact out', () => {
    const report = buildBankReport(input({
      case: kase({ resolution: '已联系13912345678道歉' }),
      calls: [{ call: call('c1'), findings: [finding({}), finding({ ruleId: 'zh.other', verdict: 'dismissed' })], segments }],
      complaints: [{ id: 1, caseId: 7, bank: '建设银行', borrowerId: 'B-1', channel: 'phone', receivedAt: new Date(0), content: '电话13912345678', borrowerRequest: null, phoneMasked: null, createdBy: 's', createdAt: new Date(0) }],
      contacts: [{ id: 1, caseId: 7, at: new Date(0), by: 'sup', party: 'borrower', channel: 'phone', summary: '回拨13912345678解释', callId: null }],
      draft: { causeAnalysis: '', disputeHandling: '身份证110101199003071234', lessonsLearned: '' },
    }));
    const all = JSON.stringify(report) + texts(report).join('\n');
    expect(all).not.toMatch(/13912345678|110101199003071234|6222021234567890|张三/);
    expect(report.calls[0]!.unreviewed.map((f) => f.ruleId)).toEqual(['zh.abuse.insult']);
    expect(report.resolution).toBe('已联系*******5678道歉');
  });

  it('keeps QA-confirmed violations, unreviewed machine findings and borrower signals apart', () => {
    const report = buildBankReport(input({
      calls: [{
        call: call('c1'),
        findings: [
          finding({ verdict: 'confirmed' }),
          finding({ ruleId: 'zh.threat', category: 'threat', segmentIndex: 4 }),
          finding({ ruleId: 'zh.complaint', category: 'complaint_risk', speaker: 'customer', severity: 'high', segmentIndex: 3, verdict: 'confirmed' }),
          finding({ ruleId: 'zh.hardship', category: 'vulnerability', speaker: 'customer', segmentIndex: 1 }),
        ],
        segments,
      }],
    }));
    const c = report.calls[0]!;
    expect(c.confirmed.map((f) => f.ruleId)).toEqual(['zh.abuse.insult']);
    expect(c.unreviewed.map((f) => f.ruleId)).toEqual(['zh.threat']);
    // The borrower's complaint is context even when QA confirmed it was said: never the agent's violation.
    expect(c.signals.map((f) => f.ruleId)).toEqual(['zh.complaint', 'zh.hardship']);
    const t = texts(report);
    const at = (s: string) => t.indexOf(s);
    expect(at('质检确认的违规')).toBeGreaterThan(-1);
    expect(at('机器命中，尚未人工复核')).toBeGreaterThan(at('质检确认的违规'));
    expect(at('借款人表达（背景信息，不构成催收员违规）')).toBeGreaterThan(at('机器命中，尚未人工复核'));
    expect(t).not.toContain('未发现违规。');
  });

  it('says "recording missing" or "processing failed" for calls that could not be checked, never "no violation found"', () => {
    const report = buildBankReport(input({
      calls: [
        { call: call('dialer', { source: 'dialer_record', audioSha256: null, status: 'done' }), findings: [], segments: null },
        { call: call('lost', { audioSha256: null, status: 'done' }), findings: [], segments: null },
        { call: call('broken', { status: 'failed', failedStage: 'decode' }), findings: [], segments: null },
        { call: call('busy', { status: 'decoded' }), findings: [], segments: null },
        { call: call('clean'), findings: [], segments },
      ],
      selection: { callIds: ['dialer', 'lost', 'broken', 'busy', 'clean'], findingIds: null },
    }));
    expect(report.calls.map((c) => [c.id, c.recording])).toEqual([
      ['dialer', 'missing'], ['lost', 'missing'], ['broken', 'failed'], ['busy', 'processing'], ['clean', 'available'],
    ]);
    const t = texts(report);
    expect(t.filter((s) => s.startsWith('录音缺失'))).toHaveLength(2);
    expect(t).toContain('处理失败：录音未能完成分析，无法判断是否存在违规。（失败步骤：decode）');
    // Exactly one "no violation": the call that was heard.
    expect(t.filter((s) => s === '未发现违规。')).toHaveLength(1);
    const en = buildBankReport(input({ calls: [{ call: call('d', { source: 'dialer_record', audioSha256: null, language: 'en-US' }), findings: [], segments: null }], selection: { callIds: ['d'], findingIds: null } }));
    expect(texts(en).join('\n')).toMatch(/Recording missing/);
    expect(texts(en)).not.toContain('No violation found.');
  });

  it('by default takes the chosen calls, else the calls with findings, and always the unchecked ones', () => {
    const calls = [
      { call: call('quiet'), findings: [], segments },
      { call: call('flagged'), findings: [finding({ callId: 'flagged' })], segments },
      { call: call('only-dismissed'), findings: [finding({ callId: 'only-dismissed', verdict: 'dismissed' })], segments },
      { call: call('nodata', { source: 'dialer_record', audioSha256: null }), findings: [], segments: null },
      { call: call('follow'), findings: [], segments },
    ];
    const byFindings = buildBankReport(input({ calls }));
    expect(byFindings.calls.map((c) => [c.id, c.role])).toEqual([['flagged', 'evidence'], ['nodata', 'evidence'], ['follow', 'follow_up']]);
    expect(byFindings.omittedCallCount).toBe(2);
    const byChoice = buildBankReport(input({ calls, chosenCallIds: ['quiet'] }));
    expect(byChoice.calls.map((c) => c.id)).toEqual(['quiet', 'nodata', 'follow']);
  });

  it('follows the supervisor\'s selection: chosen calls, cited excerpts only, contact and follow-up calls kept', () => {
    const cited = finding({ callId: 'a', segmentIndex: 2 });
    const uncited = finding({ callId: 'a', ruleId: 'zh.threat', category: 'threat', segmentIndex: 5, startMs: 5000, endMs: 6000 });
    const report = buildBankReport(input({
      calls: [
        { call: call('a'), findings: [cited, uncited], segments },
        { call: call('b'), findings: [finding({ callId: 'b' })], segments },
        { call: call('explain'), findings: [], segments },
        { call: call('follow'), findings: [], segments },
      ],
      contacts: [{ id: 1, caseId: 7, at: new Date('2026-03-03T01:00:00Z'), by: 'sup', party: 'borrower', channel: 'phone', summary: '解释了处理进度', callId: 'explain' }],
      selection: { callIds: ['a'], findingIds: [cited.id] },
    }));
    expect(report.calls.map((c) => [c.id, c.role])).toEqual([['a', 'evidence'], ['explain', 'contact'], ['follow', 'follow_up']]);
    expect(report.omittedCallCount).toBe(1);
    const a = report.calls[0]!;
    // Every finding of a chosen call is listed; only the cited one gets its excerpt.
    expect(a.unreviewed.map((f) => [f.ruleId, f.cited])).toEqual([['zh.abuse.insult', true], ['zh.threat', false]]);
    expect(a.excerpt.filter((l) => l.evidence).map((l) => l.startMs)).toEqual([2000]);
    const t = texts(report);
    for (const s of ['三、沟通记录（解释说明）', '解释了处理进度', '向借款人道歉，停止该催收员联系', '六、回访', '借款人表示满意', 'follow', '某某资产管理有限公司', '北京市朝阳区某路1号', '质检主管 王五', '催收员情绪失控', '投诉成立']) {
      expect(t.some((x) => x.includes(s)), s).toBe(true);
    }
  });
});
