import { z } from 'zod';
import { apiClock } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { canSeeBank } from '../call-access.ts';
import { HttpError, notFound } from '../http-error.ts';
import { LegalHoldResultSchema, LegalHoldsSchema } from '../legal-hold-schemas.ts';
import { defineRoute, type AuthedRouteContext } from '../route-def.ts';
import { caseBank } from '../../store/review-app/case-access.ts';
import type { Queryable } from '../../store/db.ts';
import {
  caseClosedAt, listLegalHolds, lockActiveLegalHold, placeLegalHold, releaseLegalHold, type LegalHold,
} from '../../store/retention/legal-holds.ts';

/**
 * Legal holds on a case: while one is active, no retention purge touches the case or its calls'
 * audio, transcripts and findings. A complaint places one by itself (migration 145); a supervisor
 * places one for anything else (litigation, a regulator's inquiry) and releases holds with a
 * reason. Every change is audited with who, when and why, in the change's own transaction.
 */
const SUPERVISORS = ['supervisor'] as const;
const CaseParams = z.strictObject({ id: z.coerce.number().int().positive() });
const HoldParams = z.strictObject({ id: z.coerce.number().int().positive(), holdId: z.coerce.number().int().positive() });
const ReasonBody = z.strictObject({ reason: z.string().trim().min(3).max(2000) });

function present(h: LegalHold) {
  return { ...h, placedAt: h.placedAt.toISOString(), releasedAt: h.releasedAt?.toISOString() ?? null };
}

/** The case's bank checked against the user's scope; a case outside it is answered as missing. */
async function visibleCase(q: Queryable, ctx: AuthedRouteContext, caseId: number): Promise<void> {
  const bank = await caseBank(q, caseId);
  if (bank === undefined || !canSeeBank(ctx.user, bank)) throw notFound('case');
}

export const legalHoldRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/cases/:id/legal-holds',
    roles: SUPERVISORS,
    summary: "The case's legal holds, active first: while one is active no retention purge touches the case or its calls",
    tags: ['cases'],
    params: CaseParams,
    response: LegalHoldsSchema,
    async handler({ params }, ctx) {
      await visibleCase(ctx.deps.db, ctx, params.id);
      const holds = await listLegalHolds(ctx.deps.db, params.id);
      return {
        held: holds.some((h) => h.releasedAt === null),
        caseClosed: (await caseClosedAt(ctx.deps.db, params.id)) !== null,
        items: holds.map(present),
      };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/legal-holds',
    roles: SUPERVISORS,
    summary: "Place a legal hold on the case (why: litigation, a regulator's inquiry…); audited",
    tags: ['cases'],
    params: CaseParams,
    body: ReasonBody,
    response: LegalHoldResultSchema,
    async handler({ params, body }, ctx) {
      const { deps, user } = ctx;
      return deps.db.transaction(async (tx) => {
        await visibleCase(tx, ctx, params.id);
        const hold = await placeLegalHold(tx, { caseId: params.id, reason: body.reason, placedBy: user.username, at: apiClock(deps).now() });
        await audit(tx, ctx, { action: 'legal_hold.place', entityType: 'case', entityId: String(params.id), after: { holdId: hold.id, origin: hold.origin, reason: hold.reason } });
        return { hold: present(hold) };
      });
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/legal-holds/:holdId/release',
    roles: SUPERVISORS,
    summary: 'Release a legal hold, with the reason; a complaint hold only once the case is closed; audited',
    tags: ['cases'],
    params: HoldParams,
    body: ReasonBody,
    response: LegalHoldResultSchema,
    async handler({ params, body }, ctx) {
      const { deps, user } = ctx;
      return deps.db.transaction(async (tx) => {
        await visibleCase(tx, ctx, params.id);
        const hold = await lockActiveLegalHold(tx, params.id, params.holdId);
        if (!hold) throw new HttpError(404, 'not_found', 'no active legal hold with this id on the case');
        // The complaint still being handled is exactly what the hold is for.
        if (hold.origin === 'complaint' && (await caseClosedAt(tx, params.id)) === null) {
          throw new HttpError(409, 'case_open', "a complaint's hold can be released only once the case is closed");
        }
        const released = await releaseLegalHold(tx, { holdId: hold.id, releasedBy: user.username, reason: body.reason, at: apiClock(deps).now() });
        await audit(tx, ctx, {
          action: 'legal_hold.release', entityType: 'case', entityId: String(params.id),
          before: { holdId: hold.id, origin: hold.origin, reason: hold.reason, placedBy: hold.placedBy }, after: { releaseReason: body.reason },
        });
        return { hold: present(released) };
      });
    },
  }),
];
