import type { Case, CaseEvent, Complaint, ContactRecord } from '../domain/case.ts';
import type { Category } from '../domain/category.ts';
import type { Language, Segment } from '../domain/transcript.ts';
import type { StoredCall, StoredFinding } from '../store/index.ts';
import { maskPii } from '../privacy/pii-mask.ts';
import type { AgencyLetterhead } from './agency-letterhead.ts';
import { defaultSelection, type ReportSelection } from './report-selection.ts';

/**
 * The report to the bank about one case, as data: the facts of the complaint, the calls the
 * supervisor chose with their findings kept apart by what they are (violations QA confirmed,
 * machine findings nobody has reviewed, the borrower's own signals), what each call's recording
 * allows us to say, the contacts (explanations), the solution, the follow-up call, the written
 * parts, and the case's history. Built from the case by a pure function; the DOCX and the PDF both
 * render this, through one list of blocks (report-document.ts). Every text that could carry a
 * personal number is masked here, whoever asks for the report: it leaves the agency.
 */
export interface BankReportInput {
  case: Case;
  calls: { call: StoredCall; findings: StoredFinding[]; segments: readonly Segment[] | null }[];
  /** Calls the investigation chose (case_calls.chosen_at): the default selection when present. */
  chosenCallIds: readonly string[];
  complaints: Complaint[];
  contacts: ContactRecord[];
  events: CaseEvent[];
  draft: { causeAnalysis: string; disputeHandling: string; lessonsLearned: string };
  /** The supervisor's choice of calls and excerpts; null = the default (report-selection.ts). */
  selection: ReportSelection | null;
  agency: AgencyLetterhead;
  generatedBy: string;
  generatedAt: Date;
}

export interface ExcerptLine {
  startMs: number;
  speaker: Segment['speaker'];
  text: string;
  /** The line holds a cited finding's evidence. */
  evidence: boolean;
}

/**
 * What the report may say about a call's content:
 * - `available`: transcribed and scanned, so its findings (or their absence) mean something;
 * - `missing`: no recording (a dialer row, or a recording that never arrived): nothing can be said;
 * - `failed`: the recording could not be processed: nothing can be said until it is;
 * - `processing`: still in the pipeline.
 * Only an `available` call without findings is reported as "no violation found".
 */
export type RecordingState = 'available' | 'missing' | 'failed' | 'processing';

/** How a finding is reported. Borrower signals are context about the borrower, never the agent's fault. */
export type FindingGroup = 'confirmed' | 'unreviewed' | 'signal' | 'quality';

/** What the borrower said or is (a complaint, a cease request, hardship or self-harm): the borrower's words, not the agent's conduct. */
export const BORROWER_SIGNAL_CATEGORIES: ReadonlySet<Category> = new Set<Category>(['complaint_risk', 'cease_request', 'vulnerability']);
/** About the recording or transcript, not about what anyone said. */
export const CALL_QUALITY_CATEGORIES: ReadonlySet<Category> = new Set<Category>(['recording', 'transcript_quality']);

export function findingGroup(f: Pick<StoredFinding, 'category' | 'verdict'>): FindingGroup {
  if (BORROWER_SIGNAL_CATEGORIES.has(f.category)) return 'signal';
  if (CALL_QUALITY_CATEGORIES.has(f.category)) return 'quality';
  return f.verdict === 'confirmed' ? 'confirmed' : 'unreviewed';
}

export function recordingState(call: Pick<StoredCall, 'source' | 'audioSha256' | 'status'>): RecordingState {
  if (call.status === 'failed') return 'failed';
  if (call.source === 'dialer_record' || !call.audioSha256) return 'missing';
  return call.status === 'done' ? 'available' : 'processing';
}

export interface ReportFinding {
  id: number;
  startMs: number;
  endMs: number;
  severity: StoredFinding['severity'];
  category: Category;
  title: string;
  ruleId: string;
  ruleVersion: string;
  verdict: StoredFinding['verdict'];
  quote: string;
  source: string;
  /** The supervisor cited it: its excerpt is printed and its clip goes into the evidence bundle. */
  cited: boolean;
  /** About the call as a whole (hours, frequency, a missing disclosure; no segment): no clip, the whole call is the evidence. */
  wholeCall: boolean;
}

