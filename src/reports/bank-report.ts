import type { Case, CaseEvent, Complaint } from '../cases/index.ts';
import type { Language, Segment } from '../domain/transcript.ts';
import type { StoredCall, StoredFinding } from '../store/index.ts';
import { maskPii } from '../privacy/pii-mask.ts';

/**
 * The report to the bank about one case, as data: the facts of the complaint, the calls and the
 * evidence (transcript excerpts with timestamps), the cause analysis, the resolution, how such
 * disputes will be handled, the lessons learned, and the case's history. Built from the case
 * dossier by a pure function; every text that could carry a personal number is masked here,
 * whoever asks for the report: it leaves the agency.
 */
export interface BankReportInput {
  case: Case;
  calls: { call: StoredCall; findings: StoredFinding[]; segments: readonly Segment[] }[];
  complaints: Complaint[];
  events: CaseEvent[];
  draft: { causeAnalysis: string; disputeHandling: string; lessonsLearned: string };
  generatedBy: string;
  generatedAt: Date;
}

export interface ExcerptLine {
  startMs: number;
  speaker: Segment['speaker'];
  text: string;
  /** The line holds a finding's evidence. */
  evidence: boolean;
}

export interface BankReport {
  /** The language of the case's calls: a Chinese bank gets a Chinese report, a US creditor an English one. */
  language: Language;
  /** Instants are shown at the UTC offset of the case's (first) call. */
  utcOffsetMinutes: number;
  caseId: number;
  bank: string;
  borrowerId: string;
  status: Case['status'];
  openedAt: Date;
  openedReason: Case['openedReason'];
  slaDueAt: Date;
  firstResponseAt: Date | null;
  reportedToBankAt: Date | null;
  reportedToBankBy: string | null;
  resolution: string;
  followUpNote: string | null;
  followedUpAt: Date | null;
  complaints: { channel: Complaint['channel']; receivedAt: Date; content: string; request: string | null }[];
  calls: {
    id: string;
    startedAt: string;
    agent: string;
    durationMs: number | null;
    direction: StoredCall['direction'];
    findings: { startMs: number; endMs: number; severity: StoredFinding['severity']; category: StoredFinding['category']; title: string; ruleId: string; ruleVersion: string; verdict: StoredFinding['verdict']; quote: string; source: string }[];
    excerpt: ExcerptLine[];
  }[];
  causeAnalysis: string;
  disputeHandling: string;
  lessonsLearned: string;
  timeline: { at: Date; actor: string; kind: CaseEvent['kind']; fromStatus: string | null; toStatus: string | null }[];
  generatedBy: string;
  generatedAt: Date;
}

/** Lines of context kept before and after each evidence line. */
const CONTEXT = 1;
const MAX_EXCERPT_LINES = 14;

export function excerptFor(segments: readonly Segment[], findings: readonly StoredFinding[]): ExcerptLine[] {
  const evidence = new Set<number>();
  for (const f of findings) {
    if (f.verdict === 'dismissed' || f.segmentIndex === undefined) continue;
    evidence.add(f.segmentIndex);
  }
  const keep = new Set<number>();
  for (const i of evidence) for (let k = i - CONTEXT; k <= i + CONTEXT; k++) if (k >= 0 && k < segments.length) keep.add(k);
  return [...keep]
    .sort((a, b) => a - b)
    .slice(0, MAX_EXCERPT_LINES)
    .map((i) => ({ startMs: segments[i]!.startMs, speaker: segments[i]!.speaker, text: maskPii(segments[i]!.text), evidence: evidence.has(i) }));
}

export function buildBankReport(input: BankReportInput): BankReport {
  const c = input.case;
  const english = input.calls.filter((x) => x.call.language === 'en-US').length;
  const language: Language = input.calls.length > 0 && english * 2 > input.calls.length ? 'en-US' : 'zh-CN';
  const first = input.calls[0]?.call;
  return {
    language,
    utcOffsetMinutes: first && Number.isFinite(first.utcOffsetMinutes) ? first.utcOffsetMinutes : language === 'zh-CN' ? 480 : 0,
    caseId: c.id,
    bank: c.bank,
    borrowerId: c.borrowerId,
    status: c.status,
    openedAt: c.openedAt,
    openedReason: c.openedReason,
    slaDueAt: c.slaDueAt,
    firstResponseAt: c.firstResponseAt,
    reportedToBankAt: c.reportedToBankAt,
    reportedToBankBy: c.reportedToBankBy,
    resolution: maskPii(c.resolution ?? ''),
    followUpNote: c.followUpNote === null ? null : maskPii(c.followUpNote),
    followedUpAt: c.followedUpAt,
    complaints: input.complaints.map((x) => ({
      channel: x.channel, receivedAt: x.receivedAt, content: maskPii(x.content), request: x.borrowerRequest === null ? null : maskPii(x.borrowerRequest),
    })),
    calls: input.calls.map(({ call, findings, segments }) => ({
      id: call.id,
      startedAt: call.startedAt,
      agent: call.agentName ? `${call.agentName} (${call.agentId})` : call.agentId,
      durationMs: call.durationMs,
      direction: call.direction,
      findings: findings
        .filter((f) => f.verdict !== 'dismissed')
        .map((f) => ({
          startMs: f.startMs, endMs: f.endMs, severity: f.severity, category: f.category, title: f.title || f.ruleId, ruleId: f.ruleId, ruleVersion: f.ruleVersion,
          verdict: f.verdict, quote: maskPii(f.quote), source: f.source,
        })),
      excerpt: excerptFor(segments, findings),
    })),
    causeAnalysis: maskPii(input.draft.causeAnalysis),
    disputeHandling: maskPii(input.draft.disputeHandling),
    lessonsLearned: maskPii(input.draft.lessonsLearned),
    timeline: input.events
      .filter((e) => e.kind !== 'note')
      .map((e) => ({ at: e.at, actor: e.actor, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus })),
    generatedBy: input.generatedBy,
    generatedAt: input.generatedAt,
  };
}
