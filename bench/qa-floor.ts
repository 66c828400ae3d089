/**
 * The QA floor's queries at a call centre's scale:  npx tsx bench/qa-floor.ts [--calls N] [--runs R]
 *
 * A throwaway database with N calls of one week (default 100 000; 40 % flagged with one finding,
 * 300 agents), 30 reviewers. Measured, each as the median of R runs against a baseline measured in
 * the same run: a plain count(*) over the table the query reads.
 *   - "next call" (claimNext) while 30 reviewers hold assignments for every open flagged call;
 *   - a reviewer's queue (listMyQueue);
 *   - a bulk assignment of 50 calls by bank and team (assignableCallIds + assignCalls), rolled back;
 *   - the weekly draw of the unflagged calls (drawWeekSample), on a fresh week each run.
 * Prints Markdown for docs/benchmarks.md (## QA floor).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { drawWeekSample } from '../src/pipeline/operations/qa-sample-draw.ts';
import { migrate, openDatabase, type Db } from '../src/store/index.ts';
import { loadConfig } from '../src/config.ts';
import { assignableCallIds, assignCalls, claimNext, listMyQueue } from '../src/store/review-app/qa-assignments.ts';
import { median } from './lib/timing.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const calls = Number(option('calls', '100000'));
const runs = Number(option('runs', '15'));
const PG_ADMIN = process.env.CALLGUARD_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REVIEWERS = Array.from({ length: 30 }, (_, i) => `qa${String(i + 1).padStart(2, '0')}`);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function medianOf(fn: (run: number) => Promise<unknown>): Promise<number> {
  await fn(-1); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(() => fn(i)));
  return median(times);
}

/** N calls spread over the week of `week`, 40 % of them with a finding. */
async function generate(db: Db, prefix: string, n: number, week: string): Promise<void> {
  await db.query(
    `INSERT INTO calls (id, agent_id, team, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status, audio_sha256)
     SELECT $1 || g, 'A' || (g % 300), 'T' || (g % 12), CASE WHEN g % 3 = 0 THEN 'bank-b' ELSE 'bank-a' END, 'B' || g, 'outbound',
            $3::date + (g % 10080) * interval '1 minute', 480, CASE WHEN g % 5 = 0 THEN 'en-US' ELSE 'zh-CN' END, 'done',
            encode(sha256(convert_to($1 || g, 'UTF8')), 'hex')
       FROM generate_series(1, $2::int) g`,
    [prefix, n, week],
  );
  await db.query(
    `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote, segment_index)
     SELECT $1 || g, 'zh.abuse.insult', 'v1', 'abuse', 'high', 'agent', 1000, 2000, '', 0
       FROM generate_series(1, $2::int) g WHERE g % 5 < 2`,
    [prefix, n],
  );
}

const admin = new pg.Client({ connectionString: PG_ADMIN });
await admin.connect();
const dbName = `callguard_bench_qa_${randomBytes(5).toString('hex')}`;
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(PG_ADMIN);
url.pathname = `/${dbName}`;
let db: Db | undefined;
try {
  db = await openDatabase(loadConfig({ ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' }));
  await migrate(db);
  const week = '2026-11-02';
  await generate(db, 'c', calls, week);
  // Every open flagged call assigned round-robin to the 30 reviewers.
  await db.query(
    `INSERT INTO qa_assignments (call_id, assigned_to, assigned_by, assigned_at)
     SELECT c.id, 'qa' || lpad(((row_number() OVER (ORDER BY c.id)) % 30 + 1)::text, 2, '0'), 'sup', now()
       FROM calls c WHERE EXISTS (SELECT 1 FROM findings f WHERE f.call_id = c.id)`,
  );
  await db.query('ANALYZE');
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM qa_assignments');
  const assigned = rows[0]!.n;

  const countAssignments = await medianOf(() => db!.query('SELECT count(*) FROM qa_assignments'));
  const countCalls = await medianOf(() => db!.query('SELECT count(*) FROM calls'));
  let now = Date.parse('2026-11-10T08:00:00Z');
  const next = await medianOf(async (i) => {
    const reviewer = REVIEWERS[(i + 30) % 30]!;
    now += 60_000;
    // Each run a reviewer moves on: the previous claim is done (given back), then the next is taken.
    await db!.query('UPDATE qa_assignments SET claimed_by = NULL, claimed_at = NULL, claim_expires_at = NULL WHERE claimed_by = $1', [reviewer]);
    return claimNext(db!, { reviewer, banks: null, now: new Date(now), expiresAt: new Date(now + 1_800_000) });
  });
  const queue = await medianOf((i) => listMyQueue(db!, REVIEWERS[(i + 30) % 30]!, null));
  const bulk = await medianOf(() =>
    db!.transaction(async (tx) => {
      const ids = await assignableCallIds(tx, { banks: null, bank: 'bank-a', team: 'T3', unassignedOnly: false, limit: 50 });
      await assignCalls(tx, { callIds: ids, reviewer: 'qa01', by: 'sup', at: new Date(now), banks: null });
      throw Object.assign(new Error('rollback'), { rollback: true });
    }).catch((err: unknown) => {
      if (!(err as { rollback?: boolean }).rollback) throw err;
    }),
  );
  // Each run draws a week never drawn: its qa_sample_draws row is removed again so the next run draws anew.
  const draw = await medianOf(async () => {
    const r = await drawWeekSample(db!, { weekStart: week, settings: { percent: 2, minimum: 2 }, by: 'bench', now: new Date(now) });
    await db!.query('DELETE FROM qa_samples WHERE week_start = $1', [week]);
    await db!.query('DELETE FROM qa_sample_draws WHERE week_start = $1', [week]);
    return r;
  });

  const row = (what: string, ms: number, base: number, baseName: string) =>
    `| ${what} | ${ms.toFixed(1)} | ${baseName} ${base.toFixed(1)} | ${(ms / base).toFixed(2)} |`;
  process.stdout.write(
    [
      `## QA floor`,
      '',
      `${calls.toLocaleString('en-US')} calls of one week (300 agents), ${assigned.toLocaleString('en-US')} flagged and assigned to 30 reviewers; median of ${runs} runs, ms.`,
      '',
      '| query | median ms | baseline (same run) ms | ratio |',
      '|---|---|---|---|',
      row('next call (claimNext)', next, countAssignments, 'count(*) qa_assignments'),
      row("a reviewer's queue (listMyQueue)", queue, countAssignments, 'count(*) qa_assignments'),
      row('bulk assignment of 50 by bank + team', bulk, countCalls, 'count(*) calls'),
      row('weekly draw (drawWeekSample)', draw, countCalls, 'count(*) calls'),
      '',
    ].join('\n'),
  );
} finally {
  await db?.close();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.end();
}
