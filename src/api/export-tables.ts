import { maskPii } from '../privacy/pii-mask.ts';
import type { Cell, ExportColumn, ExportTable } from '../reports/export-table.ts';
import type { CaseListItem } from '../store/review-app/case-list.ts';
import type { ExportedFinding } from '../store/review-app/findings-export.ts';
import type { QueueItem } from '../store/review-app/review-queue.ts';
import type { DashboardData } from './dashboard-data.ts';
import type { SearchResultHit } from './transcript-search-query.ts';

/**
 * The exports' tables: which columns each holds and how a value is written. Text that may carry
 * personal numbers (quotes, notes, transcript lines) is masked unless the user sees numbers
 * unmasked on screen: an export shows what its reader may read, no more.
 */
const col = (key: string, header: string, width?: number): ExportColumn => ({ key, header, ...(width ? { width } : {}) });
const iso = (d: Date | string | null): string | null => (d === null ? null : typeof d === 'string' ? d : d.toISOString());
const ratio = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

/** Where a case stands against its first-response deadline at `now`: met, missed (answered late), due, overdue. */
export function firstResponseState(c: { slaDueAt: Date; firstResponseAt: Date | null }, now: Date): 'met' | 'missed' | 'due' | 'overdue' {
  const due = c.slaDueAt.getTime();
  if (c.firstResponseAt) return c.firstResponseAt.getTime() <= due ? 'met' : 'missed';
  return now.getTime() <= due ? 'due' : 'overdue';
}

export function queueTable(items: readonly QueueItem[]): ExportTable {
  return {
    name: 'queue',
    columns: [
      col('callId', 'call', 20), col('startedAt', 'started at', 26), col('agentId', 'agent'), col('agentName', 'agent name'),
      col('team', 'team'), col('bank', 'bank'), col('borrowerId', 'borrower'), col('language', 'language'),
      col('findings', 'findings'), col('unreviewed', 'unreviewed'), col('confirmed', 'confirmed'), col('maxSeverity', 'max severity'),
      col('categories', 'categories', 30), col('risk', 'risk'), col('caseId', 'case'), col('slaDueAt', 'SLA due', 26),
    ],
    rows: items.map((i) => ({
      callId: i.callId, startedAt: i.startedAt, agentId: i.agentId, agentName: i.agentName, team: i.team, bank: i.bank,
      borrowerId: i.borrowerId, language: i.language, findings: i.findings, unreviewed: i.unreviewed, confirmed: i.confirmed,
      maxSeverity: i.maxSeverity, categories: i.categories.join(' '), risk: i.risk, caseId: i.caseId, slaDueAt: iso(i.slaDueAt),
    })),
  };
}

export function findingsTable(findings: readonly ExportedFinding[], unmasked: boolean): ExportTable {
  const m = unmasked ? (t: string) => t : maskPii;
  return {
    name: 'findings',
    columns: [
      col('findingId', 'finding'), col('callId', 'call', 20), col('startedAt', 'started at', 26), col('agentId', 'agent'),
      col('agentName', 'agent name'), col('team', 'team'), col('bank', 'bank'), col('language', 'language'),
      col('ruleId', 'rule', 24), col('ruleVersion', 'rule version'), col('title', 'title', 30), col('category', 'category'),
      col('severity', 'severity'), col('speaker', 'speaker'), col('startMs', 'start ms'), col('endMs', 'end ms'),
      col('quote', 'quote', 50), col('source', 'legal source', 40), col('verdict', 'verdict'), col('verdictReason', 'reason'),
      col('verdictNote', 'note', 30), col('verdictBy', 'by'), col('verdictAt', 'at', 26), col('origin', 'raised by'), col('createdBy', 'added by'),
    ],
    rows: findings.map((f) => ({
      findingId: f.findingId, callId: f.callId, startedAt: f.startedAt, agentId: f.agentId, agentName: f.agentName, team: f.team,
      bank: f.bank, language: f.language, ruleId: f.ruleId, ruleVersion: f.ruleVersion, title: f.title, category: f.category,
      severity: f.severity, speaker: f.speaker, startMs: f.startMs, endMs: f.endMs, quote: m(f.quote), source: f.source,
      verdict: f.verdict, verdictReason: f.verdictReason, verdictNote: f.verdictNote === null ? null : m(f.verdictNote),
      verdictBy: f.verdictBy, verdictAt: iso(f.verdictAt), origin: f.origin, createdBy: f.createdBy,
    })),
  };
}

export function casesTable(cases: readonly CaseListItem[], now: Date): ExportTable {
  return {
    name: 'cases',
    columns: [
      col('id', 'case'), col('bank', 'bank'), col('borrowerId', 'borrower'), col('status', 'status'), col('openedReason', 'opened because'),
      col('openedAt', 'opened at', 26), col('slaDueAt', 'first response due', 26), col('slaState', 'first response'),
      col('firstResponseAt', 'first response at', 26), col('assignedTo', 'assigned to'), col('reportedToBankAt', 'reported to bank', 26),
      col('resolvedAt', 'resolved at', 26), col('followedUpAt', 'followed up at', 26), col('closedAt', 'closed at', 26),
      col('calls', 'calls'), col('findings', 'findings (not dismissed)'), col('complaints', 'complaints'),
    ],
    rows: cases.map((c) => ({
      id: c.id, bank: c.bank, borrowerId: c.borrowerId, status: c.status, openedReason: c.openedReason, openedAt: iso(c.openedAt),
      slaDueAt: iso(c.slaDueAt), slaState: firstResponseState(c, now), firstResponseAt: iso(c.firstResponseAt), assignedTo: c.assignedTo,
      reportedToBankAt: iso(c.reportedToBankAt), resolvedAt: iso(c.resolvedAt), followedUpAt: iso(c.followedUpAt), closedAt: iso(c.closedAt),
      calls: c.calls, findings: c.findings, complaints: c.complaints,
    })),
  };
}

