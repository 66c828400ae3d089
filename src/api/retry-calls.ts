import type { Db } from '../store/db.ts';
import type { Dispatch } from '../pipeline/transport/dispatch.ts';
import { planRetry } from '../pipeline/operations/retry-failed.ts';
import type { RetryCalls } from './api-deps.ts';

/**
 * The review app's retry, planned exactly as `callguard retry` plans it (each call resumes at its
 * failed stage) and handed to the server's dispatcher. In server mode the calls' finished BullMQ
 * jobs are removed first: the new jobs carry the same deterministic ids and would be no-ops.
 */
export function createRetryCalls(db: Db, dispatch: Dispatch, queues?: { removeJobsOfCalls(callIds: readonly string[]): Promise<number> }): RetryCalls {
  return async (callIds) => {
    const plan = await planRetry(db, callIds);
    await queues?.removeJobsOfCalls(plan.jobs.map((j) => j.payload.callId));
    await dispatch(plan.jobs);
    return { retried: plan.jobs.map((j) => ({ callId: j.payload.callId, stage: j.name })), skipped: plan.skipped, unknown: plan.unknown };
  };
}
