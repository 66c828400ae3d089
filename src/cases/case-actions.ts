import type { Db, Queryable } from '../store/db.ts';
import { repositories } from '../store/index.ts';
import type { NewComplaint } from '../store/repositories/complaints-repository.ts';
import { caseConflictOfInterest, type ConflictOfInterest } from '../store/review-app/case-conflicts.ts';
import { isClosedStatus, type Case, type CaseEvent, type CaseStatus, type Complaint, type ContactChannel, type ContactParty, type ContactRecord } from '../domain/case.ts';
import type { Role } from '../domain/role.ts';
import { InvalidTransitionDetailError, planTransition, type TransitionDetails } from './case-procedure.ts';
import { slaDueAt } from './sla.ts';

/**
 * What people do to cases (the review app's case routes call these). Each is one transaction that
 * locks the case row, changes it and appends the case events, so the timeline never disagrees with
 * the case.
 */

export class CaseNotFoundError extends Error {
  constructor(readonly caseId: number) {
    super(`no case ${caseId}`);
    this.name = 'CaseNotFoundError';
  }
}

/** 回避: the collector of the case's calls, and their team lead, may not handle it. */
export class ConflictOfInterestError extends Error {
  constructor(readonly username: string, readonly conflict: Exclude<ConflictOfInterest, null>) {
    super(conflict === 'collector'
      ? `${username} is the collector of one of this case's calls and may not handle it (回避)`
      : `${username} leads the team of a collector of this case's calls and may not handle it (回避)`);
    this.name = 'ConflictOfInterestError';
  }
}

/** Who acts: their login and role (the procedure table says which roles may take each step). */
export interface CaseActor {
  username: string;
  role: Role;
}

export interface CaseChange {
  case: Case;
  event: CaseEvent;
  contact: ContactRecord | null;
}

async function lockCase(db: Queryable, caseId: number): Promise<Case> {
  const current = await repositories(db).cases.getForUpdate(caseId);
  if (!current) throw new CaseNotFoundError(caseId);
  return current;
}

async function refuseConflicted(db: Queryable, caseId: number, username: string): Promise<void> {
  const conflict = await caseConflictOfInterest(db, caseId, username);
  if (conflict) throw new ConflictOfInterestError(username, conflict);
}

/** The case columns a contact record moves: the first with the borrower is the first response, the first with the bank the report "at once". */
function contactPatch(current: Case, party: ContactParty, at: Date): { firstResponseAt?: Date; bankNotifiedAt?: Date } {
  if (party === 'borrower' && (current.firstResponseAt === null || at < current.firstResponseAt)) return { firstResponseAt: at };
  if (party === 'bank' && (current.bankNotifiedAt === null || at < current.bankNotifiedAt)) return { bankNotifiedAt: at };
  return {};
}

/**
 * Takes one step of the case's procedure (case-procedure.ts); IllegalCaseTransitionError,
 * ForbiddenCaseActionError, MissingTransitionDetailError, InvalidTransitionDetailError or
 * ConflictOfInterestError otherwise, with nothing written.
 */
export function changeCaseStatus(db: Db, caseId: number, to: CaseStatus, by: CaseActor, details: TransitionDetails = {}, at: Date = new Date()): Promise<CaseChange> {
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    const current = await lockCase(tx, caseId);
    const plan = planTransition(current, to, { actor: by.username, role: by.role, at }, details);
    await refuseConflicted(tx, caseId, by.username);

    if (plan.step.action === 'investigate') {
      const caseCalls = await r.cases.listCallIds(caseId);
      const ids = [...new Set(details.callIds ?? [])];
      const foreign = ids.filter((id) => !caseCalls.includes(id));
      if (foreign.length) throw new InvalidTransitionDetailError('callIds', `not calls of this case: ${foreign.join(', ')}`);
      // A complaint whose borrower has no recorded calls can still be investigated; one with calls must say which matter.
      if (ids.length === 0 && caseCalls.length > 0) throw new InvalidTransitionDetailError('callIds', 'choose at least one of the case\'s calls');
      await r.cases.chooseCalls(caseId, ids, by.username, at);
    }
    if (plan.step.action === 'follow_up') {
      if (!(await r.cases.isBorrowerCall(caseId, details.followUpCallId!))) {
        throw new InvalidTransitionDetailError('followUpCallId', `call ${details.followUpCallId} is not a call with this case's borrower`);
      }
      if (await r.cases.addCall(caseId, details.followUpCallId!, by.username)) {
        await r.caseEvents.append({ caseId, actor: by.username, kind: 'call_added', body: { callIds: [details.followUpCallId], via: 'follow_up' }, at });
      }
    }
    if (plan.contact?.callId && plan.step.action !== 'follow_up' && !(await r.cases.isBorrowerCall(caseId, plan.contact.callId))) {
      throw new InvalidTransitionDetailError('contact', `call ${plan.contact.callId} is not a call with this case's borrower`);
    }

    let contact: ContactRecord | null = null;
    const patch = { ...plan.patch };
    if (plan.contact) {
      contact = await r.contacts.insert({ caseId, ...plan.contact, callId: plan.contact.callId ?? null, createdBy: by.username });
      Object.assign(patch, contactPatch(current, contact.party, contact.at));
    }
    const updated = await r.cases.applyTransition(caseId, plan.from, patch);
    if (!updated) throw new Error(`case ${caseId} changed status while locked`);
    const event = await r.caseEvents.append({ caseId, actor: by.username, kind: 'status', fromStatus: plan.from, toStatus: plan.to, body: { ...plan.eventBody, ...(contact ? { contactId: contact.id } : {}) }, at });
    if (contact) await r.caseEvents.append({ caseId, actor: by.username, kind: 'contact_recorded', body: { contactId: contact.id, party: contact.party, channel: contact.channel }, at });
    if (plan.step.action === 'investigate') await r.caseEvents.append({ caseId, actor: by.username, kind: 'calls_chosen', body: { callIds: details.callIds ?? [] }, at });
    return { case: updated, event, contact };
  });
}

