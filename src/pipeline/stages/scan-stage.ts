import { transcriptQualityFinding } from '../../asr/transcript-quality-finding.ts';
import type { Severity } from '../../domain/severity.ts';
import type { Transcript } from '../../domain/transcript.ts';
import { historyWindow, lookbackForPack, scanTranscript, scoreFindings, type HistoryCall, type RiskScore } from '../../rules/index.ts';
import type { Queryable } from '../../store/db.ts';
import { callMetaOf, repositories, type HistoryCall as StoredHistoryCall, type StoredCall } from '../../store/index.ts';
import type { ScanPayload } from '../job-payloads.ts';
import type { PipelineDeps } from '../pipeline-deps.ts';
import { hasReached, STAGE_STEPS } from '../call-lifecycle.ts';
import { alreadyDone, done, jobsAfter, type StageContext, type StageOutcome } from '../stage.ts';
import { PermanentError } from '../errors.ts';
import { settleRescanFindings } from './rescan-findings.ts';

const STAGE = 'scan' as const;
const CALL_RULE_KINDS = new Set(['contact_time', 'contact_frequency', 'recording']);

export interface ScanResult extends Record<string, unknown> {
  findingIds: number[];
  /** Severity of each of those findings: all triage needs of them, without reading them back. */
  severities?: Severity[];
  score: RiskScore;
  /** false for a call without a transcript (dialer record): only call-level rules ran. */
  transcript: boolean;
}

/**
 * The borrower's earlier contacts from the database, for the frequency rules. Borrower ids are the
 * bank's, so only this bank's calls count. The window's end is inclusive (the rule engine's
 * contract), the repository's exclusive: one millisecond more.
 */
export async function historyFor(q: Queryable, call: StoredCall, fromIso: string, toIso: string): Promise<HistoryCall[]> {
  return toRuleHistory(await repositories(q).calls.historyOfBorrower(call.borrowerId, new Date(fromIso), new Date(Date.parse(toIso) + 1), call.bank));
}

/** Stored history rows as the rule engine takes them (absent rather than null). */
function toRuleHistory(rows: readonly StoredHistoryCall[]): HistoryCall[] {
  return rows.map((r) => ({
    callId: r.callId,
    borrowerId: r.borrowerId,
    startedAt: r.startedAt,
    ...(r.durationMs !== null ? { durationMs: r.durationMs } : {}),
    ...(r.connected !== null ? { connected: r.connected } : {}),
  }));
}

/**
 * Scans the call's newest transcript with a rule pack version (the current one, or the one a
 * re-scan names). Findings are upserted: the same rule version never adds a second copy, a new
 * version adds findings tagged with it. The result names the findings valid under this version,
 * for triage.
 */
export async function scanStage(deps: PipelineDeps, payload: ScanPayload, ctx: StageContext): Promise<StageOutcome> {
  // The call, its newest transcript and the borrower's recent calls in one query.
  const lookbackHint = deps.rules.lookbackHintMs();
  const loaded = await deps.statements.scanRead(payload.callId, lookbackHint);
  if (!loaded) throw new PermanentError(`no call ${payload.callId} in the database`);
  const call = loaded.call;
  if (call.status === 'failed') return alreadyDone();
  const active = payload.packVersion
    ? await deps.rules.version(deps.db, payload.packVersion)
    : await deps.rules.current(deps.db, call.language);
  const next = jobsAfter(STAGE, call.id, { packVersion: active.packHash, ...(payload.rescan ? { rescan: true } : {}) });
  const repos = repositories(deps.db);
  // A call that never got as far as 'scanned' has never been scanned: skip the lookup (one query a call).
  const maybeScanned = hasReached(call.status, STAGE_STEPS[STAGE].reaches);
  if (maybeScanned) {
    const earlier = await repos.stageResults.get<ScanResult>(call.id, STAGE, active.packHash);
    if (earlier) {
      // Re-scanned with a version it was scanned with before (after a rollback): that scan's findings are the current ones again.
      if (payload.rescan) await settleRescanFindings(deps, call.id, active, earlier.result.findingIds, { restore: true });
      return alreadyDone(...next);
    }
  }

  const stored = loaded.segments;
  const meta = callMetaOf(call);
  const transcript: Transcript = { call: meta, segments: stored ?? [] };
  const window = historyWindow(active.pack, meta.startedAt);
  const history = !window
    ? []
    : lookbackForPack(active.pack) <= lookbackHint
      ? toRuleHistory(loaded.history.filter((h) => Date.parse(h.startedAt) >= Date.parse(window.fromIso)))
      : await historyFor(deps.db, call, window.fromIso, window.toIso);
  // Without a transcript only the call-level rules can judge the call: a dialer record is not a
  // conversation in which a disclosure was missing.
  const onlyRules = stored ? undefined : new Set(active.pack.rules.filter((r) => CALL_RULE_KINDS.has(r.kind)).map((r) => r.id));
  const findings = scanTranscript(active.pack, transcript, history, onlyRules ? { onlyRules } : {});
  // A transcript the engine could not hear makes the rules' silence meaningless: the call gets a
  // finding of its own so it reaches a person who listens (src/asr/transcript-quality-finding.ts).
  const unreliable = stored && loaded.quality
    ? transcriptQualityFinding(meta, stored, loaded.quality, active.policy.transcript_quality_threshold)
    : null;
  if (unreliable) findings.push(unreliable);
  const score = scoreFindings(findings, active.policy);

  // Findings, result and status in one statement: atomic without a transaction's round trips.
  const partial: Omit<ScanResult, 'findingIds' | 'severities'> = { score, transcript: stored !== null };
  const recorded = await deps.statements.recordScan({ callId: call.id, version: active.packHash, findings, result: partial });
  if (!recorded) throw new Error(`call ${call.id} was being scanned by another worker at the same time; scanning again`);
  if (payload.rescan) {
    const settled = await settleRescanFindings(deps, call.id, active, recorded.map((f) => f.id));
    ctx.logger.debug(settled, 're-scan: earlier findings superseded, verdicts carried over');
  }
  ctx.logger.debug({ findings: findings.length, score: score.score, pack: active.packHash.slice(0, 12) }, 'scanned');
  return done(...next);
}