export interface ReportCall {
  id: string;
  startedAt: string;
  agent: string;
  durationMs: number | null;
  direction: StoredCall['direction'];
  /** Why it is in the report: evidence the supervisor chose, a contact record's call, the follow-up call. */
  role: 'evidence' | 'contact' | 'follow_up';
  recording: RecordingState;
  failedStage: string | null;
  hasAudio: boolean;
  /** The stored recording's format (its file extension in the evidence bundle). */
  audioFormat: string | null;
  confirmed: ReportFinding[];
  unreviewed: ReportFinding[];
  signals: ReportFinding[];
  quality: ReportFinding[];
  excerpt: ExcerptLine[];
  /** The whole transcript, masked (the evidence bundle's copy); null without one. */
  transcript: ExcerptLine[] | null;
}

export interface BankReport {
  /** The language of the case's calls: a Chinese bank gets a Chinese report, a US creditor an English one. */
  language: Language;
  /** Instants are shown at the UTC offset of the case's (first) call. */
  utcOffsetMinutes: number;
  agency: AgencyLetterhead;
  caseId: number;
  kind: Case['kind'];
  bank: string;
  borrowerId: string;
  status: Case['status'];
  outcome: Case['outcome'];
  openedAt: Date;
  openedReason: Case['openedReason'];
  receivedAt: Date | null;
  acceptedAt: Date | null;
  firstResponseAt: Date | null;
  bankNotifiedAt: Date | null;
  explainedAt: Date | null;
  reportedToBankAt: Date | null;
  reportedToBankBy: string | null;
  complainant: { relation: Case['complainantRelation']; channel: Case['complaintChannel']; request: string | null };
  complaints: { channel: Complaint['channel']; receivedAt: Date; content: string; request: string | null }[];
  calls: ReportCall[];
  /** The case's calls left out of the report by the selection. */
  omittedCallCount: number;
  contacts: { at: Date; by: string; party: ContactRecord['party']; channel: ContactRecord['channel']; summary: string; callId: string | null }[];
  solution: { text: string; dueAt: Date | null; proposedAt: Date | null };
  /** The resolution text of cases closed before the procedure (kept so their reports stay complete). */
  resolution: string;
  causeAnalysis: string;
  disputeHandling: string;
  lessonsLearned: string;
  followUp: { at: Date | null; note: string | null; callId: string | null } | null;
  timeline: { at: Date; actor: string; kind: CaseEvent['kind']; fromStatus: string | null; toStatus: string | null }[];
  generatedBy: string;
  generatedAt: Date;
}

/** Lines of context kept before and after each evidence line. */
const CONTEXT = 1;
const MAX_EXCERPT_LINES = 14;

const maskedLine = (s: Segment, evidence: boolean): ExcerptLine => ({ startMs: s.startMs, speaker: s.speaker, text: maskPii(s.text), evidence });

/** The lines around the cited findings' segments, masked. */
export function excerptFor(segments: readonly Segment[], findings: readonly Pick<StoredFinding, 'verdict' | 'segmentIndex'>[]): ExcerptLine[] {
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
    .map((i) => maskedLine(segments[i]!, evidence.has(i)));
}

/** The text a person wrote, masked; the procedure's field first, the draft's as it was before. */
const written = (...texts: (string | null | undefined)[]) => maskPii(texts.find((t) => t && t.trim() !== '') ?? '');

