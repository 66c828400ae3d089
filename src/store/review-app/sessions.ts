import type { Queryable } from '../db.ts';
import type { UserRow } from './users.ts';

/** SQL for signed-in sessions (table `sessions`, migration 100). Tokens are stored as SHA-256 only. */

export interface SessionUser {
  user: UserRow;
  csrfToken: string;
  expiresAt: Date;
}

export async function insertSession(
  q: Queryable,
  s: { tokenSha256: string; userId: number; csrfToken: string; expiresAt: Date; ip: string },
): Promise<void> {
  await q.query(
    `INSERT INTO sessions (token_sha256, user_id, csrf_token, expires_at, ip) VALUES ($1, $2, $3, $4, $5)`,
    [s.tokenSha256, s.userId, s.csrfToken, s.expiresAt, s.ip],
  );
}

/**
 * The live session for a token hash: not expired, not idle longer than `idleMs`, its user not
 * disabled. Touches last_seen_at so activity keeps it alive.
 */
export async function findLiveSession(q: Queryable, tokenSha256: string, idleMs: number): Promise<SessionUser | undefined> {
  const { rows } = await q.query<{
    csrfToken: string; expiresAt: Date; id: number; username: string; displayName: string; role: UserRow['role'];
    banks: string[] | null; disabled: boolean; createdAt: Date; updatedAt: Date;
  }>(
    `UPDATE sessions s SET last_seen_at = now()
       FROM users u
      WHERE s.token_sha256 = $1 AND u.id = s.user_id AND NOT u.disabled
        AND s.expires_at > now() AND s.last_seen_at > now() - ($2::double precision * interval '1 millisecond')
     RETURNING s.csrf_token AS "csrfToken", s.expires_at AS "expiresAt", u.id, u.username,
       u.display_name AS "displayName", u.role, u.banks, u.disabled, u.created_at AS "createdAt", u.updated_at AS "updatedAt"`,
    [tokenSha256, idleMs],
  );
  const r = rows[0];
  if (!r) return undefined;
  const { csrfToken, expiresAt, ...user } = r;
  return { user, csrfToken, expiresAt };
}

export async function deleteSession(q: Queryable, tokenSha256: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE token_sha256 = $1', [tokenSha256]);
}

/** Signs a user out everywhere (disabled, role changed, password reset). */
export async function deleteSessionsOfUser(q: Queryable, userId: number): Promise<void> {
  await q.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

export async function deleteExpiredSessions(q: Queryable): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM sessions WHERE expires_at <= now()');
  return rowCount ?? 0;
}
