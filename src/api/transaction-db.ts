import type { Db, Queryable } from '../store/db.ts';

/**
 * A Db view of an open transaction: the case actions in src/cases each run "one transaction"
 * through `db.transaction`; handed this view, they run inside the route's transaction instead, so
 * the case change and its audit event commit together or not at all.
 */
export function transactionAsDb(tx: Queryable, outer: Db): Db {
  return {
    mode: outer.mode,
    connectionString: outer.connectionString,
    pool: outer.pool,
    query: (text, values) => tx.query(text, values),
    transaction: (fn) => fn(tx),
    close: async () => {
      throw new Error('a transaction view cannot close the database');
    },
  };
}
