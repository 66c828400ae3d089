import { triageCall } from '../../cases/index.ts';
import type { CompiledPack } from '../../rules/compile-pack.ts';
import { normalisePhrase } from '../../rules/normalise.ts';
import { repositories } from '../../store/index.ts';
import type { TriagePayload } from '../job-payloads.ts';
import type { PipelineDeps } from '../pipeline-deps.ts';
import { STAGE_STEPS, stageResuming } from '../call-lifecycle.ts';
import { alreadyDone, done, jobsAfter, type StageContext, type StageOutcome } from '../stage.ts';
import { PermanentError } from '../errors.ts';
import { loadCall } from './load-call.ts';
import type { ScanResult } from './scan-stage.ts';

const STAGE = 'triage' as const;

/** The call's bank's names from the pack that scanned it (`bank_names`), when it has other names. */
function bankGroupOf(pack: CompiledPack, bank: string): { bankNames?: readonly string[] } {
  const group = pack.bankNames.get(normalisePhrase(bank));
  return group && group.length > 1 ? { bankNames: group } : {};
}

/**
 * Turns the scan's findings and risk score into a case decision (src/cases: open a case, join the
 * borrower's open case, or nothing) and marks the call done. Triage is idempotent on its own
 * (case ↔ call links are unique); the stage result makes a retry return at once.
 */
export async function triageStage(deps: PipelineDeps, payload: TriagePayload, ctx: StageContext): Promise<StageOutcome> {
  // The scan always names its pack: then the call, its scan result and the borrower's cases come
  // in one query.
  const read = payload.packVersion ? await deps.statements.triageRead<ScanResult>(payload.callId, payload.packVersion) : null;
  if (payload.packVersion && !read) throw new PermanentError(`no call ${payload.callId} in the database`);
  const call = read ? read.call : await loadCall(deps.db, payload.callId);
  if (call.status === 'failed') return alreadyDone();
  const active = payload.packVersion
    ? await deps.rules.version(deps.db, payload.packVersion)
    : await deps.rules.current(deps.db, call.language);
  const repos = repositories(deps.db);
  // A call waiting for triage ('scanned') has had no triage committed since its last scan (triage
  // commits its final status with its record); any other status may hide a finished triage of this
  // version. Triage itself is idempotent too.
  if (stageResuming(call.status) !== STAGE && (await repos.stageResults.get(call.id, STAGE, active.packHash))) return alreadyDone();
  const scanResult = read ? read.scanResult : (await repos.stageResults.get<ScanResult>(call.id, 'scan', active.packHash))?.result ?? null;
  if (!scanResult) throw new Error(`call ${call.id} has no scan result for pack ${active.packHash.slice(0, 12)}; scan it first`);
  // Scan results written before severities were recorded read the findings back.
  const ids = new Set(scanResult.findingIds);
  const findings = scanResult.severities
    ? scanResult.severities.map((severity) => ({ severity }))
    : ids.size === 0 ? [] : (await repos.findings.listByCall(call.id)).filter((f) => ids.has(f.id));
  const score = scanResult.score.score;
  let summary: { outcome: string; caseId: number | null };
  if (findings.length === 0 && score === 0) {
    // A call without findings neither opens nor joins a case (src/cases decideTriage), and a score
    // of 0 raises no case's risk: no case queries, and the record and the status are one
    // statement.
    summary = { outcome: 'none', caseId: null };
    await deps.statements.writeStageRecord({ callId: call.id, status: STAGE_STEPS[STAGE].reaches, stage: STAGE, version: active.packHash, result: summary });
  } else {
    // Triage writes its record and the call's status in the same statement as the case change.
    const triaged = await triageCall(deps.db, call, findings, score, active.policy, {
      ...(read ? { known: read.cases } : {}),
      ...bankGroupOf(active.pack, call.bank),
      ...(deps.clock ? { now: deps.clock.now() } : {}),
      record: { status: STAGE_STEPS[STAGE].reaches, stage: STAGE, version: active.packHash },
      // A case a re-scan opens says so: it comes from a rule change, not from a new call.
      ...(payload.rescan ? { eventDetail: { rescan: { packHash: active.packHash } } } : {}),
      writes: deps.statements.triageWrites,
    });
    summary = { outcome: triaged.outcome, caseId: triaged.outcome === 'none' ? null : triaged.case.id };
  }
  ctx.logger.debug(summary, 'triaged');
  return done(...jobsAfter(STAGE, call.id));
}
