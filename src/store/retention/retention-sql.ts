import type { Queryable } from '../db.ts';

/**
 * SQL of the retention purge and its report (migrations 145, 146; 148 for what a deleted call costs the dashboard rollups). Which call data is due is one
 * SQL expression per kind, built from the cutoffs the caller computed (src/domain/retention-policy.ts):
 * the bank's cutoff (or the default), made earlier by the legal floor of the call's jurisdiction
 * (by its language) unless the bank was allowed below it. LEAST ignores NULL: no floor, no limit.
 *
 * Never due, whatever the dates: a call that belongs to a case (it is kept with the case, and a
 * case under legal hold is never purged), a case's follow-up call, and a call still in the pipeline.
 */
export type CallKind = 'audio' | 'transcript' | 'findings';

export interface CallCutoffs {
  banks: { bank: string; audio: Date; transcript: Date; findings: Date; noLegalFloor: boolean }[];
  default: Record<CallKind, Date>;
  floors: { CN: Partial<Record<CallKind, Date>>; US: Partial<Record<CallKind, Date>> };
}

const KINDS: readonly CallKind[] = ['audio', 'transcript', 'findings'];

/** Parameters $1…$10 of every call query below, in this order. */
function cutoffParams(c: CallCutoffs): unknown[] {
  return [
    JSON.stringify(c.banks.map((b) => ({ bank: b.bank, audio: b.audio, transcript: b.transcript, findings: b.findings, no_floor: b.noLegalFloor }))),
    ...KINDS.map((k) => c.default[k]),
    ...KINDS.map((k) => c.floors.CN[k] ?? null),
    ...KINDS.map((k) => c.floors.US[k] ?? null),
  ];
}

const BANKS_CTE = `bank_cutoffs AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS b(bank text, audio timestamptz, transcript timestamptz, findings timestamptz, no_floor boolean))`;

function dueExpr(kind: CallKind): string {
  const i = KINDS.indexOf(kind);
  const def = `$${2 + i}::timestamptz`;
  const cn = `$${5 + i}::timestamptz`;
  const us = `$${8 + i}::timestamptz`;
  const floor = `CASE WHEN coalesce(b.no_floor, false) THEN NULL WHEN c.language ~* '^zh' THEN ${cn} WHEN c.language ~* '^en(-US)?$' THEN ${us} END`;
  return `(c.started_at < LEAST(coalesce(b.${kind}, ${def}), ${floor}))`;
}

/** Calls that retention may touch at all (see the file comment). */
const PURGEABLE = `c.status IN ('done', 'failed')
     AND NOT EXISTS (SELECT 1 FROM case_calls cc WHERE cc.call_id = c.id)
     AND c.id NOT IN (SELECT k.follow_up_call_id FROM cases k WHERE k.follow_up_call_id IS NOT NULL)`;

export interface DueCall {
  id: string;
  startedAt: Date;
  audioSha256: string | null;
  audioDue: boolean;
  transcriptDue: boolean;
  findingsDue: boolean;
  audioPurged: boolean;
  transcriptPurged: boolean;
  findingsPurged: boolean;
}

/**
 * The next page of calls that might have something due, in (started_at, id) order after the keyset
 * cursor: only what the partial index calls_retention_idx answers (started before the latest
 * cutoff, some kind not yet purged), so a page costs the same at the start of 100,000 expired calls
 * as at their end. Which of them are due, and may be touched, `lockDueCalls` decides.
 */
export async function scanRetentionPage(
  q: Queryable,
  before: Date,
  after: { startedAt: Date; id: string } | null,
  limit: number,
): Promise<{ id: string; startedAt: Date }[]> {
  const { rows } = await q.query<{ id: string; startedAt: Date }>(
    `SELECT c.id, c.started_at AS "startedAt" FROM calls c
      WHERE c.started_at < $1::timestamptz
        AND ($2::timestamptz IS NULL OR (c.started_at, c.id) > ($2::timestamptz, $3::text))
        AND (c.audio_purged_at IS NULL OR c.transcript_purged_at IS NULL OR c.findings_purged_at IS NULL)
      ORDER BY c.started_at, c.id
      LIMIT $4`,
    [before, after?.startedAt ?? null, after?.id ?? null, limit],
  );
  return rows;
}

