import type { Db } from '../store/db.ts';
import { repositories } from '../store/index.ts';
import type { NewComplaint } from '../store/repositories/complaints-repository.ts';
import type { Case, CaseEvent, CaseStatus, Complaint } from '../domain/case.ts';
import { planTransition, type TransitionDetails } from './case-state-machine.ts';
import { slaDueAt } from './sla.ts';

/**
 * What people do to cases (the review app's case routes call these). Each is one transaction that
 * locks the case row, changes it and appends the case event, so the timeline never disagrees with
 * the case.
 */

export class CaseNotFoundError extends Error {
  constructor(readonly caseId: number) {
    super(`no case ${caseId}`);
    this.name = 'CaseNotFoundError';
  }
}

export interface CaseChange {
  case: Case;
  event: CaseEvent;
}

/** Moves a case along the state machine; IllegalCaseTransitionError / MissingTransitionDetailError otherwise. */
export function changeCaseStatus(db: Db, caseId: number, to: CaseStatus, actor: string, details: TransitionDetails = {}, at: Date = new Date()): Promise<CaseChange> {
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    const current = await r.cases.getForUpdate(caseId);
    if (!current) throw new CaseNotFoundError(caseId);
    const plan = planTransition(current, to, { actor, at }, details);
    const updated = await r.cases.applyTransition(caseId, plan.from, plan.patch);
    if (!updated) throw new Error(`case ${caseId} changed status while locked`);
    const event = await r.caseEvents.append({ caseId, actor, kind: 'status', fromStatus: plan.from, toStatus: plan.to, body: plan.eventBody, at });
    return { case: updated, event };
  });
}

/** Assigns (or with null unassigns) the case; the event records who had it before. */
export function assignCase(db: Db, caseId: number, assignee: string | null, actor: string, at: Date = new Date()): Promise<CaseChange> {
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    const current = await r.cases.getForUpdate(caseId);
    if (!current) throw new CaseNotFoundError(caseId);
    const updated = (await r.cases.assign(caseId, assignee))!;
    const event = await r.caseEvents.append({ caseId, actor, kind: 'assigned', body: { from: current.assignedTo, to: assignee }, at });
    return { case: updated, event };
  });
}

export async function addCaseNote(db: Db, caseId: number, actor: string, text: string, at: Date = new Date()): Promise<CaseEvent> {
  if (text.trim() === '') throw new RangeError('a note must not be empty');
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    if (!(await r.cases.getForUpdate(caseId))) throw new CaseNotFoundError(caseId);
    return r.caseEvents.append({ caseId, actor, kind: 'note', body: { text }, at });
  });
}

/** A complaint as received: the case it belongs to is decided by intake. */
export type ComplaintIntake = Omit<NewComplaint, 'caseId'>;

export interface ComplaintResult {
  complaint: Complaint;
  case: Case;
  /** true when the complaint opened the case, false when it joined the borrower's open case. */
  opened: boolean;
  /** The borrower's calls linked to the case by this complaint. */
  addedCallIds: string[];
}

/**
 * Records a borrower's complaint: it opens the borrower's case (SLA from when the complaint was
 * received) or joins the open one, and pulls every call of that borrower into the case.
 */
export function recordComplaint(db: Db, intake: ComplaintIntake, firstResponseHours: number, now: Date = new Date()): Promise<ComplaintResult> {
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    const due = slaDueAt(intake.receivedAt, firstResponseHours);
    let current = await r.cases.findOpenForBorrower(intake.bank, intake.borrowerId, true);
    let opened = false;
    if (!current) {
      current = await r.cases.insertOpen({ kind: 'complaint', receivedAt: intake.receivedAt, bank: intake.bank, borrowerId: intake.borrowerId, openedReason: 'complaint', riskScore: 0, openedAt: now, slaDueAt: due });
      opened = current !== null;
      // Another complaint or a triage may have opened one since the lookup (one open case per
      // borrower is a unique index): the insert waited for it to commit, so a new lookup sees it.
      current ??= await r.cases.findOpenForBorrower(intake.bank, intake.borrowerId, true);
      if (!current) throw new Error(`the borrower's open case was opened and closed while the complaint was recorded; try again`);
      if (opened) await r.caseEvents.append({ caseId: current.id, actor: intake.createdBy, kind: 'opened', toStatus: 'received', body: { reason: 'complaint' }, at: now });
    }
    if (!opened && current.firstResponseAt === null && due < current.slaDueAt) {
      current = (await r.cases.tightenSla(current.id, due))!;
    }
    const complaint = await r.complaints.insert({ ...intake, caseId: current.id });
    await r.caseEvents.append({ caseId: current.id, actor: intake.createdBy, kind: 'complaint_added', body: { complaintId: complaint.id, channel: intake.channel }, at: now });
    const addedCallIds = await r.cases.addBorrowerCalls(current.id, intake.createdBy);
    if (addedCallIds.length) {
      await r.caseEvents.append({ caseId: current.id, actor: intake.createdBy, kind: 'call_added', body: { callIds: addedCallIds, via: 'complaint' }, at: now });
    }
    return { complaint, case: current, opened, addedCallIds };
  });
}
