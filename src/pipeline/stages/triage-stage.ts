import { triageCallInTransaction } from '../../cases/index.ts';
import { repositories } from '../../store/index.ts';
import type { TriagePayload } from '../job-table.ts';
import type { PipelineDeps } from '../pipeline-deps.ts';
import { alreadyDone, done, type StageContext, type StageOutcome } from '../stage.ts';
import { loadCall } from './load-call.ts';
import type { ScanResult } from './scan-stage.ts';

const STAGE = 'triage';

/**
 * Turns the scan's findings and risk score into a case decision (src/cases: open a case, join the
 * borrower's open case, or nothing) and marks the call done. Triage is idempotent on its own
 * (case ↔ call links are unique); the stage result makes a retry return at once.
 */
export async function triageStage(deps: PipelineDeps, payload: TriagePayload, ctx: StageContext): Promise<StageOutcome> {
  const call = await loadCall(deps.db, payload.callId);
  if (call.status === 'failed') return alreadyDone();
  const active = payload.packVersion
    ? await deps.rules.version(deps.db, payload.packVersion)
    : await deps.rules.current(deps.db, call.language);
  const repos = repositories(deps.db);
  // 'scanned' means no triage committed since the last scan (triage commits 'done' with its record);
  // any other status may hide a finished triage of this version. Triage itself is idempotent too.
  if (call.status !== 'scanned' && (await repos.stageResults.get(call.id, STAGE, active.packHash))) return alreadyDone();
  const scan = await repos.stageResults.get<ScanResult>(call.id, 'scan', active.packHash);
  if (!scan) throw new Error(`call ${call.id} has no scan result for pack ${active.packHash.slice(0, 12)}; scan it first`);
  // Scan results written before severities were recorded read the findings back.
  const ids = new Set(scan.result.findingIds);
  const findings = scan.result.severities
    ? scan.result.severities.map((severity) => ({ severity }))
    : ids.size === 0 ? [] : (await repos.findings.listByCall(call.id)).filter((f) => ids.has(f.id));
  // Triage, its record and the call's status in one transaction: a crash leaves all or nothing.
  const summary = await deps.db.transaction(async (tx) => {
    // A call without findings neither opens nor joins a case (src/cases decideTriage), and a score
    // of 0 raises no case's risk: skip the borrower lock and its queries for the common clean call.
    const triaged = findings.length === 0 && scan.result.score.score === 0
      ? { outcome: 'none' as const }
      : await triageCallInTransaction(tx, call.id, findings, scan.result.score.score, active.policy);
    const caseId = triaged.outcome === 'none' ? null : triaged.case.id;
    const r = repositories(tx);
    await r.stageResults.upsert(call.id, STAGE, active.packHash, { outcome: triaged.outcome, caseId });
    // 'triaged' and 'done' would commit together: nobody could ever see the first; done it is.
    await r.calls.setStatus(call.id, 'done');
    return { outcome: triaged.outcome, caseId };
  });
  ctx.logger.debug(summary, 'triaged');
  return done();
}
