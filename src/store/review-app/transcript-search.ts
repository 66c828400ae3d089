import type { Queryable } from '../db.ts';

/**
 * Transcript search across calls: a case-insensitive substring match on each call's newest
 * transcript (ILIKE works for Chinese, which has no spaces to tokenise on, and for English
 * phrases alike; it runs on the embedded database too). All words must occur in the call.
 */
export interface SearchFilter {
  banks: string[] | null;
  terms: string[];
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
  segments: { speaker: string; startMs: number; endMs: number; text: string }[];
}

export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchTranscripts(q: Queryable, f: SearchFilter): Promise<SearchHit[]> {
  const patterns = f.terms.map(likePattern);
  const { rows } = await q.query<SearchHit>(
    `SELECT c.id AS "callId", c.started_at AS "startedAtInstant", c.utc_offset_minutes AS "utcOffsetMinutes",
            c.agent_id AS "agentId", c.agent_name AS "agentName", c.team, c.bank, c.borrower_id AS "borrowerId",
            t.segments
       FROM calls c
       JOIN LATERAL (SELECT segments, text FROM transcripts WHERE call_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1) t ON true
      WHERE ($1::text[] IS NULL OR c.bank = ANY($1::text[]))
        AND t.text ILIKE ALL($2::text[])
        AND ($3::text IS NULL OR c.team = $3)
        AND ($4::text IS NULL OR c.agent_id = $4)
        AND ($5::text IS NULL OR c.bank = $5)
        AND ($6::timestamptz IS NULL OR c.started_at >= $6)
        AND ($7::timestamptz IS NULL OR c.started_at < $7)
      ORDER BY c.started_at DESC, c.id
      LIMIT $8`,
    [f.banks, patterns, f.team ?? null, f.agentId ?? null, f.bank ?? null, f.from ?? null, f.to ?? null, f.limit],
  );
  return rows;
}
