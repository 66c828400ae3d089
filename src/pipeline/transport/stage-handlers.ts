import type { PipelineDeps } from '../pipeline-deps.ts';
import type { GiveUpHandler, StageHandlers } from '../stage.ts';
import { decodeStage } from '../stages/decode-stage.ts';
import { ingestStage } from '../stages/ingest-stage.ts';
import { scanStage } from '../stages/scan-stage.ts';
import { transcribeStage } from '../stages/transcribe-stage.ts';
import { triageStage } from '../stages/triage-stage.ts';
import { CallsRepository } from '../../store/index.ts';

/** Every stage bound to its dependencies: what workers and the local runner execute. */
export function createStageHandlers(deps: PipelineDeps): StageHandlers {
  return {
    ingest: (p, ctx) => ingestStage(deps, p, ctx),
    decode: (p, ctx) => decodeStage(deps, p, ctx),
    transcribe: (p, ctx) => transcribeStage(deps, p, ctx),
    scan: (p, ctx) => scanStage(deps, p, ctx),
    triage: (p, ctx) => triageStage(deps, p, ctx),
  };
}

/**
 * A job gave up for good: the call's status says failed, in which stage (failed_stage) and why
 * (status_reason, which names the stage too, for people; no personal data). A call that is already
 * done keeps its status: a late duplicate job failing does not undo it.
 */
export function createGiveUpHandler(deps: Pick<PipelineDeps, 'db'>): GiveUpHandler {
  return async (name, callId, reason) => {
    const calls = new CallsRepository(deps.db);
    const call = await calls.get(callId);
    if (!call || call.status === 'done') return;
    await calls.markFailed(callId, name, `${name}: ${reason}`.slice(0, 2000));
  };
}