/** The latest cutoff of any kind and bank: nothing started after it can be due. */
export function latestCallCutoff(cutoffs: CallCutoffs): Date {
  return [...KINDS.map((k) => cutoffs.default[k]), ...cutoffs.banks.flatMap((b) => KINDS.map((k) => b[k]))]
    .reduce((a, b) => (b > a ? b : a));
}

/**
 * Of a scanned page, the calls with something due that retention may touch, locked for this
 * transaction; rows another purge holds are skipped (it is purging them), so concurrent purges
 * share the work instead of waiting on each other or doing it twice.
 */
export async function lockDueCalls(q: Queryable, cutoffs: CallCutoffs, ids: readonly string[]): Promise<DueCall[]> {
  if (ids.length === 0) return [];
  const { rows } = await q.query<DueCall>(
    `WITH ${BANKS_CTE}
     SELECT c.id, c.started_at AS "startedAt", c.audio_sha256 AS "audioSha256",
            ${dueExpr('audio')} AS "audioDue", ${dueExpr('transcript')} AS "transcriptDue", ${dueExpr('findings')} AS "findingsDue",
            c.audio_purged_at IS NOT NULL AS "audioPurged", c.transcript_purged_at IS NOT NULL AS "transcriptPurged",
            c.findings_purged_at IS NOT NULL AS "findingsPurged"
       FROM calls c LEFT JOIN bank_cutoffs b ON b.bank = c.bank
      WHERE c.id = ANY($11::text[])
        AND ((${dueExpr('audio')} AND c.audio_purged_at IS NULL) OR (${dueExpr('transcript')} AND c.transcript_purged_at IS NULL)
             OR (${dueExpr('findings')} AND c.findings_purged_at IS NULL))
        AND ${PURGEABLE}
      ORDER BY c.started_at, c.id
      FOR UPDATE OF c SKIP LOCKED`,
    [...cutoffParams(cutoffs), ids],
  );
  return rows;
}

/** Of these recordings, those still needed by a call outside `purging` whose audio is not purged. */
export async function audioStillNeeded(q: Queryable, shas: readonly string[], purging: readonly string[]): Promise<Set<string>> {
  if (shas.length === 0) return new Set();
  const { rows } = await q.query<{ sha: string }>(
    `SELECT DISTINCT audio_sha256 AS sha FROM calls
      WHERE audio_sha256 = ANY($1::text[]) AND audio_purged_at IS NULL AND NOT (id = ANY($2::text[]))`,
    [shas, purging],
  );
  return new Set(rows.map((r) => r.sha));
}

/**
 * Deletes whole calls; their stage results and the rest go with them (ON DELETE CASCADE). Findings
 * and transcripts are deleted first, one statement each for the whole batch: the dashboard rollups
 * take them away once per statement (migration 148), where a call deleted with its findings still in
 * place has them deleted one call at a time by the rollups' row trigger.
 */
export async function deleteCalls(q: Queryable, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await q.query('DELETE FROM findings WHERE call_id = ANY($1::text[])', [ids]);
  await q.query('DELETE FROM transcripts WHERE call_id = ANY($1::text[])', [ids]);
  const { rowCount } = await q.query('DELETE FROM calls WHERE id = ANY($1::text[])', [ids]);
  return rowCount ?? 0;
}

export async function markAudioPurged(q: Queryable, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length) await q.query('UPDATE calls SET audio_purged_at = $2, updated_at = $2 WHERE id = ANY($1::text[])', [ids, at]);
}

/** Deletes the calls' transcripts; returns how many. */
export async function deleteTranscripts(q: Queryable, callIds: readonly string[], at: Date): Promise<number> {
  if (callIds.length === 0) return 0;
  const { rowCount } = await q.query('DELETE FROM transcripts WHERE call_id = ANY($1::text[])', [callIds]);
  await q.query('UPDATE calls SET transcript_purged_at = $2, updated_at = $2 WHERE id = ANY($1::text[])', [callIds, at]);
  return rowCount ?? 0;
}

export interface TranscriptText {
  id: number;
  segments: { text?: unknown; words?: unknown }[];
  text: string;
}

export async function readTranscriptTexts(q: Queryable, callIds: readonly string[]): Promise<TranscriptText[]> {
  if (callIds.length === 0) return [];
  const { rows } = await q.query<TranscriptText>('SELECT id, segments, text FROM transcripts WHERE call_id = ANY($1::text[]) ORDER BY id', [callIds]);
  return rows;
}

