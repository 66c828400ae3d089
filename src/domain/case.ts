/**
 * The case vocabulary shared by the store, the state machine and the review app. A case is a
 * complaint risk about one borrower at one bank (borrower ids are the bank's).
 */

export const CASE_STATUSES = ['open', 'investigating', 'confirmed', 'dismissed', 'reported_to_bank', 'resolved', 'followed_up'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A case in one of these states is closed; any other state counts as the borrower's open case. */
export const CLOSED_CASE_STATUSES: readonly CaseStatus[] = ['dismissed', 'followed_up'];

export const CASE_OPENED_REASONS = ['risk_threshold', 'critical_finding', 'complaint', 'manual'] as const;
export type CaseOpenedReason = (typeof CASE_OPENED_REASONS)[number];

export const CASE_EVENT_KINDS = [
  'opened', 'status', 'note', 'assigned', 'call_added', 'finding_added', 'complaint_added',
  'risk_updated', 'report_generated', 'follow_up_recorded',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

export const COMPLAINT_CHANNELS = ['phone', 'letter', 'bank', 'regulator', 'other'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/** Actor of changes the machine makes (triage); people are named by their user id or login. */
export const SYSTEM_ACTOR = 'system:triage';

export interface Case {
  id: number;
  bank: string;
  borrowerId: string;
  status: CaseStatus;
  openedReason: CaseOpenedReason;
  riskScore: number;
  openedAt: Date;
  slaDueAt: Date;
  firstResponseAt: Date | null;
  assignedTo: string | null;
  reportedToBankAt: Date | null;
  reportedToBankBy: string | null;
  resolvedAt: Date | null;
  resolution: string | null;
  followedUpAt: Date | null;
  followUpNote: string | null;
  followUpCallId: string | null;
  closedAt: Date | null;
  updatedAt: Date;
}

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
  createdBy: string;
  createdAt: Date;
}
