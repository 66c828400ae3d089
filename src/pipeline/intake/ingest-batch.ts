import type { Db } from '../../store/db.ts';
import { RefusedRowsRepository } from '../../store/index.ts';
import type { IngestPlan } from './ingest-plan.ts';
import type { AudioBlobStore } from '../pipeline-deps.ts';
import { registerCall, type CallInput, type RegisterOutcome } from './register-call.ts';
import type { NextJob } from '../stage.ts';

export interface BatchReport {
  outcomes: RegisterOutcome[];
  /** Ingest jobs to start: new calls, and registered calls that never finished (healing a crash
   *  between registration and enqueue). Done and failed calls are left alone. */
  start: NextJob[];
}

/** Registers every call of a plan; problems with one call never stop the others. */
export async function registerBatch(deps: { db: Db; audio: AudioBlobStore }, plan: IngestPlan, onEach?: () => void): Promise<BatchReport> {
  const outcomes: RegisterOutcome[] = [];
  const start: NextJob[] = [];
  for (const input of plan.calls) {
    const outcome = await registerCall(deps, input);
    outcomes.push(outcome);
    if (outcome.kind === 'new' || (outcome.kind === 'already' && outcome.status !== 'done' && outcome.status !== 'failed')) {
      start.push({ name: 'ingest', payload: { callId: outcome.callId } });
    }
    onEach?.();
  }
  // Refused rows outlive the command's output (status lists them); a row ingested now at the place
  // one was refused before is its fix.
  const refused = new RefusedRowsRepository(deps.db);
  await refused.record((plan.refusedRows ?? []).map((p) => ({ file: p.file, line: p.line, reason: p.message })));
  await refused.clearAccepted(plan.acceptedRows ?? []);
  return { outcomes, start };
}

/**
 * One upload from the review app's `POST /api/calls`: the same registration as the CLI, then the
 * ingest stage is handed to `dispatch` (the queue in server mode). Returns what happened, so the
 * route can answer 201 (new), 200 (already there) or 409 (conflict / duplicate recording).
 */
export async function ingestUpload(
  deps: { db: Db; audio: AudioBlobStore },
  input: CallInput,
  dispatch: (jobs: NextJob[]) => Promise<void>,
): Promise<RegisterOutcome> {
  const outcome = await registerCall(deps, input);
  if (outcome.kind === 'new' || (outcome.kind === 'already' && outcome.status !== 'done' && outcome.status !== 'failed')) {
    await dispatch([{ name: 'ingest', payload: { callId: outcome.callId } }]);
  }
  return outcome;
}