export const DASHBOARD_TABLES = [
  'findingsPerWeek', 'agents', 'teams', 'banks', 'rulesByHits', 'rulesByConfirmed', 'rulesByMissed', 'cases', 'qaWeeks', 'reviewers', 'backlog',
  'engines', 'signals', 'samples',
] as const;
export type DashboardTableName = (typeof DASHBOARD_TABLES)[number];

function rateTable(name: string, rows: DashboardData['violationRates']['agent']): ExportTable {
  return {
    name,
    columns: [col('key', name.replace(/s$/, '')), col('calls', 'calls'), col('flaggedCalls', 'flagged calls'), col('flaggedShare', 'flagged share'),
      col('violationCalls', 'calls with a confirmed violation'), col('violationRate', 'confirmed-violation rate'),
      col('confirmedFindings', 'confirmed findings'), col('reviewedFindings', 'reviewed findings'), col('missedFindings', 'missed (added by reviewers)')],
    rows: rows.map((r) => ({ ...r, flaggedShare: ratio(r.flaggedCalls, r.calls), violationRate: ratio(r.violationCalls, r.calls) })),
  };
}

function ruleTable(name: string, rows: DashboardData['topRules']['byHits']): ExportTable {
  return {
    name,
    columns: [col('ruleId', 'rule', 24), col('category', 'category'), col('hits', 'hits'), col('confirmed', 'confirmed'), col('dismissed', 'dismissed'), col('precision', 'precision'), col('missed', 'missed (added by reviewers)')],
    rows: rows.map((r) => ({ ...r, precision: ratio(r.confirmed, r.confirmed + r.dismissed) })),
  };
}

/** The dashboard's tables, as shown, one per figure. */
export function dashboardTables(d: DashboardData): Record<DashboardTableName, ExportTable> {
  const plain = (name: string, rows: readonly object[], columns: ExportColumn[]): ExportTable => ({ name, columns, rows: rows as Record<string, Cell>[] });
  return {
    findingsPerWeek: plain('findingsPerWeek', d.findingsPerWeek, [col('week', 'week'), col('category', 'category'), col('severity', 'severity'), col('hits', 'hits'), col('confirmed', 'confirmed'), col('dismissed', 'dismissed'), col('missed', 'missed (added by reviewers)')]),
    agents: rateTable('agents', d.violationRates.agent),
    teams: rateTable('teams', d.violationRates.team),
    banks: rateTable('banks', d.violationRates.bank),
    rulesByHits: ruleTable('rulesByHits', d.topRules.byHits),
    rulesByConfirmed: ruleTable('rulesByConfirmed', d.topRules.byConfirmed),
    rulesByMissed: ruleTable('rulesByMissed', d.topRules.byMissed),
    cases: plain('cases', d.cases, [col('week', 'week'), col('opened', 'opened'), col('complaintOpened', 'complaint cases opened'), col('closed', 'closed'), col('slaMet', 'first response in time'), col('slaBreached', 'first response late or overdue')]),
    qaWeeks: plain('qaWeeks', d.qa.weeks, [col('week', 'week'), col('confirmed', 'confirmed'), col('dismissed', 'dismissed'), col('noted', 'noted'), col('actedOn', 'acted on')]),
    reviewers: plain('reviewers', d.qa.reviewers, [col('reviewer', 'reviewer'), col('reviews', 'verdicts'), col('confirmed', 'confirmed'), col('dismissed', 'dismissed')]),
    backlog: plain('backlog', d.qa.backlog, [col('week', 'week of the call'), col('unreviewed', 'findings without a verdict')]),
    engines: plain('engines', d.engines, [col('week', 'week'), col('engine', 'engine'), col('transcripts', 'transcripts'), col('meanQuality', 'mean quality'), col('lowQuality', 'quality under 0.5')]),
    signals: plain('signals', d.signals, [col('week', 'week'), col('category', 'category'), col('raised', 'raised'), col('noted', 'noted'), col('actedOn', 'acted on'), col('awaiting', 'awaiting review')]),
    samples: plain('samples', d.samples, [col('week', 'week'), col('sampled', 'sampled'), col('reviewed', 'reviewed'), col('clean', 'clean'), col('violation', 'with a violation')]),
  };
}

/** Search results: one row per shown line (masked as the search showed it), or one per call without lines. */
export function searchTable(hits: readonly SearchResultHit[]): ExportTable {
  const rows: Record<string, Cell>[] = [];
  for (const h of hits) {
    const base = { callId: h.callId, startedAt: h.startedAt, agentId: h.agentId, agentName: h.agentName, team: h.team, bank: h.bank, borrowerId: h.borrowerId, firstContact: h.firstContact };
    if (h.segments.length === 0) rows.push({ ...base, speaker: null, startMs: null, text: null });
    for (const s of h.segments) rows.push({ ...base, speaker: s.speaker, startMs: s.startMs, text: s.text });
  }
  return {
    name: 'search',
    columns: [col('callId', 'call', 20), col('startedAt', 'started at', 26), col('agentId', 'agent'), col('agentName', 'agent name'),
      col('team', 'team'), col('bank', 'bank'), col('borrowerId', 'borrower'), col('firstContact', 'first contact'),
      col('speaker', 'speaker'), col('startMs', 'start ms'), col('text', 'line', 60)],
    rows,
  };
}
