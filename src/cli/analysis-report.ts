import { caseDeadlines, deadlineSettingsFor, nearestDeadline, type Case, type DeadlineName } from '../cases/index.ts';
import type { DeadlinesPolicy } from '../rules/rule-schema.ts';
import type { Finding } from '../domain/finding.ts';
import type { Queryable } from '../store/db.ts';
import { repositories, type StoredFinding } from '../store/index.ts';
import { clip, renderTable } from './text-table.ts';

/** What `callguard analyze` shows for a batch: each call, its findings, and the cases its calls are in. */
export interface AnalysisReport {
  calls: Array<{
    id: string;
    language: string;
    status: string;
    /** Why it failed; a failed call is never shown as clean. */
    reason: string | null;
    /** The engine whose transcript was scanned ('dialer record' without audio). */
    engine: string;
    findings: number;
    caseId: number | null;
  }>;
  findings: StoredFinding[];
  /** Each case with its calls and the deadline that falls due first (a risk case's review, a complaint's next step). */
  cases: Array<Case & { callIds: string[]; nextDeadline: { name: DeadlineName; dueAt: Date } | null }>;
}

/** The policy's deadlines (rules/policy.yaml `deadlines:`) and the moment they are judged at. */
export interface DeadlineContext {
  deadlines: DeadlinesPolicy;
  now: Date;
}

export async function buildAnalysisReport(q: Queryable, callIds: readonly string[], clocks: DeadlineContext): Promise<AnalysisReport> {
  const r = repositories(q);
  const order = new Map(callIds.map((id, i) => [id, i]));
  // In the order the batch named them: the reader finds their list in the same order.
  const calls = (await r.calls.getMany([...new Set(callIds)])).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const findings = await r.findings.listByCalls([...callIds]);
  const cases = new Map<number, Case & { callIds: string[] }>();
  const rows: AnalysisReport['calls'] = [];
  for (const call of calls) {
    const transcript = await r.transcripts.latestForCall(call.id);
    const engine = transcript
      ? `${transcript.engine}${transcript.model ? ` (${transcript.model})` : ''}`
      : call.source === 'dialer_record' ? 'dialer record' : '-';
    const linked = (await r.cases.listOfCall(call.id))[0];
    if (linked && !cases.has(linked.id)) cases.set(linked.id, { ...linked, callIds: await r.cases.listCallIds(linked.id) });
    rows.push({
      id: call.id,
      language: call.language,
      status: call.status,
      reason: call.statusReason,
      engine,
      findings: findings.filter((f) => f.callId === call.id).length,
      caseId: linked?.id ?? null,
    });
  }
  const withDeadlines = [...cases.values()].sort((a, b) => a.id - b.id).map((c) => {
    const next = nearestDeadline(caseDeadlines(c, deadlineSettingsFor(clocks.deadlines, c.bank), clocks.now));
    return { ...c, nextDeadline: next?.dueAt ? { name: next.name, dueAt: next.dueAt } : null };
  });
  return { calls: rows, findings, cases: withDeadlines };
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/**
 * What a finding's evidence column shows. A quote is what was said. A finding without one is about
 * the call: either something a speaker had to say and did not (a required rule: its `matched` lists
 * the missing elements, never words anyone spoke) or a fact about the call (hours, frequency).
 */
export function findingEvidence(f: Pick<Finding, 'quote' | 'matched' | 'speaker' | 'category'>): string {
  if (f.quote) return f.quote;
  const said = f.matched.join('; ');
  // Required rules name the speaker who owed the words; call rules speak of the call.
  const missing = f.speaker !== 'call' || f.category === 'disclosure_missing';
  return missing ? `missing 缺失: ${said}` : said;
}

export function renderAnalysisReport(report: AnalysisReport): string {
  const out: string[] = [];
  const failed = report.calls.filter((c) => c.status === 'failed');
  out.push(`Calls (${report.calls.length}${failed.length ? `, ${failed.length} FAILED` : ''})`);
  out.push(renderTable(
    ['call', 'lang', 'status', 'engine', 'findings', 'case'],
    report.calls.map((c) => [
      c.id, c.language, c.status === 'failed' ? 'FAILED' : c.status, c.engine,
      c.status === 'done' ? String(c.findings) : '-', c.caseId === null ? '' : `#${c.caseId}`,
    ]),
  ));
  for (const c of failed) out.push(`  FAILED ${c.id}: ${c.reason ?? 'no reason recorded'}`);
  out.push('');
  out.push(`Findings (${report.findings.length})`);
  const findings = [...report.findings].sort((a, b) =>
    a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.startMs - b.startMs);
  out.push(report.findings.length === 0 ? '  none' : renderTable(
    ['call', 'at', 'severity', 'category', 'rule', 'speaker', 'evidence'],
    findings.map((f) => [f.callId, clock(f.startMs), f.severity, f.category, f.ruleId, f.speaker, clip(findingEvidence(f), 44)]),
  ));
  out.push('');
  out.push(`Cases (${report.cases.length})`);
  out.push(report.cases.length === 0 ? '  none' : renderTable(
    ['case', 'kind', 'bank', 'borrower', 'status', 'opened because', 'risk', 'next deadline', 'calls'],
    report.cases.map((c) => [
      `#${c.id}`, c.kind, c.bank, c.borrowerId, c.status, c.openedReason, String(c.riskScore),
      c.nextDeadline ? `${c.nextDeadline.name} ${c.nextDeadline.dueAt.toISOString().replace(/\.\d+Z$/, 'Z')}` : '-', c.callIds.join(', '),
    ]),
  ));
  return `${out.join('\n')}\n`;
}