/** Writes masked transcripts back and drops the calls' phone numbers. */
export async function replaceWithMasked(q: Queryable, callIds: readonly string[], masked: readonly TranscriptText[], at: Date): Promise<void> {
  if (masked.length) {
    await q.query(
      `UPDATE transcripts t SET segments = m.segments, text = m.text
         FROM jsonb_to_recordset($1::jsonb) AS m(id bigint, segments jsonb, text text) WHERE t.id = m.id`,
      [JSON.stringify(masked)],
    );
  }
  await q.query('UPDATE calls SET transcript_purged_at = $2, phone = NULL, updated_at = $2 WHERE id = ANY($1::text[])', [callIds, at]);
}

export async function deleteFindings(q: Queryable, callIds: readonly string[], at: Date): Promise<number> {
  if (callIds.length === 0) return 0;
  const { rowCount } = await q.query('DELETE FROM findings WHERE call_id = ANY($1::text[])', [callIds]);
  await q.query('UPDATE calls SET findings_purged_at = $2, updated_at = $2 WHERE id = ANY($1::text[])', [callIds, at]);
  return rowCount ?? 0;
}

/**
 * Closed cases whose period is over and that no hold keeps: no unreleased hold, and no complaint
 * without a hold row at all (a complaint recorded some way the trigger did not see is still held).
 */
const CASE_DUE = `k.closed_at IS NOT NULL AND k.status IN ('dismissed', 'closed')
     AND k.closed_at < coalesce((SELECT (e->>'cases')::timestamptz FROM jsonb_array_elements($1::jsonb) e WHERE e->>'bank' = k.bank), $2::timestamptz)
     AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = k.id AND h.released_at IS NULL)
     AND NOT EXISTS (SELECT 1 FROM complaints p WHERE p.case_id = k.id
                      AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = k.id AND h.origin = 'complaint'))`;

export interface CaseCutoffs {
  banks: { bank: string; cases: Date }[];
  default: Date;
}

export async function lockDueCases(q: Queryable, cutoffs: CaseCutoffs, afterId: number, limit: number): Promise<number[]> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT k.id FROM cases k WHERE k.id > $3 AND ${CASE_DUE} ORDER BY k.id LIMIT $4 FOR UPDATE OF k SKIP LOCKED`,
    [JSON.stringify(cutoffs.banks), cutoffs.default, afterId, limit],
  );
  return rows.map((r) => r.id);
}

/** A case and everything that is only about it; its calls are then free for the call purge. */
export async function deleteCases(q: Queryable, ids: readonly number[]): Promise<{ cases: number; events: number; complaints: number }> {
  if (ids.length === 0) return { cases: 0, events: 0, complaints: 0 };
  // What refers to the case or its events goes first: the notifications sent about it (their log
  // included) and its contact records (what was told to whom: personal data, due with the case).
  await q.query(
    'DELETE FROM notification_attempts WHERE delivery_id IN (SELECT id FROM notification_deliveries WHERE case_id = ANY($1::bigint[]))',
    [ids],
  );
  await q.query('DELETE FROM notification_deliveries WHERE case_id = ANY($1::bigint[])', [ids]);
  await q.query('DELETE FROM contact_records WHERE case_id = ANY($1::bigint[])', [ids]);
  const { rows } = await q.query<{ n: number }>('SELECT retention_delete_case_events($1::bigint[]) AS n', [ids]);
  await q.query('DELETE FROM case_calls WHERE case_id = ANY($1::bigint[])', [ids]);
  const complaints = await q.query('DELETE FROM complaints WHERE case_id = ANY($1::bigint[])', [ids]);
  await q.query('DELETE FROM bank_report_drafts WHERE case_id = ANY($1::bigint[])', [ids]);
  await q.query('DELETE FROM legal_holds WHERE case_id = ANY($1::bigint[])', [ids]);
  const cases = await q.query('DELETE FROM cases WHERE id = ANY($1::bigint[])', [ids]);
  return { cases: cases.rowCount ?? 0, events: rows[0]!.n, complaints: complaints.rowCount ?? 0 };
}

/** One step of the audit log's purge (migration 146): its oldest due rows, up to `maxRows`. */
export async function purgeAuditPrefix(q: Queryable, cutoff: Date, maxRows: number, actor: string): Promise<{ purged: number; throughSeq: number | null }> {
  const { rows } = await q.query<{ purged: number; through_seq: number | null }>(
    'SELECT purged, through_seq FROM retention_purge_audit($1, $2, $3)',
    [cutoff, maxRows, actor],
  );
  return { purged: rows[0]?.purged ?? 0, throughSeq: rows[0]?.through_seq ?? null };
}

export async function startRetentionRun(q: Queryable, at: Date, holder: string): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    'INSERT INTO retention_runs (started_at, holder) VALUES ($1, $2) RETURNING id',
    [at, holder],
  );
  return rows[0]!.id;
}

export async function finishRetentionRun(q: Queryable, id: number, at: Date, counts: object, error: string | null): Promise<void> {
  await q.query('UPDATE retention_runs SET finished_at = $2, counts = $3, error = $4 WHERE id = $1', [id, at, JSON.stringify(counts), error]);
}

/**
 * The daily job's claim: a run row, unless a run started within `periodMs` before `at` (any process,
 * any machine) and did not fail (a failed run is tried again at the next check). Under a transaction-scoped advisory lock, so of several workers ticking at once one
 * claims the day; the others find its row. Null when the day is taken.
 */
export async function claimPeriodicRun(q: Queryable, at: Date, periodMs: number, holder: string): Promise<number | null> {
  await q.query('SELECT pg_advisory_xact_lock(7310245145)');
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO retention_runs (started_at, holder)
     SELECT $1, $2 WHERE NOT EXISTS (
       SELECT 1 FROM retention_runs WHERE error IS NULL AND started_at > $1::timestamptz - make_interval(secs => $3::double precision / 1000))
     RETURNING id`,
    [at, holder, periodMs],
  );
  return rows[0]?.id ?? null;
}

