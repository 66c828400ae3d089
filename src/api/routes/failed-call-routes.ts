import { z } from 'zod';
import { audit } from '../audit.ts';
import { visibleCall } from '../call-access.ts';
import { HttpError } from '../http-error.ts';
import { presentStatusReason } from '../present.ts';
import { defineRoute } from '../route-def.ts';
import { FailedCallsSchema, RetryResultSchema } from '../response-schemas.ts';
import { listFailedCalls } from '../../store/review-app/failed-calls.ts';

/**
 * Failed calls in the review app: the queue and search list only analysed calls, so a call the
 * pipeline gave up on is listed here for the people who can act on it, with a retry once the
 * cause is fixed. Bank-scoped like every call route.
 */
const OPERATORS = ['supervisor', 'admin'] as const;

const CallParams = z.strictObject({ id: z.string().min(1).max(200) });

export const failedCallRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/calls/failed',
    roles: OPERATORS,
    summary: 'Failed calls in your banks, the latest failure first: the stage that failed and the reason',
    tags: ['operations'],
    response: FailedCallsSchema,
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    async handler({ query }, { deps, user }) {
      const { calls, total } = await listFailedCalls(deps.db, { banks: user.banks, limit: query.limit, offset: query.offset });
      return {
        total,
        items: calls.map((c) => ({
          callId: c.id, bank: c.bank, agentId: c.agentId, agentName: c.agentName, team: c.team, startedAt: c.startedAt,
          failedStage: c.failedStage, reason: presentStatusReason(c.statusReason), failedAt: c.failedAt,
        })),
      };
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/calls/:id/retry',
    roles: OPERATORS,
    summary: 'Put a failed call back into the pipeline at the stage that failed (as `callguard retry`)',
    tags: ['operations'],
    response: RetryResultSchema,
    params: CallParams,
    async handler({ params }, ctx) {
      const { deps, user } = ctx;
      if (!deps.retryCalls) throw new HttpError(503, 'retry_unavailable', 'this server does not run the pipeline');
      // Outside the user's banks is answered like a missing call, word for word.
      const call = await visibleCall(deps.db, user, params.id);
      if (call.status !== 'failed') throw new HttpError(409, 'not_failed', `the call is ${call.status}, not failed: nothing to retry`);
      const result = await deps.retryCalls([call.id]);
      const retried = result.retried.find((r) => r.callId === call.id);
      // Another retry won the race between the status read and the plan.
      if (!retried) throw new HttpError(409, 'not_failed', 'the call is no longer failed: nothing to retry');
      await audit(deps.db, ctx, {
        action: 'call.retry', entityType: 'call', entityId: call.id,
        before: { status: 'failed', failedStage: call.failedStage, reason: presentStatusReason(call.statusReason) },
        after: { status: 'received', stage: retried.stage },
      });
      return retried;
    },
  }),
];
