import type { Queryable } from '../db.ts';

/** SQL for the audit log (table `audit_events`, migration 100): insert and read, nothing else. */

export interface AuditEventInput {
  actor: string;
  actorRole?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

export interface AuditEvent extends AuditEventInput {
  id: number;
  at: Date;
}

export async function insertAuditEvent(q: Queryable, e: AuditEventInput): Promise<void> {
  await q.query(
    `INSERT INTO audit_events (actor, actor_role, action, entity_type, entity_id, before, after, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      e.actor, e.actorRole ?? null, e.action, e.entityType, e.entityId,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.ip ?? null,
    ],
  );
}

/** A numeric entity id as bigint, or NULL (ids of calls are text; of findings, cases, complaints numbers). */
const NUMERIC_ID = `CASE WHEN a.entity_id ~ '^[0-9]{1,18}$' THEN a.entity_id::bigint END`;

/**
 * The bank an event is about, looked up through its entity (so events written before this
 * existed are scoped too). Events about no bank (accounts, sign-ins, searches) have none.
 */
const ENTITY_BANK = `CASE a.entity_type
    WHEN 'call' THEN (SELECT c.bank FROM calls c WHERE c.id = a.entity_id)
    WHEN 'finding' THEN (SELECT c.bank FROM findings f JOIN calls c ON c.id = f.call_id WHERE f.id = ${NUMERIC_ID})
    WHEN 'case' THEN (SELECT k.bank FROM cases k WHERE k.id = ${NUMERIC_ID})
    WHEN 'complaint' THEN (SELECT p.bank FROM complaints p WHERE p.id = ${NUMERIC_ID})
  END`;

/**
 * Events newest first. `banks` is the reader's bank scope: null reads everything; a list reads only
 * events whose entity belongs to one of those banks (and no bank-less events).
 */
export async function listAuditEvents(
  q: Queryable,
  f: { entityType?: string; entityId?: string; actor?: string; limit: number; beforeId?: number; banks: string[] | null },
): Promise<AuditEvent[]> {
  const { rows } = await q.query<AuditEvent>(
    `SELECT id, at, actor, actor_role AS "actorRole", action, entity_type AS "entityType", entity_id AS "entityId",
            before, after, ip
       FROM audit_events a
      WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
        AND ($3::text IS NULL OR actor = $3) AND ($4::bigint IS NULL OR id < $4)
        AND ($6::text[] IS NULL OR (${ENTITY_BANK}) = ANY($6::text[]))
      ORDER BY id DESC LIMIT $5`,
    [f.entityType ?? null, f.entityId ?? null, f.actor ?? null, f.beforeId ?? null, f.limit, f.banks],
  );
  return rows;
}
