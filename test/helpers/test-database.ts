import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type Db } from '../../src/store/db.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';

/**
 * Test databases without vitest (benchmarks and scripts use this file; tests use ./db.ts).
 *
 * A fresh PostgreSQL database per test file on the local server (graphile-worker style): the
 * migrations run once into a template database named after their content hash, and each test
 * file clones it (CREATE DATABASE … TEMPLATE, ≈ tens of ms) under a random name, dropped in
 * afterAll. Editing or adding a migration makes a new template automatically.
 *
 *   const t = useTestDatabase();               // in a describe / at file top
 *   it('…', async () => { await t.db.query(…); spawnWorker({ DATABASE_URL: t.url }) });
 *
 * Server: CALLGUARD_TEST_PG_URL (any database on it; default postgres://postgres@127.0.0.1:5432/postgres,
 * trust auth). The user must be allowed to create databases.
 */

export const ADMIN_URL = process.env.CALLGUARD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TEMPLATE_LOCK_KEY = 7_310_245_002;
const TEST_DB_PREFIX = 'callguard_test_';
const TEMPLATE_PREFIX = 'callguard_tpl_';
/** Test databases left by a killed run are dropped once older than this. */
const LEFTOVER_AGE_S = 3600;
/**
 * Templates of other migration sets are dropped once unused for this long. Several checkouts (a
 * branch beside main) test against one server at once, each with its own migrations; dropping
 * every template but one's own made them rebuild and drop each other's in turn.
 */
const TEMPLATE_IDLE_S = 6 * 3600;
const TEMPLATE_USED_PREFIX = 'callguard template, last used at epoch ';

export interface TestDatabase {
  db: Db;
  name: string;
  /** Connection string of this database, e.g. for DATABASE_URL of a spawned worker. */
  url: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

function urlFor(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Ensures the template for the current migrations exists; returns its name. */
async function ensureTemplate(): Promise<string> {
  const migrations = await loadMigrations();
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(`${m.id}:${m.sha256}\n`);
  const template = `${TEMPLATE_PREFIX}${hash.digest('hex').slice(0, 16)}`;

  await withAdmin(async (admin) => {
    // Session lock: test files start in parallel; one builds, the others wait and reuse.
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!exists.rowCount) {
        // Built under a temporary name and renamed when complete, so a run killed halfway never
        // leaves a half-migrated template behind.
        const building = `${template}_building`;
        await admin.query(`DROP DATABASE IF EXISTS ${ident(building)}`);
        await admin.query(`CREATE DATABASE ${ident(building)}`);
        const db = connectDatabase(urlFor(building), { maxConnections: 1 });
        try {
          await migrate(db, migrations);
        } finally {
          await db.close();
        }
        await admin.query(`ALTER DATABASE ${ident(building)} RENAME TO ${ident(template)}`);
      }
      const usedAt = Math.floor(Date.now() / 1000);
      await admin.query(`COMMENT ON DATABASE ${ident(template)} IS '${TEMPLATE_USED_PREFIX}${usedAt}'`);
      await dropLeftovers(admin, template);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  });
  return template;
}

/** Test databases of killed runs (older than an hour) and templates no checkout has used for hours. */
async function dropLeftovers(admin: pg.Client, currentTemplate: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string; comment: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS comment
       FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`,
    [`${TEST_DB_PREFIX}%`, `${TEMPLATE_PREFIX}%`],
  );
  const now = Math.floor(Date.now() / 1000);
  for (const { datname, comment } of rows) {
    let stale = false;
    if (datname.startsWith(TEST_DB_PREFIX)) {
      const created = Number(datname.slice(TEST_DB_PREFIX.length).split('_')[0]);
      stale = Number.isFinite(created) && now - created > LEFTOVER_AGE_S;
    } else {
      const usedAt = comment?.startsWith(TEMPLATE_USED_PREFIX) ? Number(comment.slice(TEMPLATE_USED_PREFIX.length)) : 0;
      stale = datname !== currentTemplate && !datname.endsWith('_building') && now - usedAt > TEMPLATE_IDLE_S;
    }
    if (!stale) continue;
    try {
      await admin.query(`DROP DATABASE ${ident(datname)}`);
    } catch (err) {
      // 55006 object_in_use: another run is using it right now; it is theirs to drop.
      if ((err as { code?: string }).code !== '55006') throw err;
    }
  }
}

let templatePromise: Promise<string> | undefined;

/**
 * A new database for this test file. `migrated: false` gives an empty database (for testing the
 * migrations themselves).
 */
export async function createTestDatabase(options: { migrated?: boolean; maxConnections?: number } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  const template = migrated ? await (templatePromise ??= ensureTemplate()) : 'template0';
  const name = `${TEST_DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(5).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}`));
  const url = urlFor(name);
  const db = connectDatabase(url, { maxConnections: options.maxConnections ?? 10 });
  let dropped = false;
  return {
    db,
    name,
    url,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.close();
      // FORCE: a worker process a test spawned may still hold a connection.
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
    },
  };
}

