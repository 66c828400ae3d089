import type { Db, Queryable } from './db.ts';
import { insertAuditEvent } from './review-app/audit-events.ts';

/**
 * The deployment's week time zone (schema 128): the one setting every week of the dashboards,
 * the scorecard and the QA sample follows. Kept in the database because the rollup triggers
 * compute weeks there, so every process reads the same value.
 */
export async function getWeekTimeZone(q: Queryable): Promise<string> {
  const { rows } = await q.query<{ zone: string }>('SELECT week_time_zone() AS zone');
  return rows[0]!.zone;
}

/**
 * Sets the zone and moves every rollup row to its week in it, in one transaction (a rebuild of the
 * rollups: minutes on millions of calls, during which the dashboards read the previous figures).
 * PostgreSQL refuses a zone it does not know, and nothing changes. The change is in the audit log
 * with who made it, in the same transaction: every week a report or a QA sample names moves with it.
 */
export async function setWeekTimeZone(db: Db, zone: string, actor: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getWeekTimeZone(tx);
    await tx.query('SELECT set_week_time_zone($1)', [zone]);
    await insertAuditEvent(tx, {
      actor, action: 'deployment.week_time_zone_set', entityType: 'deployment', entityId: 'week_time_zone',
      before: { zone: before }, after: { zone },
    });
  });
}