export interface NewContactInput {
  at: Date;
  by: string;
  party: ContactParty;
  channel: ContactChannel;
  summary: string;
  callId: string | null;
}

/**
 * Records a contact outside a step (keeping the bank updated, a second explanation): the first
 * one with the borrower still stops the first-response clock, the first with the bank the
 * report-to-bank clock.
 */
export function addContactRecord(db: Db, caseId: number, by: CaseActor, input: NewContactInput, now: Date = new Date()): Promise<{ case: Case; contact: ContactRecord }> {
  if (input.summary.trim() === '') throw new RangeError('a contact record needs a summary');
  if (input.at.getTime() > now.getTime() + 5 * 60_000) throw new RangeError('the contact is in the future');
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    const current = await lockCase(tx, caseId);
    if (isClosedStatus(current.status)) throw new RangeError('the case is closed: reopen it first');
    await refuseConflicted(tx, caseId, by.username);
    if (input.callId && !(await r.cases.isBorrowerCall(caseId, input.callId))) throw new RangeError(`call ${input.callId} is not a call with this case's borrower`);
    const contact = await r.contacts.insert({ caseId, ...input, summary: input.summary.trim(), createdBy: by.username });
    const patch = contactPatch(current, contact.party, contact.at);
    const updated = Object.keys(patch).length ? (await r.cases.applyTransition(caseId, current.status, patch))! : current;
    await r.caseEvents.append({ caseId, actor: by.username, kind: 'contact_recorded', body: { contactId: contact.id, party: contact.party, channel: contact.channel }, at: now });
    return { case: updated, contact };
  });
}

/** Changes which of the case's calls the investigation chose (the step `investigate` sets the first choice). */
export function chooseCaseCalls(db: Db, caseId: number, by: CaseActor, callIds: readonly string[], now: Date = new Date()): Promise<string[]> {
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    const current = await lockCase(tx, caseId);
    if (isClosedStatus(current.status)) throw new RangeError('the case is closed: reopen it first');
    await refuseConflicted(tx, caseId, by.username);
    const ids = [...new Set(callIds)];
    const chosen = await r.cases.chooseCalls(caseId, ids, by.username, now);
    if (chosen.length !== ids.length) throw new RangeError(`not calls of this case: ${ids.filter((id) => !chosen.includes(id)).join(', ')}`);
    await r.caseEvents.append({ caseId, actor: by.username, kind: 'calls_chosen', body: { callIds: ids }, at: now });
    return chosen;
  });
}

/** The bank extends its regulator deadline (complex cases: up to 30 days more, and 30 more with approval). */
export function extendRegulatorDeadline(db: Db, caseId: number, by: CaseActor, days: number, reason: string, now: Date = new Date()): Promise<Case> {
  if (!Number.isInteger(days) || days < 1 || days > 60) throw new RangeError('the extension is 1 to 60 days in all');
  if (reason.trim() === '') throw new RangeError('an extension needs a reason');
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    const current = await lockCase(tx, caseId);
    if (current.kind !== 'complaint' || isClosedStatus(current.status)) throw new RangeError('only an open complaint case has a regulator deadline to extend');
    await refuseConflicted(tx, caseId, by.username);
    const updated = (await r.cases.applyTransition(caseId, current.status, { regulatorExtensionDays: days, regulatorExtensionReason: reason.trim() }))!;
    await r.caseEvents.append({ caseId, actor: by.username, kind: 'deadline_extended', body: { deadline: 'regulator', days, fromDays: current.regulatorExtensionDays, reason: reason.trim() }, at: now });
    return updated;
  });
}

