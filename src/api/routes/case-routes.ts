import { z } from 'zod';
import {
  addCaseNote, allowedTransitions, assignCase, CASE_KINDS, CASE_OUTCOMES, CASE_STATUSES, CaseNotFoundError, changeCaseStatus,
  COMPLAINANT_RELATIONS, COMPLAINT_CHANNELS, CONTACT_CHANNELS, ConflictOfInterestError, ForbiddenCaseActionError,
  IllegalCaseTransitionError, InvalidTransitionDetailError, isClosedStatus, MissingTransitionDetailError, nearestDeadline, stepsFrom,
  type CaseEvent, type Complaint, type ContactRecord, type TransitionDetails,
} from '../../cases/index.ts';
import { apiClock } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { canSeeBank } from '../call-access.ts';
import { deadlinesOf, loadCaseDossier, type CaseDossier, type DossierClocks } from '../case-dossier.ts';
import { HttpError, notFound } from '../http-error.ts';
import { maskPii } from '../../privacy/pii-mask.ts';
import { presentCall, presentFinding } from '../present.ts';
import { listCases } from '../../store/review-app/case-list.ts';
import { caseBank } from '../../store/review-app/case-access.ts';
import { getReportDraft, saveReportDraft } from '../../store/review-app/report-drafts.ts';
import { findUserByUsername, listUsers } from '../../store/review-app/users.ts';
import { defineRoute, type AuthedRouteContext } from '../route-def.ts';
import { CaseChangeSchema, CaseDetailSchema, CaseListSchema } from '../case-procedure-schemas.ts';
import { caseConflictOfInterest, type ConflictOfInterest } from '../../store/review-app/case-conflicts.ts';
import type { Role } from '../../domain/role.ts';
import { transactionAsDb } from '../transaction-db.ts';
import { repositories } from '../../store/index.ts';

/** Cases, complaints and the bank are the supervisors' work. */
const SUPERVISORS = ['supervisor'] as const;

/** What the deadlines of a case are computed with: the policy's deadlines and bank groups, at the API's now. */
export function dossierClocks(ctx: Pick<AuthedRouteContext, 'deps'>, now: Date): DossierClocks {
  return { deadlines: ctx.deps.options.deadlines, bankGroups: ctx.deps.options.bankGroups, now };
}
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });

function presentEvent(e: CaseEvent, unmasked: boolean) {
  const body = { ...e.body };
  // Notes and follow-up texts are typed by people and may quote numbers.
  for (const key of ['text', 'note', 'reason', 'resolution', 'followUpNote', 'causeAnalysis', 'solutionText']) {
    if (typeof body[key] === 'string' && !unmasked) body[key] = maskPii(body[key] as string);
  }
  return { id: e.id, at: e.at, actor: e.actor, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, body };
}

function presentComplaint(c: Complaint, unmasked: boolean) {
  const m = unmasked ? (t: string) => t : maskPii;
  return {
    id: c.id, channel: c.channel, receivedAt: c.receivedAt, content: m(c.content),
    borrowerRequest: c.borrowerRequest === null ? null : m(c.borrowerRequest), phoneMasked: c.phoneMasked, createdBy: c.createdBy, createdAt: c.createdAt,
  };
}

export function presentContact(c: ContactRecord, unmasked: boolean) {
  return { ...c, summary: unmasked ? c.summary : maskPii(c.summary) };
}

