import { CALL_STATUSES, type CallStatus, type PipelineStage } from '../../domain/call-status.ts';
import type { CallSource, HistoryCall, StoredCall } from '../../domain/call.ts';
import type { CallMeta, RecordingFacts } from '../../domain/transcript.ts';
import type { Queryable } from '../db.ts';
import { toCall, type CallRow } from './call-row.ts';
import { STATUS_TIMESTAMP } from './stage-record-sql.ts';
import { formatWithOffset, parseUtcOffsetMinutes } from '../offset-time.ts';

export { CALL_STATUSES, type CallStatus };
export { callMetaOf, type CallSource, type HistoryCall, type StoredCall } from '../../domain/call.ts';

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

export interface FailedCall {
  callId: string;
  reason: string;
  failedAt: Date | null;
}


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

/** How many calls wait in one of the unfinished statuses, and since when the longest-waiting one has not moved. */
export interface UnfinishedSummary {
  calls: number;
  /** updated_at of the call unmoved the longest; null when none waits. */
  oldestSince: Date | null;
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

  /**
   * Unfinished calls and the oldest of their last moves: what `status` shows before the sweeper's
   * threshold counts any of them as stalled (an ingest killed after storing its calls leaves them
   * 'received' with no job, and an operator should see that at once, not ten minutes later).
   */
  async summarizeUnfinished(statuses: readonly CallStatus[]): Promise<UnfinishedSummary> {
    const { rows } = await this.q.query<{ n: number; oldest: Date | null }>(
      'SELECT count(*)::int AS n, min(updated_at) AS oldest FROM calls WHERE status = ANY($1::text[])',
      [statuses],
    );
    return { calls: rows[0]?.n ?? 0, oldestSince: rows[0]?.oldest ?? null };
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