export function buildBankReport(input: BankReportInput): BankReport {
  const c = input.case;
  const english = input.calls.filter((x) => x.call.language === 'en-US').length;
  const language: Language = input.calls.length > 0 && english * 2 > input.calls.length ? 'en-US' : 'zh-CN';
  const first = input.calls[0]?.call;
  const selection = input.selection ?? defaultSelection(input);
  const followUpId = c.followUpCallId;
  const contactCallIds = new Set(input.contacts.map((x) => x.callId).filter((id): id is string => id !== null));
  const chosen = new Set(selection.callIds);
  const cited = selection.findingIds === null ? null : new Set(selection.findingIds);
  const included = input.calls.filter(({ call }) => chosen.has(call.id) || call.id === followUpId || contactCallIds.has(call.id));

  const calls: ReportCall[] = included.map(({ call, findings, segments }) => {
    const kept = findings.filter((f) => f.verdict !== 'dismissed');
    const isCited = (f: StoredFinding) => cited === null || cited.has(f.id);
    const present = (f: StoredFinding): ReportFinding => ({
      id: f.id, startMs: f.startMs, endMs: f.endMs, severity: f.severity, category: f.category, title: f.title || f.ruleId,
      ruleId: f.ruleId, ruleVersion: f.ruleVersion, verdict: f.verdict, quote: maskPii(f.quote), source: f.source, cited: isCited(f), wholeCall: f.speaker === 'call' || f.segmentIndex === undefined,
    });
    const of = (g: FindingGroup) => kept.filter((f) => findingGroup(f) === g).map(present);
    const recording = recordingState(call);
    return {
      id: call.id,
      startedAt: call.startedAt,
      agent: call.agentName ? `${call.agentName} (${call.agentId})` : call.agentId,
      durationMs: call.durationMs,
      direction: call.direction,
      role: chosen.has(call.id) ? 'evidence' : call.id === followUpId ? 'follow_up' : 'contact',
      recording,
      failedStage: recording === 'failed' ? call.failedStage : null,
      hasAudio: call.audioSha256 !== null,
      audioFormat: call.audioFormat,
      confirmed: of('confirmed'),
      unreviewed: of('unreviewed'),
      signals: of('signal'),
      quality: of('quality'),
      excerpt: segments ? excerptFor(segments, kept.filter(isCited)) : [],
      transcript: segments ? segments.map((s) => maskedLine(s, false)) : null,
    };
  });

  return {
    language,
    utcOffsetMinutes: first && Number.isFinite(first.utcOffsetMinutes) ? first.utcOffsetMinutes : language === 'zh-CN' ? 480 : 0,
    agency: input.agency,
    caseId: c.id,
    kind: c.kind,
    bank: c.bank,
    borrowerId: c.borrowerId,
    status: c.status,
    outcome: c.outcome,
    openedAt: c.openedAt,
    openedReason: c.openedReason,
    receivedAt: c.receivedAt,
    acceptedAt: c.acceptedAt,
    firstResponseAt: c.firstResponseAt,
    bankNotifiedAt: c.bankNotifiedAt,
    explainedAt: c.explainedAt,
    reportedToBankAt: c.reportedToBankAt,
    reportedToBankBy: c.reportedToBankBy,
    complainant: { relation: c.complainantRelation, channel: c.complaintChannel, request: c.complainantRequest === null ? null : maskPii(c.complainantRequest) },
    complaints: input.complaints.map((x) => ({
      channel: x.channel, receivedAt: x.receivedAt, content: maskPii(x.content), request: x.borrowerRequest === null ? null : maskPii(x.borrowerRequest),
    })),
    calls,
    omittedCallCount: input.calls.length - included.length,
    contacts: input.contacts.map((x) => ({ at: x.at, by: x.by, party: x.party, channel: x.channel, summary: maskPii(x.summary), callId: x.callId })),
    solution: { text: written(c.solutionText), dueAt: c.solutionDueAt, proposedAt: c.solutionProposedAt },
    resolution: written(c.resolution),
    causeAnalysis: written(c.causeAnalysis, input.draft.causeAnalysis),
    disputeHandling: written(input.draft.disputeHandling),
    lessonsLearned: written(input.draft.lessonsLearned),
    followUp: c.followedUpAt || c.followUpNote || followUpId
      ? { at: c.followedUpAt, note: c.followUpNote === null ? null : maskPii(c.followUpNote), callId: followUpId }
      : null,
    timeline: input.events
      .filter((e) => e.kind !== 'note')
      .map((e) => ({ at: e.at, actor: e.actor, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus })),
    generatedBy: input.generatedBy,
    generatedAt: input.generatedAt,
  };
}