export function presentDossier(d: CaseDossier, viewer: { role: Role; unmasked: boolean; conflict: ConflictOfInterest }) {
  const { unmasked } = viewer;
  const m = (t: string | null) => (t === null || unmasked ? t : maskPii(t));
  const c = d.case;
  return {
    case: {
      ...c,
      complainantName: c.complainantName,
      complainantContact: c.complainantContact === null ? null : unmasked ? c.complainantContact : maskPii(c.complainantContact),
      complainantRequest: m(c.complainantRequest),
      solutionText: m(c.solutionText),
      causeAnalysis: m(c.causeAnalysis),
      resolution: m(c.resolution),
      followUpNote: m(c.followUpNote),
      deadlines: d.deadlines,
      nearestDeadline: nearestDeadline(d.deadlines),
      allowedTransitions: allowedTransitions(c.kind, c.status),
      nextSteps: stepsFrom(c.kind, c.status).map((s) => ({ action: s.action, to: s.to, required: [...s.required], allowed: s.roles.includes(viewer.role) })),
      conflictOfInterest: viewer.conflict,
    },
    calls: d.calls.map(({ call, findings, chosen }) => ({
      call: presentCall(call, unmasked),
      findings: findings.map((f) => presentFinding(f, unmasked)),
      chosen,
    })),
    events: d.events.map((e) => presentEvent(e, unmasked)),
    contacts: d.contacts.map((x) => presentContact(x, unmasked)),
    complaints: d.complaints.map((x) => presentComplaint(x, unmasked)),
    draft: d.draft,
  };
}

/** Maps the case module's errors to HTTP answers. */
export function caseError(err: unknown): never {
  if (err instanceof IllegalCaseTransitionError) throw new HttpError(409, 'illegal_transition', err.message);
  if (err instanceof MissingTransitionDetailError) throw new HttpError(400, 'missing_detail', err.message);
  if (err instanceof InvalidTransitionDetailError) throw new HttpError(400, 'invalid_detail', err.message);
  if (err instanceof ForbiddenCaseActionError) throw new HttpError(403, 'forbidden_step', err.message);
  if (err instanceof ConflictOfInterestError) throw new HttpError(403, 'conflict_of_interest', err.message);
  if (err instanceof CaseNotFoundError) throw notFound('case');
  if (err instanceof RangeError) throw new HttpError(400, 'bad_request', err.message);
  throw err;
}

/** Runs a case action and its audit event in one transaction, after checking the case is visible. */
export async function inCaseTransaction<T>(ctx: AuthedRouteContext, caseId: number, fn: (db: ReturnType<typeof transactionAsDb>) => Promise<T>): Promise<T> {
  const { deps, user } = ctx;
  try {
    return await deps.db.transaction(async (tx) => {
      const kase = await repositories(tx).cases.get(caseId);
      if (!kase || !canSeeBank(user, kase.bank)) throw notFound('case');
      return fn(transactionAsDb(tx, deps.db));
    });
  } catch (err) {
    return caseError(err);
  }
}

