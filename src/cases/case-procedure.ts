import type {
  Case, CaseKind, CaseOutcome, CaseStatus, ComplainantRelation, ComplaintChannel, ContactChannel, ContactParty, DeadlineName,
} from '../domain/case.ts';
import type { Role } from '../domain/role.ts';
import type { CaseTransitionPatch } from '../store/repositories/cases-repository.ts';

/**
 * The two case kinds' procedures as one declared table (pure: no I/O, no clock of its own). Each
 * step says from which states it leads to which, what it requires, who may take it, and which of
 * the deadlines (deadlines.ts) it starts or stops. The API, the case page's forms, the tests and
 * docs/complaints.md all read this table.
 *
 *   risk:       open ─escalate→ escalated ─close→ closed
 *                 └──dismiss→ dismissed ←dismiss─┘          (a complaint joining turns it into a complaint case)
 *   complaint:  received ─accept→ accepted ─investigate→ investigating ─explain→ explained
 *               ─propose_solution→ solution_proposed ─resolve→ resolved ─report_to_bank→ reported_to_bank
 *               ─follow_up→ followed_up ─close→ closed ─reopen→ investigating
 *               (explained ─resolve→ resolved for an unfounded complaint, which needs no solution but is
 *               still reported to the bank and followed up)
 */

export type CaseAction =
  | 'escalate' | 'dismiss' | 'close_risk'
  | 'accept' | 'investigate' | 'explain' | 'propose_solution' | 'resolve' | 'report_to_bank' | 'follow_up' | 'close' | 'reopen';

/** A contact made as part of a step: the explanation to the borrower, the report to the bank. */
export interface ContactInput {
  at: Date;
  by: string;
  channel: ContactChannel;
  summary: string;
  callId?: string | null;
}

/** What a step may carry besides who and when. */
export interface TransitionDetails {
  reason?: string;
  complainantName?: string;
  complainantRelation?: ComplainantRelation;
  complainantContact?: string | null;
  complaintChannel?: ComplaintChannel;
  complainantRequest?: string;
  promisedResponseAt?: Date;
  /** The calls the investigation chose among the case's calls. */
  callIds?: string[];
  contact?: ContactInput;
  solutionText?: string;
  solutionDueAt?: Date;
  outcome?: CaseOutcome;
  causeAnalysis?: string;
  followUpCallId?: string;
  followUpNote?: string;
  note?: string;
}
export type TransitionField = Exclude<keyof TransitionDetails, 'note'>;

export interface ProcedureStep {
  action: CaseAction;
  kind: CaseKind;
  from: readonly CaseStatus[];
  to: CaseStatus;
  required: readonly TransitionField[];
  roles: readonly Role[];
  starts: readonly DeadlineName[];
  stops: readonly DeadlineName[];
  /** The contact record the step writes from `contact` (or, for the call back, from the call). */
  contactParty?: ContactParty;
}

/**
 * Cases are the supervisors' work: they answer to the bank for every complaint. QA reviewers judge
 * findings on the calls (the queue), not cases; compliance officers and admins do neither. A role
 * per step keeps the table the one place to change that (e.g. a QA lead dismissing risk cases).
 */
const SUPERVISOR: readonly Role[] = ['supervisor'];
const RISK_REVIEWERS: readonly Role[] = ['supervisor'];

