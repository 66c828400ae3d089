import type { Queryable } from '../db.ts';
import type { Role } from '../../domain/role.ts';

/** SQL for the review app's accounts (table `users`, migration 100). */

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  banks: string[] | null;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserWithHash extends UserRow {
  passwordHash: string;
}

const COLUMNS = `id, username, display_name AS "displayName", role, banks, disabled,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface NewUser {
  username: string;
  displayName?: string;
  role: Role;
  passwordHash: string;
  banks?: string[] | null;
}

export async function insertUser(q: Queryable, user: NewUser): Promise<UserRow> {
  const { rows } = await q.query<UserRow>(
    `INSERT INTO users (username, display_name, role, password_hash, banks)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [user.username, user.displayName ?? '', user.role, user.passwordHash, user.banks ?? null],
  );
  return rows[0]!;
}

export async function findUserByUsername(q: Queryable, username: string): Promise<UserWithHash | undefined> {
  const { rows } = await q.query<UserWithHash>(
    `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM users WHERE username = $1`,
    [username],
  );
  return rows[0];
}

export async function findUserById(q: Queryable, id: number): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0];
}

export async function listUsers(q: Queryable, filter: { role?: Role } = {}): Promise<UserRow[]> {
  const { rows } = await q.query<UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE ($1::text IS NULL OR role = $1) ORDER BY username`,
    [filter.role ?? null],
  );
  return rows;
}

export interface UserChange {
  displayName?: string;
  role?: Role;
  banks?: string[] | null;
  disabled?: boolean;
  passwordHash?: string;
}

/** Applies the fields present in `change`; returns the row after, or undefined when there is no such user. */
export async function updateUser(q: Queryable, id: number, change: UserChange): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>(
    `UPDATE users SET
       display_name  = CASE WHEN $2 THEN $3 ELSE display_name END,
       role          = CASE WHEN $4 THEN $5 ELSE role END,
       banks         = CASE WHEN $6 THEN $7::text[] ELSE banks END,
       disabled      = CASE WHEN $8 THEN $9 ELSE disabled END,
       password_hash = CASE WHEN $10 THEN $11 ELSE password_hash END,
       updated_at    = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      change.displayName !== undefined, change.displayName ?? null,
      change.role !== undefined, change.role ?? null,
      change.banks !== undefined, change.banks ?? null,
      change.disabled !== undefined, change.disabled ?? null,
      change.passwordHash !== undefined, change.passwordHash ?? null,
    ],
  );
  return rows[0];
}
