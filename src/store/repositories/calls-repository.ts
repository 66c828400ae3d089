import { CALL_STATUSES, type CallStatus, type PipelineStage } from '../../domain/call-status.ts';
import type { CallMeta, Language, RecordingFacts, Segment } from '../../domain/transcript.ts';
import type { Finding } from '../../domain/finding.ts';
import type { Severity } from '../../domain/severity.ts';
import type { Queryable } from '../db.ts';
import type { Case } from '../../domain/case.ts';
import { caseFromJson, TRIAGE_CASES_COLUMNS, type CaseJson } from './cases-repository.ts';
import { FINDING_COLUMNS, findingRecord, findingRecordset } from './findings-repository.ts';
import { STATUS_TIMESTAMP } from './stage-record-sql.ts';
import { formatWithOffset, parseUtcOffsetMinutes } from '../offset-time.ts';

export { CALL_STATUSES, type CallStatus };
export type CallSource = 'recording' | 'dialer_record';

/** What ingest knows about a call before any stage ran. */
export interface NewCall {
  meta: CallMeta;
  source: CallSource;
  /** Personal data: kept in its own column (masked by the review app), never in `metadata`. */
  phone?: string | null;
  audioSha256?: string | null;
  audioFormat?: string | null;
  audioBytes?: number | null;
}

export interface StoredCall {
  id: string;
  source: CallSource;
  agency: string | null;
  agentId: string;
  agentName: string | null;
  team: string | null;
  bank: string;
  borrowerId: string;
  phone: string | null;
  direction: 'outbound' | 'inbound';
  /** ISO 8601 in the borrower's local time with its offset, as received. */
  startedAt: string;
  utcOffsetMinutes: number;
  durationMs: number | null;
  connected: boolean | null;
  firstContact: boolean;
  language: Language;
  channelLayout: 'agent-left' | 'agent-right' | 'mono' | null;
  /** The metadata as received (minus phone), extra keys included. */
  metadata: Record<string, unknown>;
  audioSha256: string | null;
  audioFormat: string | null;
  audioBytes: number | null;
  recording: RecordingFacts | null;
  status: CallStatus;
  statusReason: string | null;
  /** The stage that gave up, for a failed call (null otherwise, or when not known). */
  failedStage: PipelineStage | null;
  receivedAt: Date;
  decodedAt: Date | null;
  transcribedAt: Date | null;
  scannedAt: Date | null;
  doneAt: Date | null;
  failedAt: Date | null;
  updatedAt: Date;
}

/** One earlier call of a borrower, as the history rules (hours / frequency) read it. */
export interface HistoryCall {
  callId: string;
  borrowerId: string;
  /** ISO 8601 with the call's own UTC offset. */
  startedAt: string;
  durationMs: number | null;
  connected: boolean | null;
}

export interface FailedCall {
  callId: string;
  reason: string;
  failedAt: Date | null;
}

interface CallRow {
  id: string;
  source: CallSource;
  agency: string | null;
  agent_id: string;
  agent_name: string | null;
  team: string | null;
  bank: string;
  borrower_id: string;
  phone: string | null;
  direction: 'outbound' | 'inbound';
  started_at: Date;
  utc_offset_minutes: number;
  duration_ms: number | null;
  connected: boolean | null;
  first_contact: boolean;
  language: Language;
  channel_layout: StoredCall['channelLayout'];
  metadata: Record<string, unknown>;
  audio_sha256: string | null;
  audio_format: string | null;
  audio_bytes: number | null;
  recording: RecordingFacts | null;
  status: CallStatus;
  status_reason: string | null;
  failed_stage: PipelineStage | null;
  received_at: Date;
  decoded_at: Date | null;
  transcribed_at: Date | null;
  scanned_at: Date | null;
  done_at: Date | null;
  failed_at: Date | null;
  updated_at: Date;
}