/**
 * Assigns (or with null unassigns) the case. The assignee may not be the collector of its calls nor
 * their team lead (回避). The event body names the new assignee (`assignee`) and the previous one (`from`).
 */
export function assignCase(db: Db, caseId: number, assignee: string | null, actor: string, at: Date = new Date()): Promise<{ case: Case; event: CaseEvent }> {
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    const current = await lockCase(tx, caseId);
    if (assignee !== null) await refuseConflicted(tx, caseId, assignee);
    const updated = (await r.cases.assign(caseId, assignee))!;
    const event = await r.caseEvents.append({ caseId, actor, kind: 'assigned', body: { assignee, from: current.assignedTo }, at });
    return { case: updated, event };
  });
}

export async function addCaseNote(db: Db, caseId: number, actor: string, text: string, at: Date = new Date()): Promise<CaseEvent> {
  if (text.trim() === '') throw new RangeError('a note must not be empty');
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    await lockCase(tx, caseId);
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
  /** true when it joined a risk case, which is now a complaint case. */
  converted: boolean;
  /** The borrower's calls linked to the case by this complaint. */
  addedCallIds: string[];
}

/**
 * Records a borrower's complaint: it opens a complaint case for the borrower or joins their open
 * case (a risk case becomes a complaint case, received now), and pulls every call of that borrower
 * into the case ("pull the recordings at once"). The complaint clocks start when it was received.
 */
export function recordComplaint(db: Db, intake: ComplaintIntake, firstResponseHours: number, now: Date = new Date()): Promise<ComplaintResult> {
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    const due = slaDueAt(intake.receivedAt, firstResponseHours);
    let current = await r.cases.findOpenForBorrower(intake.bank, intake.borrowerId, true);
    let opened = false;
    let converted = false;
    if (!current) {
      current = await r.cases.insertOpen({ kind: 'complaint', receivedAt: intake.receivedAt, bank: intake.bank, borrowerId: intake.borrowerId, openedReason: 'complaint', riskScore: 0, openedAt: now, slaDueAt: due });
      opened = current !== null;
      // Another complaint or a triage may have opened one since the lookup (one open case per
      // borrower is a unique index): the insert waited for it to commit, so a new lookup sees it.
      current ??= await r.cases.findOpenForBorrower(intake.bank, intake.borrowerId, true);
      if (!current) throw new Error(`the borrower's open case was opened and closed while the complaint was recorded; try again`);
      if (opened) await r.caseEvents.append({ caseId: current.id, actor: intake.createdBy, kind: 'opened', toStatus: 'received', body: { reason: 'complaint' }, at: now });
    }
    if (!opened && current.kind === 'risk') {
      const from = current.status;
      current = (await r.cases.applyTransition(current.id, from, { kind: 'complaint', status: 'received', receivedAt: intake.receivedAt, closedAt: null }))!;
      current = (await r.cases.tightenSla(current.id, due))!;
      converted = true;
      await r.caseEvents.append({ caseId: current.id, actor: intake.createdBy, kind: 'kind_changed', fromStatus: from, toStatus: 'received', body: { from: 'risk', to: 'complaint' }, at: now });
    } else if (!opened && current.firstResponseAt === null && current.receivedAt && intake.receivedAt < current.receivedAt) {
      // An earlier complaint joining a case still waiting for its first response brings its clocks forward.
      current = (await r.cases.applyTransition(current.id, current.status, { receivedAt: intake.receivedAt }))!;
      current = (await r.cases.tightenSla(current.id, due))!;
    }
    const complaint = await r.complaints.insert({ ...intake, caseId: current.id });
    await r.caseEvents.append({ caseId: current.id, actor: intake.createdBy, kind: 'complaint_added', body: { complaintId: complaint.id, channel: intake.channel }, at: now });
    const addedCallIds = await r.cases.addBorrowerCalls(current.id, intake.createdBy);
    if (addedCallIds.length) {
      await r.caseEvents.append({ caseId: current.id, actor: intake.createdBy, kind: 'call_added', body: { callIds: addedCallIds, via: 'complaint' }, at: now });
    }
    return { complaint, case: current, opened, converted, addedCallIds };
  });
}
