import { z } from 'zod';
import {
  addCaseNote, allowedTransitions, assignCase, CASE_STATUSES, changeCaseStatus, COMPLAINT_CHANNELS,
  IllegalCaseTransitionError, isClosedStatus, MissingTransitionDetailError, recordComplaint, slaState,
  type CaseEvent, type Complaint,
} from '../../cases/index.ts';
import { apiClock } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { canSeeBank } from '../call-access.ts';
import { loadCaseDossier, type CaseDossier } from '../case-dossier.ts';
import { HttpError, notFound } from '../http-error.ts';
import { maskPii } from '../../privacy/pii-mask.ts';
import { presentCall, presentFinding } from '../present.ts';
import { listCases } from '../../store/review-app/case-list.ts';
import { caseBank, isBorrowerCallOfCase } from '../../store/review-app/case-access.ts';
import { getReportDraft, saveReportDraft } from '../../store/review-app/report-drafts.ts';
import { findUserByUsername, listUsers } from '../../store/review-app/users.ts';
import { defineRoute, type AuthedRouteContext } from '../route-def.ts';
import { CaseDetailSchema, CaseListSchema } from '../response-schemas.ts';
import { transactionAsDb } from '../transaction-db.ts';

/** Cases, complaints and the bank are the supervisors' work. */
const SUPERVISORS = ['supervisor'] as const;
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });

function presentEvent(e: CaseEvent, unmasked: boolean) {
  const body = { ...e.body };
  // Notes and follow-up texts are typed by people and may quote numbers.
  for (const key of ['text', 'note', 'reason', 'resolution', 'followUpNote']) {
    if (typeof body[key] === 'string' && !unmasked) body[key] = maskPii(body[key] as string);
  }
  return { id: e.id, at: e.at, actor: e.actor, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, body };
}

function presentComplaint(c: Complaint, unmasked: boolean) {
  const m = unmasked ? (t: string) => t : maskPii;
  return {
    id: c.id, channel: c.channel, receivedAt: c.receivedAt, content: m(c.content),
    borrowerRequest: c.borrowerRequest === null ? null : m(c.borrowerRequest), createdBy: c.createdBy, createdAt: c.createdAt,
  };
}

export function presentDossier(d: CaseDossier, unmasked: boolean, now: Date) {
  return {
    case: { ...d.case, sla: slaState(d.case, now), allowedTransitions: allowedTransitions(d.case.status) },
    calls: d.calls.map(({ call, findings }) => ({
      call: presentCall(call, unmasked),
      findings: findings.map((f) => presentFinding(f, unmasked)),
    })),
    events: d.events.map((e) => presentEvent(e, unmasked)),
    complaints: d.complaints.map((c) => presentComplaint(c, unmasked)),
    draft: d.draft,
  };
}

/** Maps the case module's errors to HTTP answers. */
function caseError(err: unknown): never {
  if (err instanceof IllegalCaseTransitionError) throw new HttpError(409, 'illegal_transition', err.message);
  if (err instanceof MissingTransitionDetailError) throw new HttpError(400, 'missing_detail', err.message);
  if (err instanceof RangeError) throw new HttpError(400, 'bad_request', err.message);
  throw err;
}

/** Runs a case action and its audit event in one transaction, after checking the case is visible. */
async function inCaseTransaction<T>(ctx: AuthedRouteContext, caseId: number, fn: (db: ReturnType<typeof transactionAsDb>) => Promise<T>): Promise<T> {
  const { deps, user } = ctx;
  try {
    return await deps.db.transaction(async (tx) => {
      const bank = await caseBank(tx, caseId);
      if (bank === undefined || !canSeeBank(user, bank)) throw notFound('case');
      return fn(transactionAsDb(tx, deps.db));
    });
  } catch (err) {
    return caseError(err);
  }
}