function toCall(r: CallRow): StoredCall {
  return {
    id: r.id,
    source: r.source,
    agency: r.agency,
    agentId: r.agent_id,
    agentName: r.agent_name,
    team: r.team,
    bank: r.bank,
    borrowerId: r.borrower_id,
    phone: r.phone,
    direction: r.direction,
    startedAt: formatWithOffset(r.started_at, r.utc_offset_minutes),
    utcOffsetMinutes: r.utc_offset_minutes,
    durationMs: r.duration_ms,
    connected: r.connected,
    firstContact: r.first_contact,
    language: r.language,
    channelLayout: r.channel_layout,
    metadata: r.metadata,
    audioSha256: r.audio_sha256,
    audioFormat: r.audio_format,
    audioBytes: r.audio_bytes,
    recording: r.recording,
    status: r.status,
    statusReason: r.status_reason,
    failedStage: r.failed_stage,
    receivedAt: r.received_at,
    decodedAt: r.decoded_at,
    transcribedAt: r.transcribed_at,
    scannedAt: r.scanned_at,
    doneAt: r.done_at,
    failedAt: r.failed_at,
    updatedAt: r.updated_at,
  };
}

/** The CallMeta the rule engine reads, rebuilt from a stored call (recording facts included). */
export function callMetaOf(call: StoredCall): CallMeta {
  const meta: CallMeta = {
    ...call.metadata,
    id: call.id,
    agentId: call.agentId,
    borrowerId: call.borrowerId,
    bank: call.bank,
    startedAt: call.startedAt,
    direction: call.direction,
    firstContact: call.firstContact,
    language: call.language,
  };
  if (call.agentName !== null) meta.agentName = call.agentName;
  if (call.agency !== null) meta.agency = call.agency;
  if (call.team !== null) meta.team = call.team;
  if (call.durationMs !== null) meta.durationMs = call.durationMs;
  if (call.connected !== null) meta.connected = call.connected;
  if (call.channelLayout !== null) meta.channelLayout = call.channelLayout;
  if (call.recording !== null) meta.recording = call.recording;
  return meta;
}

/** The timestamp column each status stamps when a call reaches it. */

/** What the sweeper knows of an unfinished call: enough to name the job that should carry it. */
export interface IdleCall {
  callId: string;
  status: Exclude<CallStatus, 'done' | 'failed'>;
  updatedAt: Date;
  /**
   * The rule pack hash of the call's newest scan, if it was ever scanned: a triage job's id carries
   * it (`triage.<call>.<pack>`), so without it that job could neither be found nor re-queued.
   */
  lastScanPack: string | null;
}

/** Where the next page starts: strictly after this (updated_at, id). */
export interface IdleCallsCursor {
  /** updated_at as PostgreSQL prints it: microseconds kept, which a JS Date would round away. */
  updatedAtText: string;
  callId: string;
}

export interface IdleCallsPage {
  calls: IdleCall[];
  /** null when this was the last page. */
  next: IdleCallsCursor | null;
}

/** What the scan reads of a call (CallsRepository.getForScan). */
export interface ScanRead {
  call: StoredCall;
  segments: Segment[] | null;
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

/** Calls: one SQL statement per method. */
export class CallsRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * Inserts the call unless its id or its audio sha256 is already stored; returns the new row,
   * or null when it was a duplicate (then `findDuplicate` says of what).
   */
  async insertIfNew(call: NewCall): Promise<StoredCall | null> {
    const m = call.meta;
    // A phone number that came inside the metadata moves to its column: metadata is shown widely.
    const { phone: metaPhone, ...metadata } = m as CallMeta & { phone?: unknown };
    const phone = call.phone ?? (typeof metaPhone === 'string' && metaPhone !== '' ? metaPhone : null);
    const { rows } = await this.q.query<CallRow>(
      `INSERT INTO calls (id, source, agency, agent_id, agent_name, team, bank, borrower_id, phone, direction,
         started_at, utc_offset_minutes, duration_ms, connected, first_contact, language, channel_layout, metadata,
         audio_sha256, audio_format, audio_bytes, recording)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
       ON CONFLICT DO NOTHING
       RETURNING *`,
      [
        m.id, call.source, m.agency ?? null, m.agentId, m.agentName ?? null, m.team ?? null, m.bank, m.borrowerId,
        phone, m.direction, m.startedAt, parseUtcOffsetMinutes(m.startedAt), m.durationMs ?? null,
        m.connected ?? null, m.firstContact, m.language, m.channelLayout ?? null, JSON.stringify(metadata),
        call.audioSha256 ?? null, call.audioFormat ?? null, call.audioBytes ?? null,
        m.recording ? JSON.stringify(m.recording) : null,
      ],
    );
    return rows[0] ? toCall(rows[0]) : null;
  }

