import type { Queryable } from '../db.ts';

/** SQL for sign-in attempts (table `login_attempts`, migration 100). */

export async function recordLoginAttempt(q: Queryable, a: { username: string; ip: string; success: boolean }): Promise<void> {
  await q.query('INSERT INTO login_attempts (username, ip, success) VALUES ($1, $2, $3)', [a.username, a.ip, a.success]);
}

export interface RecentFailures {
  /** Failures for this username from this address since its last success. */
  accountAndIp: number;
  /** Failures from this address, any username. */
  ip: number;
  /** When the oldest counted failure for the account + address was made. */
  oldestAccountAndIp: Date | null;
  /** Failures for this username from any address since its last success anywhere. */
  account: number;
  /** When the newest of those was made. */
  lastAccountFailure: Date | null;
}

export async function countRecentFailures(q: Queryable, username: string, ip: string, windowMs: number): Promise<RecentFailures> {
  const { rows } = await q.query<RecentFailures>(
    `WITH since AS (SELECT now() - ($3::double precision * interval '1 millisecond') AS t),
          last_ok AS (SELECT max(at) AS t FROM login_attempts WHERE username = $1 AND ip = $2 AND success)
     SELECT
       (SELECT count(*) FROM login_attempts, since, last_ok
         WHERE username = $1 AND ip = $2 AND NOT success AND at > since.t AND (last_ok.t IS NULL OR at > last_ok.t)) AS "accountAndIp",
       (SELECT count(*) FROM login_attempts, since WHERE ip = $2 AND NOT success AND at > since.t) AS ip,
       (SELECT min(at) FROM login_attempts, since, last_ok
         WHERE username = $1 AND ip = $2 AND NOT success AND at > since.t AND (last_ok.t IS NULL OR at > last_ok.t)) AS "oldestAccountAndIp",
       (SELECT count(*)::int FROM login_attempts, since
         WHERE username = $1 AND NOT success AND at > since.t
           AND at > coalesce((SELECT max(at) FROM login_attempts WHERE username = $1 AND success), '-infinity')) AS account,
       (SELECT max(at) FROM login_attempts, since
         WHERE username = $1 AND NOT success AND at > since.t
           AND at > coalesce((SELECT max(at) FROM login_attempts WHERE username = $1 AND success), '-infinity')) AS "lastAccountFailure"`,
    [username, ip, windowMs],
  );
  return rows[0]!;
}

/** An admin's unlock: the account's counted failures are forgotten (the audit log keeps them). */
export async function deleteFailuresOfUsername(q: Queryable, username: string): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM login_attempts WHERE username = $1 AND NOT success', [username]);
  return rowCount ?? 0;
}

/** Attempts older than any throttling window are no longer needed. */
export async function deleteLoginAttemptsBefore(q: Queryable, before: Date): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM login_attempts WHERE at < $1', [before]);
  return rowCount ?? 0;
}
