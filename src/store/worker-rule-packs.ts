import type { Queryable } from './db.ts';

/** Which pack version a worker process runs for a language, as its last heartbeat said. */
export interface WorkerRulePack {
  worker: string;
  language: string;
  packHash: string;
  loadedAt: Date;
  seenAt: Date;
}

/** A worker's heartbeat: its loaded versions. `loaded_at` moves only when the version changes. */
export async function reportWorkerRulePacks(q: Queryable, worker: string, packs: ReadonlyArray<{ language: string; packHash: string }>, at: Date): Promise<void> {
  if (packs.length === 0) return;
  await q.query(
    `INSERT INTO worker_rule_packs (worker, language, pack_hash, loaded_at, seen_at)
     SELECT $1, language, pack_hash, $4, $4 FROM unnest($2::text[], $3::text[]) AS p(language, pack_hash)
     ON CONFLICT (worker, language) DO UPDATE SET
       loaded_at = CASE WHEN worker_rule_packs.pack_hash = EXCLUDED.pack_hash THEN worker_rule_packs.loaded_at ELSE EXCLUDED.loaded_at END,
       pack_hash = EXCLUDED.pack_hash, seen_at = EXCLUDED.seen_at`,
    [worker, packs.map((p) => p.language), packs.map((p) => p.packHash), at],
  );
}

/** Workers heard from since `since`, by worker and language. */
export async function listWorkerRulePacks(q: Queryable, since: Date): Promise<WorkerRulePack[]> {
  const { rows } = await q.query<{ worker: string; language: string; pack_hash: string; loaded_at: Date; seen_at: Date }>(
    'SELECT * FROM worker_rule_packs WHERE seen_at >= $1 ORDER BY worker, language', [since],
  );
  return rows.map((r) => ({ worker: r.worker, language: r.language, packHash: r.pack_hash, loadedAt: r.loaded_at, seenAt: r.seen_at }));
}

/** A worker that stops says so, so the app does not list it until its heartbeat ages out. */
export async function forgetWorkerRulePacks(q: Queryable, worker: string): Promise<void> {
  await q.query('DELETE FROM worker_rule_packs WHERE worker = $1', [worker]);
}
