import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Config } from '../config.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';

/**
 * The database handle every part of callguard uses: a `pg` Pool, whether it points at a real
 * PostgreSQL server (DATABASE_URL) or at the embedded PGlite served on a private unix socket. Code
 * above this file cannot tell the two apart, which is the point: one SQL dialect, one driver.
 */

/** Anything that runs a query: the Db itself (one pooled connection per query) or a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface Db extends Queryable {
  /** 'server' = DATABASE_URL, 'embedded' = PGlite under the data directory. */
  readonly mode: 'server' | 'embedded';
  /** Connection string the pool uses (embedded: a unix socket, `postgres://postgres@/postgres?host=DIR&port=5432`). */
  readonly connectionString: string;
  readonly pool: pg.Pool;
  /**
   * Runs `fn` inside BEGIN … COMMIT on one connection; any throw rolls back and is rethrown.
   * Never call the Db itself from inside `fn`: use the `tx` it receives (on the embedded database
   * a second connection waits for the open transaction to end, so it would wait forever).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Ends the pool, then (embedded) stops the socket server and closes PGlite. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Pool size; default 10 for a server, 4 for the embedded database (it runs one query at a time). */
  maxConnections?: number;
  /** Embedded only: keep the database in memory (tests, throwaway runs) instead of `${dataDir}/pgdata`. */
  inMemory?: boolean;
}

// int8 (COUNT(*), bigint ids) would otherwise arrive as strings; our counts and ids fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * Thrown when code inside `db.transaction(fn)` uses the Db itself instead of `fn`'s `tx`. On the
 * embedded database that second connection waits for the open transaction, which waits for it:
 * the process would hang forever. On a server it escapes the transaction (and can wait on the
 * transaction's own row locks). Refused in both modes so it is caught in tests on either.
 */
export class DbUsedInsideTransactionError extends Error {
  constructor(what: 'query' | 'transaction') {
    super(`db.${what}() called inside db.transaction(): use the transaction's tx instead (on the embedded database this would hang)`);
    this.name = 'DbUsedInsideTransactionError';
  }
}

/** The transaction the current async context runs inside, if any (per Db; `open` ends with it). */
const currentTransaction = new AsyncLocalStorage<{ db: Db; open: boolean }>();

class PoolDb implements Db {
  constructor(
    readonly mode: 'server' | 'embedded',
    readonly connectionString: string,
    readonly pool: pg.Pool,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  private assertOutsideOwnTransaction(what: 'query' | 'transaction'): void {
    const t = currentTransaction.getStore();
    if (t?.open && t.db === this) throw new DbUsedInsideTransactionError(what);
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      this.assertOutsideOwnTransaction('query');
    } catch (err) {
      return Promise.reject(err);
    }
    // A failed query releases its connection with the error: the pool discards it, stale
    // prepared statements included.
    return this.pool.query<R>(this.statement(text, values));
  }

  /**
   * On a server, every parameterised statement is a named prepared statement: PostgreSQL parses
   * and plans it once per connection instead of once per execution, which is most of the
   * database's CPU for the pipeline's short statements (docs/benchmarks.md, "Pipeline"). Not on
   * the embedded database: its connections share one PGlite session, where the names would clash.
   */
  private statement(text: string, values: unknown[] | undefined): pg.QueryConfig {
    const name = this.mode === 'server' && values !== undefined ? preparedName(text) : undefined;
    return { text, ...(values !== undefined ? { values } : {}), ...(name !== undefined ? { name } : {}) };
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.assertOutsideOwnTransaction('transaction');
    let broken: Error | undefined;
    // A checked-out client whose session dies between two queries (server restart) emits 'error'
    // on itself, not on the pool; unheard, Node would crash the process. The next query on it
    // fails anyway, so remember the error to discard the connection instead of reusing it.
    const onError = (err: Error) => {
      broken = err;
    };
    // The listener goes on inside the pool's callback, in the same tick the pool hands the client
    // over: after `await pool.connect()` it would come a microtask late, and a server shutting
    // down can send "ready" and "terminating connection" in one packet (seen in the
    // PostgreSQL-restart test: an uncaught 57P01 on a brand-new connection).
    const client = await new Promise<pg.PoolClient>((resolve, reject) => {
      this.pool.connect((err, c) => {
        if (err || !c) return reject(err ?? new Error('pool gave no client'));
        c.on('error', onError);
        resolve(c);
      });
    });
    const marker = { db: this as Db, open: true };
    try {
      await client.query('BEGIN');
      const tx: Queryable = { query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => client.query<R>(this.statement(text, values)) };
      const result = await currentTransaction.run(marker, () => fn(tx));
      marker.open = false;
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // A prepared statement that went stale (a migration changed the columns it returns while
      // this process ran) fails on this connection every time: discard the connection.
      if (isStalePreparedStatement(err)) broken = err as Error;
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        // The connection is unusable (server gone): destroy it rather than return it to the pool.
        broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
      }
      throw err;
    } finally {
      marker.open = false;
      client.off('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    try {
      await this.pool.end();
    } finally {
      await this.onClose();
    }
  }
}

/**
 * Statement names by SQL text, the same in every connection of the process (node-postgres
 * remembers per connection which it has prepared). Capped: past the cap, statements go unnamed,
 * so text built at run time (filters, searches) cannot grow server memory without bound.
 */
const preparedNames = new Map<string, string>();
const MAX_PREPARED_NAMES = 500;

function preparedName(text: string): string | undefined {
  const known = preparedNames.get(text);
  if (known !== undefined || preparedNames.size >= MAX_PREPARED_NAMES) return known;
  const name = `callguard_${preparedNames.size}`;
  preparedNames.set(text, name);
  return name;
}

/** "cached plan must not change result type" (0A000) or a prepared statement the server no longer has (26000). */
function isStalePreparedStatement(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '26000' || (e?.code === '0A000' && /cached plan/i.test(e.message ?? ''));
}

/** Wraps an existing connection string (used by tests and by the embedded server itself). */
export function connectDatabase(connectionString: string, options: { maxConnections?: number; mode?: 'server' | 'embedded'; onClose?: () => Promise<void> } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
  // An idle client losing its server (restart) emits 'error' on the pool, which has already
  // discarded it; without a listener Node would crash the process. The next query opens a fresh
  // connection or fails with the real error, so there is nothing else to do here.
  pool.on('error', () => {});
  return new PoolDb(options.mode ?? 'server', connectionString, pool, options.onClose);
}

/**
 * DATABASE_URL set → a pool on that server. Unset → PGlite persisted under
 * `${CALLGUARD_DATA_DIR}/pgdata`, served by pglite-socket on a private unix socket, so the same
 * `pg` code runs. Only one process may open an embedded data directory at a time (lock file).
 */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'CALLGUARD_DATA_DIR'>,
  options: OpenDatabaseOptions = {},
): Promise<Db> {
  if (config.DATABASE_URL) {
    return connectDatabase(config.DATABASE_URL, { maxConnections: options.maxConnections ?? 10 });
  }
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({
    dataDir: config.CALLGUARD_DATA_DIR,
    inMemory: options.inMemory ?? false,
  });
  return connectDatabase(embedded.connectionString, {
    mode: 'embedded',
    maxConnections: options.maxConnections ?? 4,
    onClose: () => embedded.stop(),
  });
}
