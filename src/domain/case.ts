/**
 * The case vocabulary shared by the store, the state machines and the review app. A case is about
 * one borrower at one bank (borrower ids are the bank's). It is of one of two kinds:
 * - a **risk case**, opened by triage when a call's findings warrant a look, with no complaint yet;
 * - a **complaint case**, a borrower's complaint going through the agency's procedure (a risk case
 *   becomes one when a complaint joins it).
 * src/cases/case-procedure.ts holds each kind's state machine as a declared table.
 */

export const CASE_KINDS = ['risk', 'complaint'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const RISK_CASE_STATUSES = ['open', 'escalated', 'dismissed', 'closed'] as const;
export type RiskCaseStatus = (typeof RISK_CASE_STATUSES)[number];

export const COMPLAINT_CASE_STATUSES = [
  'received', 'accepted', 'investigating', 'explained', 'solution_proposed', 'resolved', 'reported_to_bank', 'followed_up', 'closed',
] as const;
export type ComplaintCaseStatus = (typeof COMPLAINT_CASE_STATUSES)[number];

export const CASE_STATUSES = [...new Set<RiskCaseStatus | ComplaintCaseStatus>([...RISK_CASE_STATUSES, ...COMPLAINT_CASE_STATUSES])] as readonly (RiskCaseStatus | ComplaintCaseStatus)[];
export type CaseStatus = RiskCaseStatus | ComplaintCaseStatus;

/** A case in one of these states is closed; any other state counts as the borrower's open case. */
export const CLOSED_CASE_STATUSES: readonly CaseStatus[] = ['dismissed', 'closed'];

export function isClosedStatus(status: CaseStatus): boolean {
  return CLOSED_CASE_STATUSES.includes(status);
}

export const CASE_OPENED_REASONS = ['risk_threshold', 'critical_finding', 'complaint', 'manual'] as const;
export type CaseOpenedReason = (typeof CASE_OPENED_REASONS)[number];

export const CASE_OUTCOMES = ['founded', 'unfounded', 'partly_founded'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const COMPLAINANT_RELATIONS = ['borrower', 'relative', 'representative', 'other'] as const;
export type ComplainantRelation = (typeof COMPLAINANT_RELATIONS)[number];

export const CASE_EVENT_KINDS = [
  'opened', 'status', 'note', 'assigned', 'call_added', 'finding_added', 'complaint_added',
  'risk_updated', 'report_generated', 'follow_up_recorded',
  'contact_recorded', 'calls_chosen', 'kind_changed', 'deadline_extended', 'deadline_warning', 'deadline_breached',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

export const COMPLAINT_CHANNELS = ['phone', 'letter', 'bank', 'regulator', 'other'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/** Actor of changes the machine makes (triage); people are named by their user id or login. */
export const SYSTEM_ACTOR = 'system:triage';
/** Actor of the deadline sweep's warnings. */
export const DEADLINE_SWEEP_ACTOR = 'system:deadlines';

export interface Case {
  id: number;
  kind: CaseKind;
  bank: string;
  borrowerId: string;
  status: CaseStatus;
  openedReason: CaseOpenedReason;
  riskScore: number;
  openedAt: Date;
  /** The first clock of the case as it was opened (first response, or a risk case's review); deadlines.ts computes the rest. */
  slaDueAt: Date;
  /** When the (earliest) complaint was received: the complaint clocks start here. Null for a risk case. */
  receivedAt: Date | null;
  /** The first contact record with the borrower: the complaint's first response. */
  firstResponseAt: Date | null;
  assignedTo: string | null;
  acceptedAt: Date | null;
  /** Personal data (name and contact of whoever complained). */
  complainantName: string | null;
  complainantRelation: ComplainantRelation | null;
  complainantContact: string | null;
  complaintChannel: ComplaintChannel | null;
  /** What the complainant asks for. */
  complainantRequest: string | null;
  /** The response time promised to the complainant on acceptance. */
  promisedResponseAt: Date | null;
  investigatingAt: Date | null;
  /** The first contact record with the bank ("report to the bank at once"). */
  bankNotifiedAt: Date | null;
  explainedAt: Date | null;
  solutionText: string | null;
  solutionDueAt: Date | null;
  solutionProposedAt: Date | null;
  outcome: CaseOutcome | null;
  causeAnalysis: string | null;
  /** A risk case's review (escalated or dismissed). */
  reviewedAt: Date | null;
  regulatorExtensionDays: number;
  regulatorExtensionReason: string | null;
  reopenedAt: Date | null;
  /** The written report to the bank (the `reported_to_bank` step). */
  reportedToBankAt: Date | null;
  reportedToBankBy: string | null;
  resolvedAt: Date | null;
  /** How the dispute was resolved (kept from before the procedure; new cases write solutionText and causeAnalysis). */
  resolution: string | null;
  followedUpAt: Date | null;
  followUpNote: string | null;
  followUpCallId: string | null;
  closedAt: Date | null;
  updatedAt: Date;
}

/**
 * What a case's deadlines are computed from (src/cases/deadlines.ts): its kind and status, its
 * bank (for the bank's settings) and the moments that start and stop the clocks. A read that needs
 * only the deadlines (the metrics' counts over every case) selects these columns and no others.
 */
export type CaseDeadlineFacts = Pick<Case,
  | 'id' | 'kind' | 'status' | 'bank' | 'openedAt' | 'receivedAt' | 'firstResponseAt' | 'acceptedAt' | 'bankNotifiedAt'
  | 'solutionProposedAt' | 'solutionDueAt' | 'resolvedAt' | 'reportedToBankAt' | 'followedUpAt' | 'reviewedAt'
  | 'regulatorExtensionDays' | 'closedAt'>;

export interface CaseEvent {
  id: number;
  caseId: number;
  at: Date;
  actor: string;
  kind: CaseEventKind;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  body: Record<string, unknown>;
}

export interface Complaint {
  id: number;
  caseId: number | null;
  bank: string;
  borrowerId: string;
  channel: ComplaintChannel;
  receivedAt: Date;
  content: string;
  borrowerRequest: string | null;
  /** The number the complaint came with, masked (the full number is kept only as a lookup hash). */
  phoneMasked: string | null;
  createdBy: string;
  createdAt: Date;
}

export const CONTACT_PARTIES = ['borrower', 'bank', 'other'] as const;
export type ContactParty = (typeof CONTACT_PARTIES)[number];
export const CONTACT_CHANNELS = ['phone', 'sms', 'letter', 'visit', 'email', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** What was told to whom about the case, when, by whom and how; `summary` is personal data. */
export interface ContactRecord {
  id: number;
  caseId: number;
  at: Date;
  by: string;
  party: ContactParty;
  channel: ContactChannel;
  summary: string;
  callId: string | null;
}

/** The clocks of the procedure (src/cases/deadlines.ts computes each one's state). */
export const DEADLINE_NAMES = ['first_response', 'report_to_bank', 'solution', 'written_report', 'follow_up', 'risk_review', 'regulator'] as const;
export type DeadlineName = (typeof DEADLINE_NAMES)[number];

/**
 * Where one deadline stands at a moment:
 * - `pending`: its clock has not started (e.g. no promised solution date yet);
 * - `running` / `warning` / `critical` / `breached`: started, not met; by the share of time used
 *   against the warning thresholds (0.75, 0.9 by default) and 1;
 * - `met` / `met_late`: stopped by what the procedure says meets it;
 * - `not_applicable`: the case closed without it being needed.
 */
export const DEADLINE_STATES = ['pending', 'running', 'warning', 'critical', 'breached', 'met', 'met_late', 'not_applicable'] as const;
export type DeadlineStateName = (typeof DEADLINE_STATES)[number];

export interface DeadlineState {
  name: DeadlineName;
  state: DeadlineStateName;
  /** Whose deadline: the agency's own, or the bank's towards its regulator (shown beside, never swept as the agency's). */
  owner: 'agency' | 'bank';
  startedAt: Date | null;
  dueAt: Date | null;
  metAt: Date | null;
  /** Share of the time used at `now` (0..), null before the clock starts or after it stops. */
  used: number | null;
  /** Milliseconds to the due time at `now` (negative when past), null when not running. */
  remainingMs: number | null;
  /** The highest threshold reached (0.75, 0.9, 1), null when none. */
  threshold: number | null;
}
