import type { Queryable } from '../db.ts';

/**
 * The audit log's hash chain as stored (migration 104), read page by page in chain order for
 * `callguard audit verify`. Every field comes back as the exact text the chain's hash was computed
 * over (timestamps in UTC with microseconds, jsonb in its canonical text form), so the verifier
 * recomputes the hashes itself instead of trusting a function inside the database.
 */
export interface AuditChainRow {
  id: string;
  seq: string;
  prevHash: string | null;
  hash: string;
  at: string;
  actor: string;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: string | null;
  after: string | null;
  ip: string | null;
}

export async function readAuditChainPage(q: Queryable, afterSeq: bigint, limit: number): Promise<AuditChainRow[]> {
  const { rows } = await q.query<AuditChainRow>(
    `SELECT id::text AS id, seq::text AS seq, prev_hash AS "prevHash", hash,
            to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
            actor, actor_role AS "actorRole", action, entity_type AS "entityType", entity_id AS "entityId",
            before::text AS before, after::text AS after, ip
       FROM audit_events a WHERE a.seq > $1::bigint ORDER BY a.seq LIMIT $2`,
    [afterSeq.toString(), limit],
  );
  return rows;
}

/**
 * Where the chain starts after a retention purge removed its oldest rows (migration 146): the seq
 * and hash of the last removed row, or undefined when nothing was ever purged.
 */
export async function latestAuditCheckpoint(q: Queryable): Promise<{ seq: string; hash: string } | undefined> {
  const { rows } = await q.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM audit_chain_checkpoints ORDER BY seq DESC LIMIT 1',
  );
  return rows[0];
}
