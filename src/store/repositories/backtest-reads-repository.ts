import type { Finding } from '../../domain/finding.ts';
import type { StoredCall } from '../../domain/call.ts';
import type { Segment } from '../../domain/transcript.ts';
import type { Queryable } from '../db.ts';
import { formatWithOffset } from '../offset-time.ts';
import { toCall, type CallRow } from './call-row.ts';

/** Which stored calls a backtest reads: started in [since, until), of a bank, of a language. */
export interface BacktestScope {
  since?: Date | null;
  until?: Date | null;
  bank?: string | null;
  language?: string | null;
  /** The banks whose calls the person asking may see (null = all). */
  banks?: readonly string[] | null;
}

export interface BacktestReviewedRow {
  ruleId: string;
  startMs: number;
  endMs: number;
  verdict: 'confirmed' | 'dismissed';
}

/** One stored call as a backtest needs it: the call, its newest transcript, history and what was said of it. */
export interface BacktestCallRead {
  call: StoredCall;
  segments: Segment[];
  history: Array<{ callId: string; borrowerId: string; startedAt: string; durationMs: number | null; connected: boolean | null }>;
  /** The findings of the call's newest scan (its version's pack), when asked for: the "published" side without an active pack. */
  lastScanFindings: Finding[];
  /**
   * Rule findings a reviewer confirmed or dismissed, of every version (a borrower signal's 'noted' /
   * 'acted_on' says nothing about the rule being right, so it is not evidence here).
   */
  reviewed: BacktestReviewedRow[];
  /** Violations reviewers found that no rule raised (manual findings): the rule they named, and the span. */
  missed: Array<{ ruleId: string; startMs: number; endMs: number }>;
  /** A reviewer listened to the call as a QA sample and found it clean. */
  sampledClean: boolean;
}

type HistoryJsonRow = [id: string, borrowerId: string, startedAt: string, utcOffsetMinutes: number, durationMs: number | null, connected: boolean | null];
type FindingJsonRow = [ruleId: string, ruleVersion: string, title: string, category: Finding['category'], severity: Finding['severity'],
  speaker: Finding['speaker'], startMs: number, endMs: number, quote: string, matched: string[], source: string, segmentIndex: number | null];

/**
 * The reads of a backtest: stored calls with a transcript, a page at a time in call-id order (keyset:
 * each page starts after the last id of the one before, so a backtest over a million calls holds one
 * page, and rows added meanwhile do not shift the pages).
 */
export class BacktestReadsRepository {
  constructor(private readonly q: Queryable) {}

  async countCalls(scope: BacktestScope): Promise<number> {
    const { rows } = await this.q.query<{ n: string }>(
      `SELECT count(*) AS n FROM calls c
       WHERE ${SCOPE_SQL} AND EXISTS (SELECT 1 FROM transcripts t WHERE t.call_id = c.id)`,
      scopeParams(scope),
    );
    return Number(rows[0]!.n);
  }

