import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

/**
 * Forward-only migrations: src/store/migrations/NNN_name.sql, applied in number order, each in its
 * own transaction together with its row in `migrations`. Every transaction first takes one
 * transaction-scoped advisory lock, so two processes starting at once apply each file exactly
 * once (the second waits, then sees the row). A database that records a migration this code does
 * not have was migrated by a newer callguard: refuse it rather than run old code on a new schema.
 *
 * Numbering: 001–099 storage and cases (src/store), 100+ the review app. Never edit an applied
 * file: add a new one. An edited file is refused (its hash differs from the recorded one).
 */

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Arbitrary constant shared by every callguard process: the key of the migration lock. */
const MIGRATION_LOCK_KEY = 7_310_245_001;

export interface Migration {
  id: number;
  name: string;
  sql: string;
  sha256: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new MigrationError(`${path.join(dir, file)}: migration files are named NNN_snake_case_name.sql`);
    const sql = await readFile(path.join(dir, file), 'utf8');
    migrations.push({ id: Number(m[1]), name: m[2]!, sql, sha256: createHash('sha256').update(sql).digest('hex') });
  }
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.id === migrations[i - 1]!.id) {
      throw new MigrationError(`two migrations share the number ${String(migrations[i]!.id).padStart(3, '0')}`);
    }
  }
  return migrations;
}

const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS migrations (
    id integer PRIMARY KEY,
    name text NOT NULL,
    sha256 text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

export interface MigrateResult {
  applied: string[];
  /** Number of the newest migration in the database afterwards. */
  current: number;
}

/** Brings the database up to the newest migration; returns the files it applied. */
export async function migrate(db: Db, migrations?: Migration[]): Promise<MigrateResult> {
  const all = migrations ?? (await loadMigrations());
  const known = new Map(all.map((m) => [m.id, m]));
  const applied: string[] = [];

  const check = async (rows: { id: number; name: string; sha256: string }[]) => {
    for (const row of rows) {
      const mine = known.get(row.id);
      if (!mine) {
        throw new MigrationError(
          `the database has migration ${row.id} (${row.name}) which this version of callguard does not know: it was migrated by a newer version; upgrade callguard`,
        );
      }
      if (mine.sha256 !== row.sha256) {
        throw new MigrationError(
          `migration ${row.id} (${row.name}) was changed after it was applied; migrations are forward-only: put the change in a new file`,
        );
      }
    }
  };

  // Table creation under the same lock: two concurrent CREATE TABLE IF NOT EXISTS can both try.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    // A runtime role without CREATE on the schema starts too: only create the table where it is missing.
    const { rows: exists } = await tx.query<{ t: string | null }>(`SELECT to_regclass('migrations')::text AS t`);
    if (exists[0]?.t === null || exists[0]?.t === undefined) await tx.query(CREATE_TABLE);
    const { rows } = await tx.query<{ id: number; name: string; sha256: string }>('SELECT id, name, sha256 FROM migrations ORDER BY id');
    await check(rows);
  });

  for (const m of all) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const { rowCount } = await tx.query('SELECT 1 FROM migrations WHERE id = $1', [m.id]);
      if (rowCount) return false;
      try {
        await tx.query(m.sql);
      } catch (err) {
        throw new MigrationError(`migration ${String(m.id).padStart(3, '0')}_${m.name} failed: ${(err as Error).message}`);
      }
      await tx.query('INSERT INTO migrations (id, name, sha256) VALUES ($1, $2, $3)', [m.id, m.name, m.sha256]);
      return true;
    });
    if (done) applied.push(`${String(m.id).padStart(3, '0')}_${m.name}`);
  }
  const { rows } = await db.query<{ current: number | null }>('SELECT max(id) AS current FROM migrations');
  return { applied, current: rows[0]?.current ?? 0 };
}

export interface MigrationStatus {
  id: number;
  name: string;
  appliedAt: Date | null;
  /** Recorded in the database but unknown to this code (migrated by a newer callguard). */
  unknown: boolean;
}

/** Every known migration with its applied time, plus any the database has that the code lacks. */
export async function migrationStatus(db: Db, migrations?: Migration[]): Promise<MigrationStatus[]> {
  const all = migrations ?? (await loadMigrations());
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('migrations')::text AS t`);
  const applied = exists.rows[0]?.t
    ? (await db.query<{ id: number; name: string; applied_at: Date }>('SELECT id, name, applied_at FROM migrations')).rows
    : [];
  const byId = new Map(applied.map((r) => [r.id, r]));
  const status: MigrationStatus[] = all.map((m) => ({ id: m.id, name: m.name, appliedAt: byId.get(m.id)?.applied_at ?? null, unknown: false }));
  for (const r of applied) {
    if (!all.some((m) => m.id === r.id)) status.push({ id: r.id, name: r.name, appliedAt: r.applied_at, unknown: true });
  }
  return status.sort((a, b) => a.id - b.id);
}
