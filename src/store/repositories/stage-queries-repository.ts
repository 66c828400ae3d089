import type { HistoryCall, StoredCall } from '../../domain/call.ts';
import type { CallStatus } from '../../domain/call-status.ts';
import type { Case } from '../../domain/case.ts';
import type { Finding } from '../../domain/finding.ts';
import type { Severity } from '../../domain/severity.ts';
import type { Segment, TranscriptQuality } from '../../domain/transcript.ts';
import type { Queryable } from '../db.ts';
import { formatWithOffset } from '../offset-time.ts';
import { toCall, type CallRow } from './call-row.ts';
import { caseFromJson, TRIAGE_CASES_COLUMNS, type CaseJson } from './cases-repository.ts';
import { FINDING_COLUMNS, findingRecord, findingRecordset } from './findings-repository.ts';
import { STATUS_TIMESTAMP } from './stage-record-sql.ts';

/** What the scan reads of a call (CallsRepository.getForScan). */
export interface ScanRead {
  call: StoredCall;
  segments: Segment[] | null;
  /** The newest transcript's quality estimate; null without one (or stored before estimates). */
  quality: TranscriptQuality | null;
  history: HistoryCall[];
}

/** What triage reads of a call (CallsRepository.getForTriage). */
export interface TriageRead<T> {
  call: StoredCall;
  scanResult: T | null;
  cases: { linked: Case | null; open: Case | null };
}

/** One call's scan, as recordScans writes it. */
export interface ScanRecord {
  callId: string;
  /** The rule pack hash the scan used. */
  version: string;
  findings: Finding[];
  result: Record<string, unknown>;
}

/** A history row as getForScan's JSON array carries it. */
type HistoryJsonRow = [id: string, borrowerId: string, startedAt: string, utcOffsetMinutes: number, durationMs: number | null, connected: boolean | null];

/**
 * What the stages read and write of a call beyond its row: each in one statement (one round trip,
 * atomic on its own), each with a form for several calls at once that src/store/stage-statements.ts
 * groups concurrent jobs into.
 */
