import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/**
 * The test database helper for every integration test: a fresh, migrated PostgreSQL database per
 * test file, cloned from a template (see ./test-database.ts for how, and which server).
 *
 *   const t = useTestDatabase();               // at file top or in a describe
 *   it('…', async () => { await t.db.query(…); spawnWorker({ DATABASE_URL: t.url }) });
 */
export { ADMIN_URL, createTestDatabase, type TestDatabase } from './test-database.ts';

/**
 * Registers beforeAll / afterAll for a database per test file. The returned object's `db`, `url`
 * and `name` are valid inside tests (after beforeAll ran).
 */
export function useTestDatabase(options: { migrated?: boolean; maxConnections?: number } = {}): TestDatabase {
  let current: TestDatabase | undefined;
  const get = (): TestDatabase => {
    if (!current) throw new Error('the test database exists only inside tests (after beforeAll)');
    return current;
  };
  beforeAll(async () => {
    current = await createTestDatabase(options);
  });
  afterAll(async () => {
    await current?.drop();
  });
  return {
    get db() {
      return get().db;
    },
    get name() {
      return get().name;
    },
    get url() {
      return get().url;
    },
    drop: () => get().drop(),
  };
}
