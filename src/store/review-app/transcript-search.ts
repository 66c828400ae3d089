import type { Queryable } from '../db.ts';

/**
 * Transcript search across calls: a case-insensitive substring match on each call's newest
 * transcript (ILIKE works for Chinese, which has no spaces to tokenise on, and for English
 * phrases alike; it runs on the embedded database too).
 *
 * Each term comes with its spellings (`variants`: as typed, normalised, in traditional forms) and
 * must occur in one of them; a call must hold every term. `exclude` keeps only calls that hold none
 * of its spellings. With `speaker`, only that speaker's lines are searched. The caller checks the
 * candidates again on normalised text (the scanner's normaliser), which ILIKE cannot do.
 */
export interface SearchFilter {
  banks: string[] | null;
  /** One list of spellings per term. */
  terms: string[][];
  /** Spellings of a phrase the call must not contain. */
  exclude?: string[];
  speaker?: string;
  firstContact?: boolean;
  language?: string;
  team?: string;
  agentId?: string;
  bank?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

export interface SearchHit {
  callId: string;
  startedAtInstant: Date;
  utcOffsetMinutes: number;
  agentId: string;
  agentName: string | null;
  team: string | null;
  bank: string;
  borrowerId: string;
  firstContact: boolean;
  segments: { speaker: string; startMs: number; endMs: number; text: string }[];
}

export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchTranscripts(q: Queryable, f: SearchFilter): Promise<SearchHit[]> {
  // Terms as one flat array of patterns plus, per pattern, the term it spells (1-based).
  const patterns: string[] = [];
  const termOf: number[] = [];
  f.terms.forEach((spellings, i) => {
    for (const s of spellings) {
      patterns.push(likePattern(s));
      termOf.push(i + 1);
    }
  });
  const { rows } = await q.query<SearchHit>(
    `SELECT c.id AS "callId", c.started_at AS "startedAtInstant", c.utc_offset_minutes AS "utcOffsetMinutes",
            c.agent_id AS "agentId", c.agent_name AS "agentName", c.team, c.bank, c.borrower_id AS "borrowerId",
            c.first_contact AS "firstContact", t.segments
       FROM calls c
       JOIN LATERAL (SELECT segments, text FROM transcripts WHERE call_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1) t ON true
       CROSS JOIN LATERAL (
         SELECT CASE WHEN $9::text IS NULL THEN t.text
                     ELSE (SELECT coalesce(string_agg(s ->> 'text', E'\\n'), '') FROM jsonb_array_elements(t.segments) s WHERE s ->> 'speaker' = $9)
                END AS searched
       ) x
      WHERE ($1::text[] IS NULL OR c.bank = ANY($1::text[]))
        AND ($3::text IS NULL OR c.team = $3)
        AND ($4::text IS NULL OR c.agent_id = $4)
        AND ($5::text IS NULL OR c.bank = $5)
        AND ($6::timestamptz IS NULL OR c.started_at >= $6)
        AND ($7::timestamptz IS NULL OR c.started_at < $7)
        AND ($10::boolean IS NULL OR c.first_contact = $10)
        AND ($11::text IS NULL OR c.language = $11)
        -- every term: some spelling of it occurs
        AND (SELECT count(DISTINCT p.term) FROM unnest($2::text[], $13::int[]) AS p(pattern, term) WHERE x.searched ILIKE p.pattern)
            = $14
        AND NOT (x.searched ILIKE ANY($12::text[]))
      ORDER BY c.started_at DESC, c.id
      LIMIT $8`,
    [
      f.banks, patterns, f.team ?? null, f.agentId ?? null, f.bank ?? null, f.from ?? null, f.to ?? null, f.limit,
      f.speaker ?? null, f.firstContact ?? null, f.language ?? null, (f.exclude ?? []).map(likePattern), termOf, f.terms.length,
    ],
  );
  return rows;
}