export class StageQueriesRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * Records a stage's result and moves the call to `status` in one statement (one round trip
   * instead of two; a single statement is atomic on its own, so no transaction is needed for it).
   * A call that does not exist fails the statement (the stage result's foreign key).
   */
  async setStatusWithStageResult(
    callId: string, status: Exclude<CallStatus, 'failed'>, stage: string, version: string, result: Record<string, unknown>,
  ): Promise<boolean> {
    const [moved] = await this.setStatusWithStageResults(status, [{ callId, stage, version, result }]);
    return moved!;
  }

  /**
   * setStatusWithStageResult for several calls in one statement (all moved to the same status);
   * for each, whether the call was moved. One call at most once per batch.
   */
  async setStatusWithStageResults(
    status: Exclude<CallStatus, 'failed'>, items: ReadonlyArray<{ callId: string; stage: string; version: string; result: Record<string, unknown> }>,
  ): Promise<boolean[]> {
    const column = STATUS_TIMESTAMP[status];
    const { rows } = await this.q.query<{ id: string }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(call_id text, stage text, version text, result jsonb)
       ), recorded AS (
         INSERT INTO stage_results (call_id, stage, version, result) SELECT call_id, stage, version, result FROM input
         ON CONFLICT (call_id, stage, version) DO UPDATE SET result = EXCLUDED.result, finished_at = now()
       )
       -- $3: the calls' ids as an array as well, for the primary key (docs/operations.md, "Grouped statements")
       UPDATE calls SET status = $2, status_reason = NULL, failed_stage = NULL, updated_at = now()${column ? `, ${column} = now()` : ''}
       FROM input WHERE calls.id = ANY($3::text[]) AND calls.id = input.call_id
       RETURNING calls.id`,
      [JSON.stringify(items.map((i) => ({ call_id: i.callId, stage: i.stage, version: i.version, result: i.result }))), status, items.map((i) => i.callId)],
    );
    const moved = new Set(rows.map((r) => r.id));
    return items.map((i) => moved.has(i.callId));
  }

  /**
   * A scan's whole write in one statement, atomic without a transaction: the findings (those a
   * scan with the same rule version stored earlier are kept as they are, verdicts included), the
   * scan's stage result — `result` plus `findingIds` and `severities` of every finding of this scan,
   * new or earlier, in time order — and the call's status 'scanned'.
   *
   * Returns the findings' ids and severities; null when the statement recorded nothing because a
   * finding was neither inserted nor visible to it: a concurrent scan of the same call stored it
   * after this statement's snapshot. A retry then sees it.
   */
  async recordScan(
    callId: string, version: string, findings: Finding[], result: Record<string, unknown>,
  ): Promise<Array<{ id: number; severity: Severity }> | null> {
    const [recorded] = await this.recordScans([{ callId, version, findings, result }]);
    return recorded!;
  }

  /**
   * recordScan for several calls in one statement; each call is judged on its own (one whose
   * findings a concurrent scan stored meanwhile gets null and records nothing, the others are
   * recorded). One call at most once per batch.
   */
  async recordScans(items: readonly ScanRecord[]): Promise<Array<Array<{ id: number; severity: Severity }> | null>> {
    const batch = items.map((it, n) => ({
      n, call_id: it.callId, version: it.version, result: it.result,
      // Distinct findings expected: the same finding twice in the input is stored once.
      expected: new Set(it.findings.map((f) => `${f.ruleId}\u0000${f.ruleVersion}\u0000${f.segmentIndex ?? ''}\u0000${Math.round(f.startMs)}`)).size,
    }));
    const findingRows = items.flatMap((it) => it.findings.map((f) => findingRecord(f, it.version)));
    const { rows } = await this.q.query<{ n: number; id: number | null; severity: Severity | null; complete: boolean }>(
      `WITH batch AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS b(n integer, call_id text, version text, result jsonb, expected integer)
       ), input AS (
         SELECT * FROM ${findingRecordset('$2')}
       ), inserted AS (
         INSERT INTO findings (${FINDING_COLUMNS}) SELECT ${FINDING_COLUMNS} FROM input
         ON CONFLICT DO NOTHING RETURNING id, call_id, severity, start_ms
       ), earlier AS (
         -- One lookup per finding, by its call's index. A plain join let the planner, which takes
         -- any recordset for 100 rows, hash the whole findings table, or probe findings_rule_idx
         -- and read every finding of the rule: a cost that grew with the table. OFFSET 0 keeps
         -- the lateral subquery from being flattened back into such a join, and the rule's
         -- columns are compared as one row so that only the call id is a key.
         SELECT e.* FROM input i CROSS JOIN LATERAL (
           SELECT f.id, f.call_id, f.severity, f.start_ms FROM findings f
           WHERE f.call_id = i.call_id
             AND (f.rule_id, f.rule_version, f.segment_index, f.start_ms) IS NOT DISTINCT FROM (i.rule_id, i.rule_version, i.segment_index, i.start_ms)
           OFFSET 0
         ) e
       ), current AS (
         SELECT * FROM inserted UNION SELECT * FROM earlier
       ), complete AS (
         SELECT b.*, (SELECT count(*) FROM current WHERE current.call_id = b.call_id) = b.expected AS ok FROM batch b
       ), recorded AS (
         INSERT INTO stage_results (call_id, stage, version, result)
         SELECT k.call_id, 'scan', k.version, k.result || jsonb_build_object(
           'findingIds', COALESCE((SELECT jsonb_agg(id ORDER BY start_ms, id) FROM current WHERE current.call_id = k.call_id), '[]'),
           'severities', COALESCE((SELECT jsonb_agg(severity ORDER BY start_ms, id) FROM current WHERE current.call_id = k.call_id), '[]'))
         FROM complete k WHERE k.ok
         ON CONFLICT (call_id, stage, version) DO UPDATE SET result = EXCLUDED.result, finished_at = now()
       ), moved AS (
         -- $3: the calls' ids as an array as well, for the primary key (docs/operations.md, "Grouped statements")
         UPDATE calls SET status = 'scanned', status_reason = NULL, failed_stage = NULL, updated_at = now(), scanned_at = now()
         FROM complete k WHERE calls.id = ANY($3::text[]) AND calls.id = k.call_id AND k.ok
       )
       SELECT k.n, current.id, current.severity, k.ok AS complete
       FROM complete k LEFT JOIN current ON current.call_id = k.call_id ORDER BY k.n, current.start_ms, current.id`,
      [JSON.stringify(batch), JSON.stringify(findingRows), items.map((it) => it.callId)],
    );
    const out: Array<Array<{ id: number; severity: Severity }> | null> = items.map(() => []);
    for (const r of rows) {
      if (!r.complete) out[r.n] = null;
      else if (r.id !== null) out[r.n]!.push({ id: r.id, severity: r.severity! });
    }
    return out;
  }

  /**
   * Everything triage decides from, in one round trip: the call, its scan result for this pack
   * version (null when there is none), and the cases (CasesRepository.forTriage's lookup).
   */
  async getForTriage<T = Record<string, unknown>>(callId: string, scanVersion: string): Promise<TriageRead<T> | null> {
    const [read] = await this.getForTriageMany<T>([{ callId, scanVersion }]);
    return read!;
  }

  /** getForTriage for several calls in one statement; null for a call that does not exist. */
  async getForTriageMany<T = Record<string, unknown>>(items: ReadonlyArray<{ callId: string; scanVersion: string }>): Promise<Array<TriageRead<T> | null>> {
    const { rows } = await this.q.query<CallRow & { n: string; scan_result: T | null; linked_case: CaseJson | null; open_case: CaseJson | null }>(
      `SELECT b.n, c.*, s.result AS scan_result, ${TRIAGE_CASES_COLUMNS}
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS b(call_id, version, n)
       JOIN calls c ON c.id = b.call_id
       LEFT JOIN stage_results s ON s.call_id = c.id AND s.stage = 'scan' AND s.version = b.version`,
      [items.map((i) => i.callId), items.map((i) => i.scanVersion)],
    );
    const out: Array<TriageRead<T> | null> = items.map(() => null);
    for (const r of rows) {
      out[Number(r.n) - 1] = {
        call: toCall(r),
        scanResult: r.scan_result,
        cases: { linked: r.linked_case ? caseFromJson(r.linked_case) : null, open: r.open_case ? caseFromJson(r.open_case) : null },
      };
    }
    return out;
  }

  /**
   * The call and one of its stage results in one round trip (what ingest reads: the call and its
   * delivered transcript). `stageResult` is null when that stage has not recorded this version.
   */
  async getWithStageResult<T = Record<string, unknown>>(
    callId: string, stage: string, version: string,
  ): Promise<{ call: StoredCall; stageResult: T | null } | null> {
    const [read] = await this.getWithStageResults<T>(stage, version, [callId]);
    return read!;
  }

  /** getWithStageResult for several calls (one stage and version) in one statement; null for a call that does not exist. */
  async getWithStageResults<T = Record<string, unknown>>(
    stage: string, version: string, callIds: readonly string[],
  ): Promise<Array<{ call: StoredCall; stageResult: T | null } | null>> {
    const { rows } = await this.q.query<CallRow & { stage_result: T | null }>(
      `SELECT c.*, s.result AS stage_result FROM calls c
       LEFT JOIN stage_results s ON s.call_id = c.id AND s.stage = $2 AND s.version = $3
       WHERE c.id = ANY($1::text[])`,
      [callIds, stage, version],
    );
    const byId = new Map(rows.map((r) => [r.id, { call: toCall(r), stageResult: r.stage_result }]));
    return callIds.map((id) => byId.get(id) ?? null);
  }

  /**
   * Everything the scan reads, in one round trip: the call, the segments of its newest transcript
   * (null without one), and the borrower's calls (this bank's) that started in the `lookbackMs`
   * before this call's start, up to and including it, oldest first (empty when 0).
   */
  async getForScan(callId: string, lookbackMs: number): Promise<ScanRead | null> {
    const [read] = await this.getForScanMany([callId], lookbackMs);
    return read!;
  }

  /** getForScan for several calls in one statement; null for a call that does not exist. */
  async getForScanMany(callIds: readonly string[], lookbackMs: number): Promise<Array<ScanRead | null>> {
    const { rows } = await this.q.query<CallRow & { latest_segments: Segment[] | null; latest_quality: TranscriptQuality | null; history: HistoryJsonRow[] }>(
      `SELECT c.*, t.segments AS latest_segments, t.quality AS latest_quality, h.history FROM calls c
       LEFT JOIN LATERAL (
         SELECT segments, quality FROM transcripts WHERE call_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1
       ) t ON true
       CROSS JOIN LATERAL (
         SELECT COALESCE(jsonb_agg(jsonb_build_array(o.id, o.borrower_id, o.started_at, o.utc_offset_minutes, o.duration_ms, o.connected)
           ORDER BY o.started_at, o.id), '[]') AS history
         FROM calls o
         WHERE $2::bigint > 0 AND o.borrower_id = c.borrower_id AND o.bank = c.bank
           AND o.started_at >= c.started_at - make_interval(secs => $2::bigint / 1000.0) AND o.started_at <= c.started_at
       ) h
       WHERE c.id = ANY($1::text[])`,
      [callIds, lookbackMs],
    );
    const byId = new Map(rows.map((r) => [r.id, {
      call: toCall(r),
      segments: r.latest_segments,
      quality: r.latest_quality,
      history: r.history.map(([id, borrowerId, startedAt, offset, durationMs, connected]) => ({
        callId: id, borrowerId, startedAt: formatWithOffset(new Date(startedAt), offset), durationMs, connected,
      })),
    }]));
    return callIds.map((id) => byId.get(id) ?? null);
  }

}
