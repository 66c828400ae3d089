import type { CaseTransitionPatch } from '../store/repositories/cases-repository.ts';
import type { Case, CaseStatus } from '../domain/case.ts';

/**
 * The case life cycle as a transition table (pure: no I/O, no clock of its own).
 *
 *   open → investigating → confirmed → reported_to_bank → resolved → followed_up
 *                        ↘ dismissed
 *
 * dismissed and followed_up are final; a borrower with a closed case gets a new case when a new
 * risk appears. Leaving `open` is the case's first response (the SLA clock stops there).
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['escalated', 'dismissed'],
  escalated: ['closed', 'dismissed'],
  dismissed: [],
  received: ['accepted'],
  accepted: ['investigating'],
  investigating: ['explained'],
  explained: ['solution_proposed', 'resolved'],
  solution_proposed: ['resolved'],
  resolved: ['reported_to_bank'],
  reported_to_bank: ['followed_up'],
  followed_up: ['closed'],
  closed: [],
};

/** What a transition needs besides who and when; each target state says which fields it requires. */
export interface TransitionDetails {
  /** Required to dismiss: why the collector was not at fault / the risk is unfounded. */
  reason?: string;
  /** Required to resolve: how the dispute was resolved. */
  resolution?: string;
  /** Required for followed_up: what the borrower said on the follow-up call. */
  followUpNote?: string;
  /** The recorded follow-up call, when it is in callguard. */
  followUpCallId?: string | null;
  /** Free text kept with the event. */
  note?: string;
}

const REQUIRED: Partial<Record<CaseStatus, keyof TransitionDetails>> = {
  dismissed: 'reason',
  resolved: 'resolution',
  followed_up: 'followUpNote',
};

export class IllegalCaseTransitionError extends Error {
  constructor(
    readonly caseId: number,
    readonly from: CaseStatus,
    readonly to: CaseStatus,
    readonly allowed: readonly CaseStatus[],
  ) {
    super(
      `case ${caseId} cannot go from ${from} to ${to}; allowed from ${from}: ${allowed.length ? allowed.join(', ') : 'none (final state)'}`,
    );
    this.name = 'IllegalCaseTransitionError';
  }
}

export class MissingTransitionDetailError extends Error {
  constructor(readonly to: CaseStatus, readonly field: keyof TransitionDetails) {
    super(`moving a case to ${to} requires ${field}`);
    this.name = 'MissingTransitionDetailError';
  }
}

export interface PlannedTransition {
  from: CaseStatus;
  to: CaseStatus;
  patch: CaseTransitionPatch;
  /** The body of the `status` case event. */
  eventBody: Record<string, unknown>;
}

export function allowedTransitions(from: CaseStatus): readonly CaseStatus[] {
  return CASE_TRANSITIONS[from];
}

export function isFinal(status: CaseStatus): boolean {
  return CASE_TRANSITIONS[status].length === 0;
}

/** The columns and event a transition writes, or a typed error naming what is allowed instead. */
export function planTransition(
  current: Pick<Case, 'id' | 'status' | 'firstResponseAt'>,
  to: CaseStatus,
  by: { actor: string; at: Date },
  details: TransitionDetails = {},
): PlannedTransition {
  const allowed = CASE_TRANSITIONS[current.status];
  if (!allowed.includes(to)) throw new IllegalCaseTransitionError(current.id, current.status, to, allowed);
  const required = REQUIRED[to];
  if (required) {
    const value = details[required];
    if (typeof value !== 'string' || value.trim() === '') throw new MissingTransitionDetailError(to, required);
  }

  const patch: CaseTransitionPatch = { status: to };
  if (current.status === 'open' && current.firstResponseAt === null) patch.firstResponseAt = by.at;
  switch (to) {
    case 'reported_to_bank':
      patch.reportedToBankAt = by.at;
      patch.reportedToBankBy = by.actor;
      break;
    case 'resolved':
      patch.resolvedAt = by.at;
      patch.resolution = details.resolution!;
      break;
    case 'followed_up':
      patch.followedUpAt = by.at;
      patch.followUpNote = details.followUpNote!;
      patch.followUpCallId = details.followUpCallId ?? null;
      break;
    default:
      break;
  }
  if (isFinal(to)) patch.closedAt = by.at;

  const eventBody: Record<string, unknown> = {};
  for (const key of ['reason', 'resolution', 'followUpNote', 'followUpCallId', 'note'] as const) {
    if (details[key] !== undefined && details[key] !== null) eventBody[key] = details[key];
  }
  return { from: current.status, to, patch, eventBody };
}