const CaseListQuery = z.strictObject({
  status: z.union([z.enum(CASE_STATUSES), z.array(z.enum(CASE_STATUSES))]).optional(),
  open: z.enum(['true', 'false']).optional(),
  assignedTo: z.string().min(1).optional(),
  bank: z.string().min(1).optional(),
  borrowerId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const TransitionBody = z.strictObject({
  to: z.enum(CASE_STATUSES),
  reason: z.string().max(4000).optional(),
  resolution: z.string().max(8000).optional(),
  followUpNote: z.string().max(8000).optional(),
  followUpCallId: z.string().min(1).max(200).nullable().optional(),
  note: z.string().max(4000).optional(),
});

const ComplaintBody = z.strictObject({
  bank: z.string().min(1).max(200),
  borrowerId: z.string().min(1).max(200),
  channel: z.enum(COMPLAINT_CHANNELS),
  receivedAt: z.iso.datetime({ offset: true }),
  content: z.string().trim().min(1).max(20_000),
  borrowerRequest: z.string().max(4000).optional(),
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
    summary: 'Cases with SLA state: overdue first, then by due time',
    tags: ['cases'],
    response: CaseListSchema,
    query: CaseListQuery,
    async handler({ query }, { deps, user }) {
      const now = apiClock(deps).now();
      const statuses = query.status === undefined ? undefined : Array.isArray(query.status) ? query.status : [query.status];
      const open = query.open === 'true' ? CASE_STATUSES.filter((s) => !isClosedStatus(s)) : undefined;
      const items = await listCases(deps.db, {
        banks: user.banks, statuses: statuses ?? open, assignedTo: query.assignedTo, bank: query.bank,
        borrowerId: query.borrowerId, limit: query.limit,
      }, now);
      return { now, items: items.map((c) => ({ ...c, sla: slaState(c, now) })) };
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/cases/:id',
    roles: SUPERVISORS,
    summary: 'A case: its calls with findings, timeline, complaints, report draft, allowed transitions',
    tags: ['cases'],
    response: CaseDetailSchema,
    params: IdParams,
    async handler({ params }, { deps, user, unmasked }) {
      const dossier = await loadCaseDossier(deps.db, user, params.id);
      return presentDossier(dossier, unmasked, apiClock(deps).now());
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/transition',
    roles: SUPERVISORS,
    summary: 'Move a case along its state machine (dismiss needs reason, resolve needs resolution, follow-up needs a note)',
    tags: ['cases'],
    params: IdParams,
    body: TransitionBody,
    async handler({ params, body }, ctx) {
      const { to, ...details } = body;
      const change = await inCaseTransaction(ctx, params.id, async (db) => {
        if (details.followUpCallId) {
          // The follow-up call must be a stored call with this case's borrower.
          if (!(await isBorrowerCallOfCase(db, params.id, details.followUpCallId))) throw new HttpError(400, 'bad_follow_up_call', `call ${details.followUpCallId} is not a call with this borrower`);
        }
        const result = await changeCaseStatus(db, params.id, to, ctx.user.username, details, apiClock(ctx.deps).now());
        await audit(db, ctx, {
          action: 'case.transition', entityType: 'case', entityId: String(params.id),
          // The texts stay on the case timeline; the audit log names the event and which fields it carried.
          before: { status: result.event.fromStatus },
          after: {
            status: result.event.toStatus, eventId: result.event.id, fields: Object.keys(result.event.body).sort(),
            ...(details.followUpCallId ? { followUpCallId: details.followUpCallId } : {}),
          },
        });
        return result;
      });
      return { case: change.case };
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
    method: 'POST',
    url: '/api/complaints',
    roles: SUPERVISORS,
    summary: "Record a borrower's complaint: opens or joins their case and pulls in their calls",
    tags: ['cases'],
    body: ComplaintBody,
    async handler({ body }, ctx) {
      if (!canSeeBank(ctx.user, body.bank)) throw new HttpError(403, 'forbidden', 'outside your banks');
      const receivedAt = new Date(body.receivedAt);
      const now = apiClock(ctx.deps).now();
      if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw new HttpError(400, 'bad_request', 'receivedAt is in the future');
      const result = await ctx.deps.db.transaction(async (tx) => {
        const db = transactionAsDb(tx, ctx.deps.db);
        const r = await recordComplaint(db, {
          bank: body.bank, borrowerId: body.borrowerId, channel: body.channel, receivedAt,
          content: body.content, borrowerRequest: body.borrowerRequest ?? null, createdBy: ctx.user.username,
        }, ctx.deps.options.firstResponseHours, now);
        await audit(db, ctx, {
          action: 'complaint.create', entityType: 'complaint', entityId: String(r.complaint.id),
          after: { caseId: r.case.id, openedCase: r.opened, channel: body.channel, addedCalls: r.addedCallIds.length },
        });
        return r;
      });
      ctx.reply.status(201);
      return { complaintId: result.complaint.id, caseId: result.case.id, opened: result.opened, addedCallIds: result.addedCallIds };
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
