import type { Category } from '../../domain/category.ts';
import type { Finding } from '../../domain/finding.ts';
import type { FindingOrigin, Verdict } from '../../domain/finding-verdict.ts';
import type { Severity } from '../../domain/severity.ts';
import type { Queryable } from '../db.ts';

export type { Verdict } from '../../domain/finding-verdict.ts';

export interface StoredFinding extends Finding {
  id: number;
  packHash: string | null;
  createdAt: Date;
  /** 'manual': added by a reviewer (createdBy) as something the rules missed. */
  origin: FindingOrigin;
  createdBy: string | null;
  verdict: Verdict | null;
  verdictReason: string | null;
  verdictNote: string | null;
  verdictBy: string | null;
  verdictAt: Date | null;
}

interface FindingRow {
  id: number;
  call_id: string;
  rule_id: string;
  rule_version: string;
  pack_hash: string | null;
  category: Category;
  severity: Severity;
  speaker: Finding['speaker'];
  start_ms: number;
  end_ms: number;
  quote: string;
  matched: string[];
  source: string;
  title: string;
  segment_index: number | null;
  created_at: Date;
  origin: FindingOrigin;
  created_by: string | null;
  verdict: Verdict | null;
  verdict_reason: string | null;
  verdict_note: string | null;
  verdict_by: string | null;
  verdict_at: Date | null;
}

function toFinding(r: FindingRow): StoredFinding {
  const f: StoredFinding = {
    id: r.id,
    callId: r.call_id,
    ruleId: r.rule_id,
    ruleVersion: r.rule_version,
    packHash: r.pack_hash,
    title: r.title,
    category: r.category,
    severity: r.severity,
    speaker: r.speaker,
    startMs: r.start_ms,
    endMs: r.end_ms,
    quote: r.quote,
    matched: r.matched,
    source: r.source,
    createdAt: r.created_at,
    origin: r.origin,
    createdBy: r.created_by,
    verdict: r.verdict,
    verdictReason: r.verdict_reason,
    verdictNote: r.verdict_note,
    verdictBy: r.verdict_by,
    verdictAt: r.verdict_at,
  };
  if (r.segment_index !== null) f.segmentIndex = r.segment_index;
  return f;
}

/** The columns a finding is inserted with (the rest have defaults or belong to review). */
export const FINDING_COLUMNS = `call_id, rule_id, rule_version, pack_hash, category, severity, speaker, start_ms, end_ms,
  quote, matched, source, title, segment_index`;

/** A finding as one element of the JSON array a statement expands with `findingRecordset`. */
export function findingRecord(f: Finding, packHash: string | null) {
  return {
    call_id: f.callId,
    rule_id: f.ruleId,
    rule_version: f.ruleVersion,
    pack_hash: packHash,
    category: f.category,
    severity: f.severity,
    speaker: f.speaker,
    start_ms: Math.round(f.startMs),
    end_ms: Math.round(f.endMs),
    quote: f.quote,
    matched: f.matched,
    source: f.source,
    title: f.title,
    segment_index: f.segmentIndex ?? null,
  };
}

/**
 * The SQL that turns a parameter holding a JSON array of `findingRecord`s into rows: one
 * parameter for any number of findings, whatever the batch size.
 */
export function findingRecordset(param: string): string {
  return `jsonb_to_recordset(${param}::jsonb) AS f(call_id text, rule_id text, rule_version text, pack_hash text,
    category text, severity text, speaker text, start_ms integer, end_ms integer, quote text, matched text[],
    source text, title text, segment_index integer)`;
}

export interface RuleVerdictStats {
  ruleId: string;
  ruleVersion: string;
  confirmed: number;
  dismissed: number;
  unreviewed: number;
  /** Manual findings naming this rule: what it should have caught and did not. */
  missed: number;
}

/** A finding a reviewer adds: born confirmed by its author, at the time the caller's clock gives. */
export interface NewManualFinding extends Finding {
  createdBy: string;
  createdAt: Date;
}

