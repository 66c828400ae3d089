import type { Queryable } from '../db.ts';

/** SQL for staff e-mail addresses (users.email, migration 115): who notifications can reach. */

/** Staff who can receive e-mail: active accounts with an address. */
export interface NotifiableUser {
  username: string;
  role: string;
  banks: string[] | null;
  email: string;
}

export async function listNotifiableUsers(q: Queryable): Promise<NotifiableUser[]> {
  const { rows } = await q.query<NotifiableUser>(
    `SELECT username, role, banks, email FROM users WHERE NOT disabled AND email IS NOT NULL ORDER BY username`,
  );
  return rows;
}

export async function setUserEmail(q: Queryable, username: string, email: string | null): Promise<boolean> {
  const { rowCount } = await q.query('UPDATE users SET email = $2, updated_at = now() WHERE username = $1', [username, email]);
  return (rowCount ?? 0) > 0;
}

export async function getUserEmail(q: Queryable, username: string): Promise<string | null> {
  const { rows } = await q.query<{ email: string | null }>('SELECT email FROM users WHERE username = $1', [username]);
  return rows[0]?.email ?? null;
}
