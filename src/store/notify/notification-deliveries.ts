import type { Queryable } from '../db.ts';

/**
 * SQL for the notification outbox and its log (tables `notification_deliveries` and
 * `notification_attempts`, migration 115). A delivery is claimed with a lease, so of several
 * notifier processes one sends it; a process that dies mid-send lets the lease run out and another
 * sends it again (at least once: receivers deduplicate by the delivery id).
 */

export type NotifyChannel = 'email' | 'webhook';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface NewDelivery {
  eventId: number;
  caseId: number;
  kind: string;
  channel: NotifyChannel;
  recipient: string;
}

export interface Delivery extends NewDelivery {
  id: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `id, event_id AS "eventId", case_id AS "caseId", kind, channel, recipient, status, attempts,
  next_attempt_at AS "nextAttemptAt", created_at AS "createdAt", finished_at AS "finishedAt"`;

/** Inserts the deliveries of one event; one already there (the same event, channel and recipient) is left alone. */
export async function insertDeliveries(tx: Queryable, rows: readonly NewDelivery[], now: Date): Promise<number> {
  let inserted = 0;
  for (const d of rows) {
    const { rowCount } = await tx.query(
      `INSERT INTO notification_deliveries (event_id, case_id, kind, channel, recipient, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (event_id, channel, recipient) DO NOTHING`,
      [d.eventId, d.caseId, d.kind, d.channel, d.recipient, now],
    );
    inserted += rowCount ?? 0;
  }
  return inserted;
}

/** Takes up to `limit` due deliveries no other process holds, holding them until `leaseUntil`. */
export async function claimDueDeliveries(q: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<Delivery[]> {
  const { rows } = await q.query<Delivery>(
    `UPDATE notification_deliveries SET lease_until = $2
      WHERE id IN (
        SELECT id FROM notification_deliveries
         WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [now, leaseUntil, limit],
  );
  return rows.sort((a, b) => a.id - b.id);
}

export interface AttemptOutcome {
  deliveryId: number;
  attempt: number;
  at: Date;
  status: 'delivered' | 'retry' | 'failed';
  responseCode: number | null;
  error: string | null;
  /** For 'retry': when to try again. */
  nextAttemptAt?: Date;
}

/** Logs one attempt and moves the delivery on (delivered, due again later, or given up), releasing its lease. */
export async function recordAttempt(tx: Queryable, o: AttemptOutcome): Promise<void> {
  await tx.query(
    `INSERT INTO notification_attempts (delivery_id, attempt, at, status, response_code, error) VALUES ($1, $2, $3, $4, $5, $6)`,
    [o.deliveryId, o.attempt, o.at, o.status, o.responseCode, o.error],
  );
  const status: DeliveryStatus = o.status === 'retry' ? 'pending' : o.status;
  await tx.query(
    `UPDATE notification_deliveries SET status = $2, attempts = $3, lease_until = NULL,
            next_attempt_at = COALESCE($4, next_attempt_at), finished_at = CASE WHEN $2 = 'pending' THEN NULL ELSE $5::timestamptz END
      WHERE id = $1`,
    [o.deliveryId, status, o.attempt, o.nextAttemptAt ?? null, o.at],
  );
}

export interface DeliveryLogEntry extends Delivery {
  lastResponseCode: number | null;
  lastError: string | null;
}

export interface DeliveryLogFilter {
  status?: DeliveryStatus;
  caseId?: number;
  limit: number;
}

/** Newest first, each delivery with its last attempt's answer: the admins' delivery log. */
export async function listDeliveryLog(q: Queryable, f: DeliveryLogFilter): Promise<DeliveryLogEntry[]> {
  const { rows } = await q.query<DeliveryLogEntry>(
    `SELECT ${COLUMNS}, a.response_code AS "lastResponseCode", a.error AS "lastError"
       FROM notification_deliveries d
       LEFT JOIN LATERAL (SELECT response_code, error FROM notification_attempts WHERE delivery_id = d.id ORDER BY id DESC LIMIT 1) a ON true
      WHERE ($1::text IS NULL OR d.status = $1) AND ($2::bigint IS NULL OR d.case_id = $2)
      ORDER BY d.id DESC LIMIT $3`,
    [f.status ?? null, f.caseId ?? null, f.limit],
  );
  return rows;
}

export interface AttemptRow {
  deliveryId: number;
  attempt: number;
  at: Date;
  status: 'delivered' | 'retry' | 'failed';
  responseCode: number | null;
  error: string | null;
}

export async function listAttempts(q: Queryable, deliveryIds: readonly number[]): Promise<AttemptRow[]> {
  const { rows } = await q.query<AttemptRow>(
    `SELECT delivery_id AS "deliveryId", attempt, at, status, response_code AS "responseCode", error
       FROM notification_attempts WHERE delivery_id = ANY($1::bigint[]) ORDER BY delivery_id, id`,
    [deliveryIds],
  );
  return rows;
}