  /**
   * Up to `limit` calls after `afterId`. `lookbackMs` > 0 adds the borrower's calls at the same bank
   * in that long before each call (the frequency rules' history); `withLastScan` adds the findings
   * of each call's newest scan; `excludeRules` are left out of both finding lists.
   */
  async page(
    scope: BacktestScope,
    opts: { afterId: string | null; limit: number; lookbackMs: number; withLastScan: boolean; excludeRules: readonly string[] },
  ): Promise<BacktestCallRead[]> {
    const { rows } = await this.q.query<CallRow & {
      segments: Segment[]; history: HistoryJsonRow[]; last_scan: FindingJsonRow[]; reviewed: BacktestReviewedRow[];
      missed: BacktestCallRead['missed']; sampled_clean: boolean;
    }>(
      `SELECT c.*, t.segments, h.history, ls.last_scan, rv.reviewed, ms.missed,
         EXISTS (SELECT 1 FROM qa_samples q WHERE q.call_id = c.id AND q.outcome = 'clean') AS sampled_clean
       FROM calls c
       JOIN LATERAL (
         SELECT segments FROM transcripts WHERE call_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1
       ) t ON true
       CROSS JOIN LATERAL (
         SELECT COALESCE(jsonb_agg(jsonb_build_array(o.id, o.borrower_id, o.started_at, o.utc_offset_minutes, o.duration_ms, o.connected)
           ORDER BY o.started_at, o.id), '[]') AS history
         FROM calls o
         WHERE $8::bigint > 0 AND o.borrower_id = c.borrower_id AND o.bank = c.bank
           AND o.started_at >= c.started_at - make_interval(secs => $8::bigint / 1000.0) AND o.started_at <= c.started_at
       ) h
       CROSS JOIN LATERAL (
         SELECT COALESCE(jsonb_agg(jsonb_build_array(f.rule_id, f.rule_version, f.title, f.category, f.severity, f.speaker,
           f.start_ms, f.end_ms, f.quote, f.matched, f.source, f.segment_index) ORDER BY f.id), '[]') AS last_scan
         FROM findings f
         WHERE $9::boolean AND f.call_id = c.id AND f.origin = 'rule' AND NOT (f.rule_id = ANY($10::text[]))
           AND f.pack_hash = (SELECT version FROM stage_results s WHERE s.call_id = c.id AND s.stage = 'scan'
                              ORDER BY s.finished_at DESC LIMIT 1)
       ) ls
       CROSS JOIN LATERAL (
         SELECT COALESCE(jsonb_agg(jsonb_build_object('ruleId', f.rule_id, 'startMs', f.start_ms, 'endMs', f.end_ms, 'verdict', f.verdict)
           ORDER BY f.id), '[]') AS reviewed
         FROM findings f
         WHERE f.call_id = c.id AND f.origin = 'rule' AND f.verdict IN ('confirmed', 'dismissed') AND NOT (f.rule_id = ANY($10::text[]))
       ) rv
       CROSS JOIN LATERAL (
         SELECT COALESCE(jsonb_agg(jsonb_build_object('ruleId', f.rule_id, 'startMs', f.start_ms, 'endMs', f.end_ms) ORDER BY f.id), '[]') AS missed
         FROM findings f
         WHERE f.call_id = c.id AND f.origin = 'manual'
       ) ms
       WHERE ${SCOPE_SQL} AND ($6::text IS NULL OR c.id > $6)
       ORDER BY c.id
       LIMIT $7`,
      [...scopeParams(scope), opts.afterId, opts.limit, opts.lookbackMs, opts.withLastScan, opts.excludeRules],
    );
    return rows.map((r) => {
      const call = toCall(r);
      return {
        call,
        segments: r.segments,
        history: r.history.map(([id, borrowerId, startedAt, offset, durationMs, connected]) => ({
          callId: id, borrowerId, startedAt: formatWithOffset(new Date(startedAt), offset), durationMs, connected,
        })),
        lastScanFindings: r.last_scan.map(([ruleId, ruleVersion, title, category, severity, speaker, startMs, endMs, quote, matched, source, segmentIndex]) => ({
          callId: call.id, ruleId, ruleVersion, title, category, severity, speaker, startMs, endMs, quote, matched, source,
          ...(segmentIndex !== null ? { segmentIndex } : {}),
        })),
        reviewed: r.reviewed,
        missed: r.missed,
        sampledClean: r.sampled_clean,
      };
    });
  }
}

/** $1–$5: the scope. */
const SCOPE_SQL = `($1::timestamptz IS NULL OR c.started_at >= $1) AND ($2::timestamptz IS NULL OR c.started_at < $2)
  AND ($3::text IS NULL OR c.bank = $3) AND ($4::text IS NULL OR c.language = $4) AND ($5::text[] IS NULL OR c.bank = ANY($5))`;

const scopeParams = (s: BacktestScope) => [s.since ?? null, s.until ?? null, s.bank ?? null, s.language ?? null, s.banks ?? null];