export const PROCEDURE: readonly ProcedureStep[] = [
  { action: 'escalate', kind: 'risk', from: ['open'], to: 'escalated', required: ['reason'], roles: RISK_REVIEWERS, starts: [], stops: ['risk_review'] },
  { action: 'dismiss', kind: 'risk', from: ['open', 'escalated'], to: 'dismissed', required: ['reason'], roles: RISK_REVIEWERS, starts: [], stops: ['risk_review'] },
  { action: 'close_risk', kind: 'risk', from: ['escalated'], to: 'closed', required: ['reason'], roles: SUPERVISOR, starts: [], stops: [] },

  {
    action: 'accept', kind: 'complaint', from: ['received'], to: 'accepted',
    required: ['complainantName', 'complainantRelation', 'complaintChannel', 'complainantRequest', 'promisedResponseAt'],
    roles: SUPERVISOR, starts: ['report_to_bank'], stops: [],
  },
  { action: 'investigate', kind: 'complaint', from: ['accepted'], to: 'investigating', required: ['callIds'], roles: SUPERVISOR, starts: [], stops: [] },
  { action: 'explain', kind: 'complaint', from: ['investigating'], to: 'explained', required: ['contact'], roles: SUPERVISOR, starts: [], stops: ['first_response'], contactParty: 'borrower' },
  { action: 'propose_solution', kind: 'complaint', from: ['explained'], to: 'solution_proposed', required: ['solutionText', 'solutionDueAt'], roles: SUPERVISOR, starts: ['solution'], stops: [] },
  { action: 'resolve', kind: 'complaint', from: ['explained', 'solution_proposed'], to: 'resolved', required: ['outcome', 'causeAnalysis'], roles: SUPERVISOR, starts: ['written_report'], stops: ['solution'] },
  { action: 'report_to_bank', kind: 'complaint', from: ['resolved'], to: 'reported_to_bank', required: ['contact'], roles: SUPERVISOR, starts: ['follow_up'], stops: ['written_report', 'report_to_bank', 'regulator'], contactParty: 'bank' },
  { action: 'follow_up', kind: 'complaint', from: ['reported_to_bank'], to: 'followed_up', required: ['followUpCallId', 'followUpNote'], roles: SUPERVISOR, starts: [], stops: ['follow_up'], contactParty: 'borrower' },
  { action: 'close', kind: 'complaint', from: ['followed_up'], to: 'closed', required: [], roles: SUPERVISOR, starts: [], stops: [] },
  { action: 'reopen', kind: 'complaint', from: ['closed'], to: 'investigating', required: ['reason'], roles: SUPERVISOR, starts: [], stops: [] },
];

export class IllegalCaseTransitionError extends Error {
  constructor(
    readonly caseId: number,
    readonly from: CaseStatus,
    readonly to: CaseStatus,
    readonly allowed: readonly CaseStatus[],
  ) {
    super(`case ${caseId} cannot go from ${from} to ${to}; allowed from ${from}: ${allowed.length ? allowed.join(', ') : 'none (final state)'}`);
    this.name = 'IllegalCaseTransitionError';
  }
}

export class MissingTransitionDetailError extends Error {
  constructor(readonly to: CaseStatus, readonly fields: readonly TransitionField[]) {
    super(`moving a case to ${to} requires ${fields.join(', ')}`);
    this.name = 'MissingTransitionDetailError';
  }
}

/** A detail that is there but wrong (a date before receipt, an outcome the step does not allow). */
export class InvalidTransitionDetailError extends Error {
  constructor(readonly field: TransitionField, message: string) {
    super(message);
    this.name = 'InvalidTransitionDetailError';
  }
}

export class ForbiddenCaseActionError extends Error {
  constructor(readonly action: CaseAction, readonly role: Role, readonly roles: readonly Role[]) {
    super(`${action} is for ${roles.join(', ')}, not ${role}`);
    this.name = 'ForbiddenCaseActionError';
  }
}

/** Steps leading out of a case's state, for its kind. */
export function stepsFrom(kind: CaseKind, status: CaseStatus): ProcedureStep[] {
  return PROCEDURE.filter((s) => s.kind === kind && s.from.includes(status));
}

export function allowedTransitions(kind: CaseKind, status: CaseStatus): CaseStatus[] {
  return stepsFrom(kind, status).map((s) => s.to);
}

export function findStep(kind: CaseKind, from: CaseStatus, to: CaseStatus): ProcedureStep | undefined {
  return PROCEDURE.find((s) => s.kind === kind && s.from.includes(from) && s.to === to);
}

function isPresent(field: TransitionField, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (field === 'callIds') return Array.isArray(value);
  if (field === 'contact') {
    const c = value as ContactInput;
    return c.at instanceof Date && !Number.isNaN(c.at.getTime()) && typeof c.summary === 'string' && c.summary.trim() !== '' && typeof c.by === 'string' && c.by.trim() !== '';
  }
  return true;
}

export interface PlannedTransition {
  step: ProcedureStep;
  from: CaseStatus;
  to: CaseStatus;
  patch: CaseTransitionPatch;
  /** The contact record to write with the change (explanation, report to the bank, call back). */
  contact: (ContactInput & { party: ContactParty }) | null;
  /** The body of the `status` case event: which fields the step carried, short values only. */
  eventBody: Record<string, unknown>;
}

/** Clock skew allowed for "when" a person types (a contact made a minute ago on another machine). */
const SKEW_MS = 5 * 60_000;

/**
 * The columns, contact record and event a step writes, or a typed error: not a step of this kind
 * from this state, a role that may not take it, missing or wrong details.
 */