const CaseListQuery = z.strictObject({
  status: z.union([z.enum(CASE_STATUSES), z.array(z.enum(CASE_STATUSES))]).optional(),
  kind: z.enum(CASE_KINDS).optional(),
  open: z.enum(['true', 'false']).optional(),
  assignedTo: z.string().min(1).optional(),
  bank: z.string().min(1).optional(),
  borrowerId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const Text = (max: number) => z.string().max(max);
const When = z.iso.datetime({ offset: true });

/** Every detail any step may carry; the procedure table says which the step requires (missing → 400 naming them). */
const TransitionBody = z.strictObject({
  to: z.enum(CASE_STATUSES),
  reason: Text(4000).optional(),
  complainantName: Text(200).optional(),
  complainantRelation: z.enum(COMPLAINANT_RELATIONS).optional(),
  complainantContact: Text(200).nullable().optional(),
  complaintChannel: z.enum(COMPLAINT_CHANNELS).optional(),
  complainantRequest: Text(4000).optional(),
  promisedResponseAt: When.optional(),
  callIds: z.array(z.string().min(1).max(200)).max(500).optional(),
  contact: z.strictObject({
    at: When,
    by: Text(200),
    channel: z.enum(CONTACT_CHANNELS),
    summary: Text(8000),
    callId: z.string().min(1).max(200).nullable().optional(),
  }).optional(),
  solutionText: Text(8000).optional(),
  solutionDueAt: When.optional(),
  outcome: z.enum(CASE_OUTCOMES).optional(),
  causeAnalysis: Text(20_000).optional(),
  followUpCallId: z.string().min(1).max(200).optional(),
  followUpNote: Text(8000).optional(),
  note: Text(4000).optional(),
});

const DraftBody = z.strictObject({
  causeAnalysis: z.string().max(20_000),
  disputeHandling: z.string().max(20_000),
  lessonsLearned: z.string().max(20_000),
});

export const caseRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/cases',
    roles: SUPERVISORS,
    summary: 'Cases with their deadlines: open ones by the nearest running deadline, complaint and risk cases told apart (kind)',
    tags: ['cases'],
    response: CaseListSchema,
    query: CaseListQuery,
    async handler({ query }, ctx) {
      const { deps, user } = ctx;
      const now = apiClock(deps).now();
      const statuses = query.status === undefined ? undefined : Array.isArray(query.status) ? query.status : [query.status];
      const open = query.open === 'true' ? CASE_STATUSES.filter((s) => !isClosedStatus(s)) : undefined;
      const kind = query.kind;
      const items = await listCases(deps.db, {
        banks: user.banks, statuses: statuses ?? open, assignedTo: query.assignedTo, bank: query.bank,
        borrowerId: query.borrowerId, limit: query.limit, ...(kind ? { kind } : {}),
      }, now);
      const clocks = dossierClocks(ctx, now);
      const withDeadlines = items.map((c) => {
        const deadlines = deadlinesOf(c, clocks, now);
        return { ...c, deadlines, nearestDeadline: nearestDeadline(deadlines) };
      });
      // Open cases by the nearest running deadline (breached ones are the nearest), then open ones without a clock, then closed.
      const rank = (c: (typeof withDeadlines)[number]) => (isClosedStatus(c.status) ? 2 : c.nearestDeadline ? 0 : 1);
      withDeadlines.sort((x, y) => rank(x) - rank(y)
        || (x.nearestDeadline?.dueAt?.getTime() ?? 0) - (y.nearestDeadline?.dueAt?.getTime() ?? 0)
        || y.id - x.id);
      return { now, items: withDeadlines };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/cases/:id',
    roles: SUPERVISORS,
    summary: 'A case: its calls (chosen or not) with findings, timeline, contact records, complaints, deadlines, the next steps and what each requires',
    tags: ['cases'],
    response: CaseDetailSchema,
    params: IdParams,
    async handler({ params }, ctx) {
      const { deps, user, unmasked } = ctx;
      const now = apiClock(deps).now();
      const dossier = await loadCaseDossier(deps.db, user, params.id, dossierClocks(ctx, now));
      const conflict = await caseConflictOfInterest(deps.db, params.id, user.username);
      return presentDossier(dossier, { role: user.role, unmasked, conflict });
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/transition',
    roles: SUPERVISORS,
    summary: 'Take one step of the case\'s procedure: the table (src/cases/case-procedure.ts) says which steps lead from its state, which details each requires and which roles may take it',
    tags: ['cases'],
    response: CaseChangeSchema,
    params: IdParams,
    body: TransitionBody,
    async handler({ params, body }, ctx) {
      const { to, promisedResponseAt, solutionDueAt, contact, ...rest } = body;
      const details: TransitionDetails = {
        ...rest,
        ...(promisedResponseAt ? { promisedResponseAt: new Date(promisedResponseAt) } : {}),
        ...(solutionDueAt ? { solutionDueAt: new Date(solutionDueAt) } : {}),
        ...(contact ? { contact: { ...contact, at: new Date(contact.at) } } : {}),
      } as TransitionDetails;
      const change = await inCaseTransaction(ctx, params.id, async (db) => {
        const result = await changeCaseStatus(db, params.id, to, { username: ctx.user.username, role: ctx.user.role }, details, apiClock(ctx.deps).now());
        await audit(db, ctx, {
          action: 'case.transition', entityType: 'case', entityId: String(params.id),
          // The texts stay on the case timeline; the audit log names the step and which fields it carried.
          before: { status: result.event.fromStatus },
          after: {
            status: result.event.toStatus, step: result.event.body.action, eventId: result.event.id,
            fields: Object.keys(body).filter((k) => k !== 'to').sort(),
            ...(result.contact ? { contactId: result.contact.id } : {}),
            ...(details.followUpCallId ? { followUpCallId: details.followUpCallId } : {}),
          },
        });
        return result;
      });
      return { case: { id: change.case.id, kind: change.case.kind, status: change.case.status } };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/notes',
    roles: SUPERVISORS,
    summary: 'Add a note to the case timeline',
    tags: ['cases'],
    params: IdParams,
    body: z.strictObject({ text: z.string().trim().min(1).max(8000) }),
    async handler({ params, body }, ctx) {
      const event = await inCaseTransaction(ctx, params.id, async (db) => {
        const e = await addCaseNote(db, params.id, ctx.user.username, body.text, apiClock(ctx.deps).now());
        await audit(db, ctx, { action: 'case.note', entityType: 'case', entityId: String(params.id), after: { eventId: e.id } });
        return e;
      });
      return { event: presentEvent(event, ctx.unmasked) };
    },
  }),

  defineRoute({
    method: 'PUT',
    url: '/api/cases/:id/assignee',
    roles: SUPERVISORS,
    summary: 'Assign the case to a supervisor (null to unassign)',
    tags: ['cases'],
    params: IdParams,
    body: z.strictObject({ assignee: z.string().min(1).max(64).nullable() }),
    async handler({ params, body }, ctx) {
      const target = body.assignee === null ? null : await findUserByUsername(ctx.deps.db, body.assignee);
      if (target !== null && (!target || target.disabled || target.role !== 'supervisor')) {
        throw new HttpError(400, 'bad_assignee', 'cases are assigned to active supervisors');
      }
      const change = await inCaseTransaction(ctx, params.id, async (db) => {
        // The assignee must be able to open the case: a supervisor limited to other banks cannot.
        if (target && !canSeeBank(target, (await caseBank(db, params.id))!)) {
          throw new HttpError(400, 'bad_assignee', 'this supervisor cannot see the case\'s bank');
        }
        const result = await assignCase(db, params.id, body.assignee, ctx.user.username, apiClock(ctx.deps).now());
        await audit(db, ctx, {
          action: 'case.assign', entityType: 'case', entityId: String(params.id),
          before: { assignee: result.event.body.from ?? null }, after: { assignee: body.assignee },
        });
        return result;
      });
      return { case: change.case };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/assignees',
    roles: SUPERVISORS,
    summary: 'Supervisors a case can be assigned to (with caseId: only those who can see its bank)',
    tags: ['cases'],
    query: z.strictObject({ caseId: z.coerce.number().int().positive().optional() }),
    async handler({ query }, { deps, user }) {
      let bank: string | undefined;
      if (query.caseId !== undefined) {
        bank = await caseBank(deps.db, query.caseId);
        if (bank === undefined || !canSeeBank(user, bank)) throw notFound('case');
      }
      const users = await listUsers(deps.db, { role: 'supervisor' });
      return {
        users: users
          .filter((u) => !u.disabled && (bank === undefined || canSeeBank(u, bank)))
          .map((u) => ({ username: u.username, displayName: u.displayName })),
      };
    },
  }),

  defineRoute({
    method: 'PUT',
    url: '/api/cases/:id/report-draft',
    roles: SUPERVISORS,
    summary: 'Save the written parts of the report to the bank: cause analysis, dispute handling, lessons learned',
    tags: ['cases'],
    params: IdParams,
    body: DraftBody,
    async handler({ params, body }, ctx) {
      await inCaseTransaction(ctx, params.id, async (db) => {
        const before = await getReportDraft(db, params.id);
        await saveReportDraft(db, params.id, { ...body, updatedBy: ctx.user.username });
        await audit(db, ctx, {
          action: 'case.report_draft', entityType: 'case', entityId: String(params.id),
          before: { causeAnalysis: before.causeAnalysis, disputeHandling: before.disputeHandling, lessonsLearned: before.lessonsLearned },
          after: body,
        });
      });
      return { ok: true };
    },
  }),

];