export class FindingsRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * Stores a reviewer's finding (origin 'manual', confirmed by its author). Null when the same
   * rule already has a finding at the same place of the call (the unique key of findings).
   */
  async insertManual(f: NewManualFinding): Promise<StoredFinding | null> {
    const { rows } = await this.q.query<FindingRow>(
      `INSERT INTO findings (${FINDING_COLUMNS}, origin, created_by, created_at, verdict, verdict_by, verdict_at)
       SELECT ${FINDING_COLUMNS}, 'manual', $2, $3, 'confirmed', $2, $3 FROM ${findingRecordset('$1')}
       ON CONFLICT DO NOTHING
       RETURNING *`,
      [JSON.stringify([findingRecord(f, null)]), f.createdBy, f.createdAt],
    );
    return rows[0] ? toFinding(rows[0]) : null;
  }

  /**
   * Inserts the findings in one statement; those already stored (same call, rule, rule version,
   * segment, start) are left as they are, verdicts included. Returns the newly inserted rows.
   */
  async upsertMany(findings: Finding[], packHash: string | null = null): Promise<StoredFinding[]> {
    if (findings.length === 0) return [];
    const { rows: inserted } = await this.q.query<FindingRow>(
      `INSERT INTO findings (${FINDING_COLUMNS})
       SELECT ${FINDING_COLUMNS} FROM ${findingRecordset('$1')}
       ON CONFLICT DO NOTHING
       RETURNING *`,
      [JSON.stringify(findings.map((f) => findingRecord(f, packHash)))],
    );
    return inserted.map(toFinding);
  }

  /** In time order; the current rule versions' findings only (a re-scan supersedes the others, which stay stored). */
  async listByCall(callId: string): Promise<StoredFinding[]> {
    const { rows } = await this.q.query<FindingRow>(
      'SELECT * FROM findings WHERE call_id = $1 AND superseded_at IS NULL ORDER BY start_ms, id',
      [callId],
    );
    return rows.map(toFinding);
  }

  async listByCalls(callIds: string[]): Promise<StoredFinding[]> {
    const { rows } = await this.q.query<FindingRow>(
      'SELECT * FROM findings WHERE call_id = ANY($1::text[]) AND superseded_at IS NULL ORDER BY call_id, start_ms, id',
      [callIds],
    );
    return rows.map(toFinding);
  }

  async get(id: number): Promise<StoredFinding | null> {
    const { rows } = await this.q.query<FindingRow>('SELECT * FROM findings WHERE id = $1', [id]);
    return rows[0] ? toFinding(rows[0]) : null;
  }

  /** Records (or replaces) a reviewer's verdict; null when no such finding. */
  async setVerdict(
    id: number,
    v: { verdict: Verdict; reason?: string | null; note?: string | null; by: string; at?: Date },
  ): Promise<StoredFinding | null> {
    const { rows } = await this.q.query<FindingRow>(
      `UPDATE findings SET verdict = $2, verdict_reason = $3, verdict_note = $4, verdict_by = $5, verdict_at = $6
       WHERE id = $1 RETURNING *`,
      [id, v.verdict, v.reason ?? null, v.note ?? null, v.by, v.at ?? new Date()],
    );
    return rows[0] ? toFinding(rows[0]) : null;
  }

  /**
   * Confirmed / dismissed / unreviewed per rule version: the per-rule precision officers tune with.
   * Only the scanner's findings count as hits; reviewers' manual findings naming a rule are its misses.
   */
  async verdictStats(): Promise<RuleVerdictStats[]> {
    const { rows } = await this.q.query<{ rule_id: string; rule_version: string; confirmed: number; dismissed: number; unreviewed: number; missed: number }>(
      `SELECT rule_id, rule_version,
         count(*) FILTER (WHERE origin = 'rule' AND verdict = 'confirmed') AS confirmed,
         count(*) FILTER (WHERE origin = 'rule' AND verdict = 'dismissed') AS dismissed,
         count(*) FILTER (WHERE origin = 'rule' AND verdict IS NULL) AS unreviewed,
         count(*) FILTER (WHERE origin = 'manual') AS missed
       FROM findings GROUP BY rule_id, rule_version ORDER BY rule_id, rule_version`,
    );
    return rows.map((r) => ({ ruleId: r.rule_id, ruleVersion: r.rule_version, confirmed: r.confirmed, dismissed: r.dismissed, unreviewed: r.unreviewed, missed: r.missed }));
  }
}
