import type { Db } from '../../store/db.ts';
import { CallsRepository } from '../../store/index.ts';
import { retryStage } from '../call-lifecycle.ts';
import { jobFor, type NextJob } from '../stage.ts';

/**
 * Puts failed calls back into the pipeline after the cause was fixed (a model configured, a
 * corrected sidecar, the database back). Each call resumes at the stage that failed (its
 * failed_stage; src/pipeline/call-lifecycle.ts retryStage); stages before it return early as
 * already done.
 */
export interface RetryPlan {
  jobs: NextJob[];
  /** Calls that exist but are not failed: nothing to retry. */
  skipped: string[];
  /** Ids no call has (a typo, another database): the operator must hear of them. */
  unknown: string[];
}

/**
 * Marks the calls as received again and returns the jobs to start. With no ids: every failed call.
 * In server mode the caller first removes the failed BullMQ jobs (same deterministic ids), or the
 * new ones would be no-ops.
 */
export async function planRetry(db: Db, callIds?: readonly string[]): Promise<RetryPlan> {
  const calls = new CallsRepository(db);
  const failed = callIds ? await calls.getMany([...callIds]) : await Promise.all((await calls.listFailed(100_000)).map((f) => calls.get(f.callId)));
  const jobs: NextJob[] = [];
  const found = new Set(failed.flatMap((c) => (c ? [c.id] : [])));
  const unknown = (callIds ?? []).filter((id) => !found.has(id));
  const skipped = new Set((callIds ?? []).filter((id) => found.has(id)));
  for (const call of failed) {
    if (!call || call.status !== 'failed') continue;
    skipped.delete(call.id);
    const stage = retryStage(call.failedStage);
    await calls.setStatus(call.id, 'received', `retrying from ${stage} (was: ${call.statusReason ?? ''})`.slice(0, 2000));
    jobs.push(jobFor(stage, call.id));
  }
  return { jobs, skipped: [...skipped], unknown };
}