  /** The stored call that an insert collided with: same id first, else same audio. */
  async findDuplicate(id: string, audioSha256: string | null | undefined): Promise<StoredCall | null> {
    const { rows } = await this.q.query<CallRow>(
      `SELECT * FROM calls WHERE id = $1 OR ($2::text IS NOT NULL AND audio_sha256 = $2)
       ORDER BY (id = $1) DESC LIMIT 1`,
      [id, audioSha256 ?? null],
    );
    return rows[0] ? toCall(rows[0]) : null;
  }

  async get(id: string): Promise<StoredCall | null> {
    const { rows } = await this.q.query<CallRow>('SELECT * FROM calls WHERE id = $1', [id]);
    return rows[0] ? toCall(rows[0]) : null;
  }

  async getMany(ids: string[]): Promise<StoredCall[]> {
    const { rows } = await this.q.query<CallRow>('SELECT * FROM calls WHERE id = ANY($1::text[]) ORDER BY started_at', [ids]);
    return rows.map(toCall);
  }

  async getByAudioSha256(sha256: string): Promise<StoredCall | null> {
    const { rows } = await this.q.query<CallRow>('SELECT * FROM calls WHERE audio_sha256 = $1', [sha256]);
    return rows[0] ? toCall(rows[0]) : null;
  }

  /**
   * Moves the call to `status`, stamping that status's time. `reason` is required for 'failed'
   * (the database refuses a failed call without one) and cleared otherwise unless given; the failed
   * stage is cleared (markFailed records it). Returns false when no such call exists.
   */
  async setStatus(callId: string, status: CallStatus, reason: string | null = null): Promise<boolean> {
    return this.writeStatus(callId, status, reason, null);
  }

  /** Marks the call failed in `stage`, with the reason (no personal data). False when no such call exists. */
  async markFailed(callId: string, stage: PipelineStage, reason: string): Promise<boolean> {
    return this.writeStatus(callId, 'failed', reason, stage);
  }

