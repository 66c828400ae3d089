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

export async function listAuditEvents(
  q: Queryable,
  f: { entityType?: string; entityId?: string; actor?: string; limit: number; beforeId?: number },
): Promise<AuditEvent[]> {
  const { rows } = await q.query<AuditEvent>(
    `SELECT id, at, actor, actor_role AS "actorRole", action, entity_type AS "entityType", entity_id AS "entityId",
            before, after, ip
       FROM audit_events
      WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
        AND ($3::text IS NULL OR actor = $3) AND ($4::bigint IS NULL OR id < $4)
      ORDER BY id DESC LIMIT $5`,
    [f.entityType ?? null, f.entityId ?? null, f.actor ?? null, f.beforeId ?? null, f.limit],
  );
  return rows;
}