export function planTransition(current: Case, to: CaseStatus, by: { actor: string; role: Role; at: Date }, details: TransitionDetails = {}): PlannedTransition {
  const step = findStep(current.kind, current.status, to);
  if (!step) throw new IllegalCaseTransitionError(current.id, current.status, to, allowedTransitions(current.kind, current.status));
  if (!step.roles.includes(by.role)) throw new ForbiddenCaseActionError(step.action, by.role, step.roles);
  const missing = step.required.filter((f) => !isPresent(f, details[f]));
  if (missing.length) throw new MissingTransitionDetailError(to, missing);

  const at = by.at;
  const notFuture = (field: TransitionField, d: Date) => {
    if (d.getTime() > at.getTime() + SKEW_MS) throw new InvalidTransitionDetailError(field, `${field} is in the future`);
  };
  const patch: CaseTransitionPatch = { status: to };
  let contact: PlannedTransition['contact'] = null;
  switch (step.action) {
    case 'escalate':
      patch.reviewedAt = at;
      break;
    case 'dismiss':
      if (current.reviewedAt === null) patch.reviewedAt = at;
      patch.closedAt = at;
      break;
    case 'close_risk':
    case 'close':
      patch.closedAt = at;
      break;
    case 'accept': {
      const promised = details.promisedResponseAt!;
      if (current.receivedAt && promised.getTime() <= current.receivedAt.getTime()) {
        throw new InvalidTransitionDetailError('promisedResponseAt', 'the promised response time must be after the complaint was received');
      }
      Object.assign(patch, {
        acceptedAt: at,
        complainantName: details.complainantName!.trim(),
        complainantRelation: details.complainantRelation!,
        complainantContact: details.complainantContact?.trim() || null,
        complaintChannel: details.complaintChannel!,
        complainantRequest: details.complainantRequest!.trim(),
        promisedResponseAt: promised,
      });
      break;
    }
    case 'investigate':
      patch.investigatingAt = at;
      break;
    case 'explain':
    case 'report_to_bank': {
      const c = details.contact!;
      notFuture('contact', c.at);
      if (current.receivedAt && c.at.getTime() < current.receivedAt.getTime()) {
        throw new InvalidTransitionDetailError('contact', 'the contact cannot be before the complaint was received');
      }
      contact = { ...c, summary: c.summary.trim(), callId: c.callId ?? null, party: step.contactParty! };
      if (step.action === 'explain') patch.explainedAt = at;
      else Object.assign(patch, { reportedToBankAt: at, reportedToBankBy: by.actor });
      break;
    }
    case 'propose_solution':
      if (details.solutionDueAt!.getTime() <= at.getTime()) throw new InvalidTransitionDetailError('solutionDueAt', 'the solution deadline must be in the future');
      Object.assign(patch, { solutionText: details.solutionText!.trim(), solutionDueAt: details.solutionDueAt!, solutionProposedAt: at });
      break;
    case 'resolve':
      // Without a proposed solution only an unfounded complaint is resolved: a founded one owes the borrower a remedy.
      if (current.status === 'explained' && details.outcome !== 'unfounded') {
        throw new InvalidTransitionDetailError('outcome', 'a founded or partly founded complaint needs a proposed solution before it is resolved');
      }
      Object.assign(patch, { outcome: details.outcome!, causeAnalysis: details.causeAnalysis!.trim(), resolvedAt: at });
      break;
    case 'follow_up':
      Object.assign(patch, { followedUpAt: at, followUpNote: details.followUpNote!.trim(), followUpCallId: details.followUpCallId! });
      contact = { at, by: by.actor, channel: 'phone', summary: details.followUpNote!.trim(), callId: details.followUpCallId!, party: 'borrower' };
      break;
    case 'reopen':
      // The steps after the investigation are taken again; their history stays on the timeline.
      Object.assign(patch, {
        reopenedAt: at, closedAt: null, solutionProposedAt: null, resolvedAt: null, reportedToBankAt: null, followedUpAt: null,
      });
      break;
  }

  const eventBody: Record<string, unknown> = { action: step.action };
  for (const key of ['reason', 'outcome', 'note', 'followUpCallId', 'complaintChannel', 'complainantRelation'] as const) {
    if (details[key] !== undefined && details[key] !== null) eventBody[key] = details[key];
  }
  for (const key of ['promisedResponseAt', 'solutionDueAt'] as const) if (details[key]) eventBody[key] = details[key]!.toISOString();
  if (details.callIds) eventBody.callIds = details.callIds;
  eventBody.fields = step.required.filter((f) => details[f] !== undefined);
  return { step, from: current.status, to, patch, contact, eventBody };
}
