import type pg from 'pg';

/**
 * Resolves once some session of the current database is waiting for a lock: the statement under
 * test has reached the row or index entry another session holds. Lets a test interleave two
 * sessions at a known point instead of sleeping and hoping.
 */
export async function waitForLockWait(q: pg.Client): Promise<void> {
  // Up to 20 s: on a loaded machine the statement may take seconds to get a connection and start.
  for (let i = 0; i < 800; i++) {
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
    if (rows[0]!.n > 0) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('the statement under test never waited for the lock');
}