  private async writeStatus(callId: string, status: CallStatus, reason: string | null, failedStage: PipelineStage | null): Promise<boolean> {
    const column = STATUS_TIMESTAMP[status];
    const { rowCount } = await this.q.query(
      `UPDATE calls SET status = $2, status_reason = $3, failed_stage = $4, updated_at = now()${column ? `, ${column} = now()` : ''}
       WHERE id = $1`,
      [callId, status, reason, failedStage],
    );
    return rowCount === 1;
  }

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
    const { rows } = await this.q.query<CallRow & { latest_segments: Segment[] | null; history: HistoryJsonRow[] }>(
      `SELECT c.*, t.segments AS latest_segments, h.history FROM calls c
       LEFT JOIN LATERAL (
         SELECT segments FROM transcripts WHERE call_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1
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
      history: r.history.map(([id, borrowerId, startedAt, offset, durationMs, connected]) => ({
        callId: id, borrowerId, startedAt: formatWithOffset(new Date(startedAt), offset), durationMs, connected,
      })),
    }]));
    return callIds.map((id) => byId.get(id) ?? null);
  }

  /** What the decode stage learned; the recording rules read it. */
  async setRecordingFacts(callId: string, facts: RecordingFacts): Promise<boolean> {
    const { rowCount } = await this.q.query(
      'UPDATE calls SET recording = $2, updated_at = now() WHERE id = $1',
      [callId, JSON.stringify(facts)],
    );
    return rowCount === 1;
  }

  /** Oldest received first: the order a sweeper re-enqueues stranded calls in. */
  async listByStatus(status: CallStatus, limit = 100): Promise<StoredCall[]> {
    const { rows } = await this.q.query<CallRow>(
      'SELECT * FROM calls WHERE status = $1 ORDER BY received_at, id LIMIT $2',
      [status, limit],
    );
    return rows.map(toCall);
  }

  /**
   * Calls in one of `statuses` (the unfinished ones: src/pipeline/call-lifecycle.ts) whose status
   * has not moved since `before`, oldest first, one page after `after` (what the stalled-call
   * sweeper pages through: a process that died between storing a call and queueing its next stage,
   * or lost Redis data, leaves such calls). Only what names the job that should carry each call,
   * never personal data. The statuses are listed (not NOT IN) so the status index can serve them.
   */
  async listIdleUnfinished(statuses: readonly CallStatus[], before: Date, after: IdleCallsCursor | null, limit: number): Promise<IdleCallsPage> {
    const { rows } = await this.q.query<{ id: string; status: IdleCall['status']; updated_at: Date; updated_at_text: string; last_scan_pack: string | null }>(
      `SELECT c.id, c.status, c.updated_at, c.updated_at::text AS updated_at_text, s.version AS last_scan_pack
         FROM calls c
         LEFT JOIN LATERAL (
           SELECT version FROM stage_results WHERE call_id = c.id AND stage = 'scan' ORDER BY finished_at DESC LIMIT 1
         ) s ON true
        WHERE c.status = ANY($5::text[])
          AND c.updated_at < $1
          AND (c.updated_at, c.id) > ($2::timestamptz, $3::text)
        ORDER BY c.updated_at, c.id
        LIMIT $4`,
      [before, after?.updatedAtText ?? '-infinity', after?.callId ?? '', limit, statuses],
    );
    const last = rows.at(-1);
    return {
      calls: rows.map((r) => ({ callId: r.id, status: r.status, updatedAt: r.updated_at, lastScanPack: r.last_scan_pack })),
      next: last && rows.length === limit ? { updatedAtText: last.updated_at_text, callId: last.id } : null,
    };
  }

  /** Every status with its count, zeros included. */
  async countByStatus(): Promise<Record<CallStatus, number>> {
    const { rows } = await this.q.query<{ status: CallStatus; n: number }>(
      'SELECT status, count(*) AS n FROM calls GROUP BY status',
    );
    const counts = Object.fromEntries(CALL_STATUSES.map((s) => [s, 0])) as Record<CallStatus, number>;
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  async listFailed(limit = 1000): Promise<FailedCall[]> {
    const { rows } = await this.q.query<{ id: string; status_reason: string; failed_at: Date | null }>(
      `SELECT id, status_reason, failed_at FROM calls WHERE status = 'failed' ORDER BY failed_at DESC NULLS LAST, id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ callId: r.id, reason: r.status_reason, failedAt: r.failed_at }));
  }

  /**
   * The borrower's calls that started in [from, to), oldest first, for the hours / frequency
   * rules. With `bank`, only that bank's borrower (borrower ids are the bank's).
   */
  async historyOfBorrower(borrowerId: string, from: Date, to: Date, bank?: string): Promise<HistoryCall[]> {
    const { rows } = await this.q.query<Pick<CallRow, 'id' | 'borrower_id' | 'started_at' | 'utc_offset_minutes' | 'duration_ms' | 'connected'>>(
      `SELECT id, borrower_id, started_at, utc_offset_minutes, duration_ms, connected FROM calls
       WHERE borrower_id = $1 AND started_at >= $2 AND started_at < $3 AND ($4::text IS NULL OR bank = $4)
       ORDER BY started_at, id`,
      [borrowerId, from, to, bank ?? null],
    );
    return rows.map((r) => ({
      callId: r.id,
      borrowerId: r.borrower_id,
      startedAt: formatWithOffset(r.started_at, r.utc_offset_minutes),
      durationMs: r.duration_ms,
      connected: r.connected,
    }));
  }

  /** All calls of a borrower, newest first (the case page, complaint intake). */
  async listOfBorrower(bank: string, borrowerId: string, limit = 500): Promise<StoredCall[]> {
    const { rows } = await this.q.query<CallRow>(
      'SELECT * FROM calls WHERE bank = $1 AND borrower_id = $2 ORDER BY started_at DESC, id LIMIT $3',
      [bank, borrowerId, limit],
    );
    return rows.map(toCall);
  }
}
