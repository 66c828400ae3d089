import { describe, expect, it, vi } from 'vitest';
import { connectDatabase, DbUsedInsideTransactionError, type Db } from '../../../src/store/db.ts';
import { ADMIN_URL, useTestDatabase } from '../../helpers/db.ts';

const t = useTestDatabase({ maxConnections: 3 });

/** What a PostgreSQL restart does to a client: its server-side session ends. */
async function killSessions(database: string): Promise<number> {
  const admin: Db = connectDatabase(ADMIN_URL, { maxConnections: 1 });
  try {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    return rows[0]!.n;
  } finally {
    await admin.close();
  }
}

describe('Db', () => {
  it('commits a transaction, and rolls back and rethrows the original error', async () => {
    await t.db.query('CREATE TABLE tx_test (v text)');
    expect(await t.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO tx_test VALUES ('kept')`);
      return 42;
    })).toBe(42);
    const boom = new Error('boom');
    await expect(t.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO tx_test VALUES ('lost')`);
      throw boom;
    })).rejects.toBe(boom);
    expect((await t.db.query<{ v: string }>('SELECT v FROM tx_test')).rows).toEqual([{ v: 'kept' }]);
  });

  it('refuses the Db itself inside its own transaction (it would hang the embedded database), but not after it or on another Db', async () => {
    await expect(t.db.transaction(async () => {
      await t.db.query('SELECT 1');
    })).rejects.toThrow(DbUsedInsideTransactionError);
    await expect(t.db.transaction(() => t.db.transaction(async () => 1))).rejects.toThrow(/use the transaction's tx/);
    let later: Promise<unknown> | undefined;
    await t.db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      // Work started inside but running after the commit is outside the transaction: allowed.
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => t.db.query('SELECT 2 AS two'));
    });
    expect(((await later) as { rows: { two: number }[] }).rows[0]!.two).toBe(2);
    const other = connectDatabase(t.url, { maxConnections: 1 });
    try {
      expect(await t.db.transaction(async () => (await other.query<{ n: number }>('SELECT 3 AS n')).rows[0]!.n)).toBe(3);
    } finally {
      await other.close();
    }
  });

  it('prepares each parameterised statement once per connection, and plain text is not prepared', async () => {
    const one = connectDatabase(t.url, { maxConnections: 1 });
    try {
      for (let i = 0; i < 3; i++) await one.query('SELECT $1::int + 1 AS n', [i]);
      await one.query('SELECT 2 AS plain');
      const prepared = await one.transaction(async (tx) => {
        await tx.query('SELECT $1::text AS inside', ['tx']);
        return (await tx.query<{ statement: string }>(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'callguard%' ORDER BY statement`)).rows;
      });
      expect(prepared.map((p) => p.statement)).toEqual(['SELECT $1::int + 1 AS n', 'SELECT $1::text AS inside']);
    } finally {
      await one.close();
    }
  });

  it('discards a connection whose prepared statement went stale (a migration changed the columns) and works on the next try', async () => {
    const one = connectDatabase(t.url, { maxConnections: 1 });
    try {
      await one.query('CREATE TABLE stale_test (id int, a text)');
      await one.query(`INSERT INTO stale_test VALUES (1, 'x')`);
      const read = (q: { query: Db['query'] }) => q.query('SELECT * FROM stale_test WHERE id = $1', [1]);
      await read(one);
      await one.transaction(async (tx) => read(tx));
      await t.db.query('ALTER TABLE stale_test ADD COLUMN b text');
      await expect(read(one)).rejects.toThrow(/cached plan must not change result type/);
      expect((await read(one)).rows).toEqual([{ id: 1, a: 'x', b: null }]);
      await t.db.query('ALTER TABLE stale_test ADD COLUMN c text');
      await expect(one.transaction(async (tx) => read(tx))).rejects.toThrow(/cached plan/);
      expect((await one.transaction(async (tx) => read(tx))).rows).toEqual([{ id: 1, a: 'x', b: null, c: null }]);
    } finally {
      await one.close();
    }
  });

  it('recovers when the server ends its sessions (a restart): idle and mid-transaction', async () => {
    await Promise.all([1, 2, 3].map(() => t.db.query('SELECT pg_sleep(0.01)'))); // fill the pool
    expect(await killSessions(t.name)).toBeGreaterThan(0);
    // The sessions end a moment after pg_terminate_backend returns, and the pool drops each as it
    // hears: wait for that rather than a fixed 50 ms, which a loaded machine's backends can exceed.
    await vi.waitFor(() => expect(t.db.pool.totalCount).toBe(0), { timeout: 10_000 });
    expect((await t.db.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);

    await expect(t.db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await killSessions(t.name);
      await tx.query('SELECT 2');
    })).rejects.toThrow(/terminat|Connection|closed/i);
    const results = await Promise.all([1, 2, 3, 4].map((n) => t.db.query<{ n: number }>('SELECT $1::int AS n', [n])));
    expect(results.map((r) => r.rows[0]!.n)).toEqual([1, 2, 3, 4]);
  });
});