export interface DueCount {
  bank: string;
  kind: CallKind | 'cases';
  due: number;
  /** The earliest start (calls) or close (cases) among the counted rows. */
  oldest: Date | null;
}

/** How many calls per bank and kind are due under these cutoffs (the report; no lock, no write). */
export async function countDueCalls(q: Queryable, cutoffs: CallCutoffs): Promise<DueCount[]> {
  const { rows } = await q.query<{ bank: string; audio: number; transcript: number; findings: number; oldest: Date | null }>(
    `WITH ${BANKS_CTE}
     SELECT c.bank,
            count(*) FILTER (WHERE ${dueExpr('audio')} AND c.audio_purged_at IS NULL AND c.audio_sha256 IS NOT NULL)::int AS audio,
            count(*) FILTER (WHERE ${dueExpr('transcript')} AND c.transcript_purged_at IS NULL)::int AS transcript,
            count(*) FILTER (WHERE ${dueExpr('findings')} AND c.findings_purged_at IS NULL)::int AS findings,
            min(c.started_at) FILTER (WHERE ${dueExpr('audio')} OR ${dueExpr('transcript')} OR ${dueExpr('findings')}) AS oldest
       FROM calls c LEFT JOIN bank_cutoffs b ON b.bank = c.bank
      WHERE (c.audio_purged_at IS NULL OR c.transcript_purged_at IS NULL OR c.findings_purged_at IS NULL) AND ${PURGEABLE}
      GROUP BY c.bank ORDER BY c.bank`,
    cutoffParams(cutoffs),
  );
  return rows.flatMap((r) => KINDS.map((kind) => ({ bank: r.bank, kind, due: r[kind], oldest: r.oldest })));
}

export async function countDueCases(q: Queryable, cutoffs: CaseCutoffs): Promise<DueCount[]> {
  const { rows } = await q.query<{ bank: string; due: number; oldest: Date | null }>(
    `SELECT k.bank, count(*)::int AS due, min(k.closed_at) AS oldest FROM cases k WHERE ${CASE_DUE} GROUP BY k.bank ORDER BY k.bank`,
    [JSON.stringify(cutoffs.banks), cutoffs.default],
  );
  return rows.map((r) => ({ bank: r.bank, kind: 'cases', due: r.due, oldest: r.oldest }));
}

export async function countDueAudit(q: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE at < $1', [cutoff]);
  return rows[0]!.n;
}
