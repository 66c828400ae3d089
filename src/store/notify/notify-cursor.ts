import type { Queryable } from '../db.ts';
import type { CaseEventKind } from '../../domain/case.ts';

/** SQL for the notifier's reading position in case_events (table `notify_cursors`, migration 115). */

export interface NotifyCursor {
  lastEventId: number;
  /** When missing ids were first met after lastEventId, and the highest id seen then. */
  gapSince: Date | null;
  gapUpTo: number | null;
}

/**
 * Locks the reader's row for the rest of the transaction, or answers undefined when another process
 * holds it: that process is reading the same events, and this one must not read them twice.
 */
export async function lockNotifyCursor(tx: Queryable, name: string): Promise<NotifyCursor | undefined> {
  await tx.query('INSERT INTO notify_cursors (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
  const { rows } = await tx.query<NotifyCursor>(
    `SELECT last_event_id AS "lastEventId", gap_since AS "gapSince", gap_upto AS "gapUpTo" FROM notify_cursors
      WHERE name = $1 FOR UPDATE SKIP LOCKED`,
    [name],
  );
  return rows[0];
}

export async function saveNotifyCursor(tx: Queryable, name: string, cursor: NotifyCursor): Promise<void> {
  await tx.query('UPDATE notify_cursors SET last_event_id = $2, gap_since = $3, gap_upto = $4 WHERE name = $1', [name, cursor.lastEventId, cursor.gapSince, cursor.gapUpTo]);
}

/** A case event with what the notifier needs to route it: the case's bank and assignee. */
export interface NotifiableEvent {
  id: number;
  caseId: number;
  at: Date;
  kind: CaseEventKind;
  body: Record<string, unknown>;
  bank: string;
  assignedTo: string | null;
}

export async function listCaseEventsAfter(q: Queryable, afterId: number, limit: number): Promise<NotifiableEvent[]> {
  const { rows } = await q.query<NotifiableEvent>(
    `SELECT e.id, e.case_id AS "caseId", e.at, e.kind, e.body, c.bank, c.assigned_to AS "assignedTo"
       FROM case_events e JOIN cases c ON c.id = e.case_id
      WHERE e.id > $1 ORDER BY e.id LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}

export async function getNotifiableEvent(q: Queryable, eventId: number): Promise<NotifiableEvent | undefined> {
  const { rows } = await q.query<NotifiableEvent>(
    `SELECT e.id, e.case_id AS "caseId", e.at, e.kind, e.body, c.bank, c.assigned_to AS "assignedTo"
       FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.id = $1`,
    [eventId],
  );
  return rows[0];
}
