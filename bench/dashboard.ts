/**
 * Dashboard queries at scale:  npx tsx bench/dashboard.ts [--calls N] [--findings N] [--runs N] [--keep] [--reuse DB]
 *
 * Generates, in SQL (generate_series) in a database of its own, a year of calls (default 1,000,000)
 * with a transcript each, findings (default 3,000,000; 60 % of the calls have some, 60 % of the
 * findings have a verdict), 20,000 cases; then builds the weekly rollups (migration 125) with
 * dash_rebuild(), as the migration does for existing data. The rollup triggers are off during
 * generation (they would build the same rows statement by statement) and on again afterwards; the
 * cost they add to the pipeline's writes is measured apart (a scan's findings, a verdict).
 *
 * Each dashboard query (the functions the routes call) is timed unfiltered and filtered (one bank,
 * one team, a quarter), median of N runs, against the baseline of a plain count(*) over the same
 * findings in the same run. Target: ≤ 300 ms each. Prints Markdown for docs/benchmarks.md.
 *
 * Generation takes minutes; `--keep` leaves the database behind and `--reuse DB` times a kept one
 * again (migrating it first, so a new index or rollup is built on the same data). --calls and
 * --findings must then be those it was generated with: the trigger-cost writes address calls by number.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, migrate, type Db } from '../src/store/index.ts';
import { caseWeeks, engineMix, findingsPerWeek, qaThroughput, sampleWeeks, signalWeeks, topRules, violationRates } from '../src/store/review-app/dashboard-figures.ts';
import { listDrillDownCalls } from '../src/store/review-app/dashboard-calls.ts';
import { dashboardFilterOptions } from '../src/store/review-app/dashboard-filter-options.ts';
import { agentCases, agentCategories, agentIdentity, agentWeeks } from '../src/store/review-app/agent-scorecard.ts';
import type { DashboardFilter } from '../src/store/review-app/dashboard-scope.ts';
import { median } from './lib/timing.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const CALLS = Number(option('calls', '1000000'));
const FINDINGS = Number(option('findings', '3000000'));
const RUNS = Math.max(3, Number(option('runs', '7')));
const REUSE = option('reuse', '');
const KEEP = process.argv.includes('--keep') || REUSE !== '';
const PG_ADMIN = process.env.CALLGUARD_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NOW = new Date('2026-12-31T12:00:00Z');

/** The data set, in SQL. Deterministic: hashes of the row number choose every value. */
const GENERATE = [
  // 400 agents in 20 teams, 5 banks; zh-CN calls at +08:00, one in five en-US at -05:00.
  `INSERT INTO calls (id, agent_id, agent_name, team, bank, borrower_id, direction, started_at, utc_offset_minutes, language,
                      first_contact, status, audio_sha256, duration_ms)
   SELECT 'c' || i, 'agent-' || (i % 400), 'Agent ' || (i % 400), 'team-' || ((i % 400) / 20), 'bank-' || (i % 5),
          'b-' || (i % 200000), 'outbound',
          timestamptz '2026-01-01 00:00+00' + ((i::bigint * 7919) % 31536000) * interval '1 second',
          CASE WHEN i % 5 = 4 THEN -300 ELSE 480 END, CASE WHEN i % 5 = 4 THEN 'en-US' ELSE 'zh-CN' END,
          i % 3 = 0, 'done', NULL, 60000 + (i % 600) * 1000
     FROM generate_series(1, $1::int) i`,
  `INSERT INTO transcripts (call_id, engine, version, language, segments, text, quality)
   SELECT 'c' || i, CASE WHEN i % 10 < 6 THEN 'whisper' WHEN i % 10 < 9 THEN 'sidecar' ELSE 'pocketsphinx' END, '',
          CASE WHEN i % 5 = 4 THEN 'en-US' ELSE 'zh-CN' END, '[]', '',
          jsonb_build_object('score', ((i::bigint * 7919) % 1000) / 1000.0)
     FROM generate_series(1, $1::int) i`,
  // Findings on 60 % of the calls (call ids hashed from the finding number), 30 rules in 12 categories.
  `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote,
                         verdict, verdict_reason, verdict_by, verdict_at)
   SELECT 'c' || (1 + (j::bigint * 2654435761) % ($1::int * 6 / 10)), 'rule-' || (j % 30), '1',
          (ARRAY['abuse','threat','impersonation','misrepresentation','third_party_disclosure','disclosure_missing',
                 'complaint_risk','cease_request','vulnerability','contact_time','contact_frequency','recording'])[1 + (j % 30) % 12],
          (ARRAY['low','medium','high','critical'])[1 + (j % 30) % 4], 'agent', j, j + 1000, '',
          v.verdict, CASE WHEN v.verdict = 'dismissed' THEN 'misheard' END,
          CASE WHEN v.verdict IS NOT NULL THEN 'reviewer-' || (j % 30) END,
          CASE WHEN v.verdict IS NOT NULL THEN timestamptz '2026-01-03 00:00+00' + ((j::bigint * 7) % 31000000) * interval '1 second' END
     FROM generate_series(1, $2::int) j
     CROSS JOIN LATERAL (SELECT CASE WHEN j % 10 < 3 THEN 'confirmed' WHEN j % 10 < 6 THEN 'dismissed' END AS verdict) v`,
  `INSERT INTO cases (kind, bank, borrower_id, status, opened_reason, opened_at, sla_due_at, first_response_at, closed_at)
   SELECT CASE WHEN k % 3 = 0 THEN 'complaint' ELSE 'risk' END, 'bank-' || (k % 5), 'b-' || k,
          CASE WHEN k % 4 <> 0 THEN 'closed' WHEN k % 3 = 0 THEN 'received' ELSE 'open' END,
          CASE WHEN k % 3 = 0 THEN 'complaint' ELSE 'risk_threshold' END,
          timestamptz '2026-01-01 00:00+00' + (k * 1500) * interval '1 second',
          timestamptz '2026-01-02 00:00+00' + (k * 1500) * interval '1 second',
          CASE WHEN k % 4 <> 0 THEN timestamptz '2026-01-01 00:00+00' + (k * 1500 + (k % 7) * 20000) * interval '1 second' END,
          CASE WHEN k % 4 <> 0 THEN timestamptz '2026-01-10 00:00+00' + (k * 1500) * interval '1 second' END
     FROM generate_series(1, 20000) k`,
  `INSERT INTO case_calls (case_id, call_id, added_by)
   SELECT k.id, 'c' || (1 + (k.id * 37) % $1::int), 'triage' FROM cases k`,
  // The weekly sample: every 50th of the calls without findings (the last 40 %), most reviewed.
  `INSERT INTO qa_samples (call_id, week_start, agent_id, sampled_at, reviewed_at, reviewed_by, outcome)
   SELECT c.id, dash_week(c.started_at), c.agent_id, c.started_at + interval '7 days',
          CASE WHEN i % 4 <> 0 THEN c.started_at + interval '8 days' END, CASE WHEN i % 4 <> 0 THEN 'reviewer-1' END,
          CASE WHEN i % 4 = 0 THEN NULL WHEN i % 20 = 1 THEN 'violation' ELSE 'clean' END
     FROM generate_series($1::int * 6 / 10 + 1, $1::int, 50) i JOIN calls c ON c.id = 'c' || i`,
];

const TRIGGERS: Array<[string, string]> = [
  ['calls', 'dash_calls_insert'], ['calls', 'dash_calls_update'], ['calls', 'dash_calls_delete'],
  ['findings', 'dash_findings_insert'], ['findings', 'dash_findings_update'], ['findings', 'dash_findings_delete'],
  ['transcripts', 'dash_transcripts_insert'], ['transcripts', 'dash_transcripts_update'], ['transcripts', 'dash_transcripts_delete'],
];
async function setTriggers(db: Db, on: boolean): Promise<void> {
  for (const [table, trigger] of TRIGGERS) await db.query(`ALTER TABLE ${table} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${trigger}`);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function generate(db: Db): Promise<void> {
  await setTriggers(db, false);
  const steps = ['calls', 'transcripts', 'findings', 'cases', 'case calls', 'QA sample'];
  for (const [i, sql] of GENERATE.entries()) {
    const params = i === 2 ? [CALLS, FINDINGS] : i === 3 ? [] : [CALLS];
    const ms = await timed(() => db.query(sql, params));
    console.log(`| generate ${steps[i]} | ${seconds(ms)} |`);
  }
  console.log(`| ANALYZE | ${seconds(await timed(() => db.query('ANALYZE')))} |`);
  console.log(`| dash_rebuild() (the rollups from scratch) | ${seconds(await timed(() => db.query('SELECT dash_rebuild()')))} |`);
  await db.query('ANALYZE dash_call_weeks, dash_finding_weeks, dash_review_weeks, dash_transcript_weeks');
  await setTriggers(db, true);
}

async function medianMs(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: plan and cache
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timed(fn));
  return median(times);
}

/** What the rollup triggers add to the pipeline's writes: a scan's findings, a verdict. */
async function triggerCost(db: Db): Promise<void> {
  const calls = 200;
  // A reused database keeps the previous run's writes: take them away (through the triggers, so the
  // rollups stay exact) before writing the same rows again.
  await db.query(`DELETE FROM findings WHERE rule_id LIKE 'bench-%'`);
  const scanWrite = (suffix: string) => async () => {
    for (let i = 0; i < calls; i++) {
      await db.query(
        `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms)
         SELECT 'c' || $1::int, 'bench-' || $2 || '-' || n, '1', 'abuse', 'high', 'agent', n, n + 1 FROM generate_series(1, 3) n`,
        // The last calls: the generated findings leave them unflagged, so each insert flags a call as a scan does.
        [CALLS - i, suffix],
      );
    }
  };
  // As the review app gives them: one finding per statement.
  const verdicts = (suffix: string) => async () => {
    const { rows } = await db.query<{ id: number }>(`SELECT id FROM findings WHERE rule_id LIKE 'bench-' || $1 || '-%'`, [suffix]);
    for (const { id } of rows) await db.query(`UPDATE findings SET verdict = 'confirmed', verdict_by = 'bench', verdict_at = now() WHERE id = $1`, [id]);
  };
  await setTriggers(db, false);
  const offScan = await timed(scanWrite('off'));
  const offVerdict = await timed(verdicts('off'));
  await db.query(`DELETE FROM findings WHERE rule_id LIKE 'bench-off-%'`);
  await setTriggers(db, true);
  const onScan = await timed(scanWrite('on'));
  const onVerdict = await timed(verdicts('on'));
  console.log('\n| write | triggers off | triggers on | ratio |\n|---|---|---|---|');
  console.log(`| ${calls} scans' findings (3 per call, one statement each), per call | ${(offScan / calls).toFixed(2)} ms | ${(onScan / calls).toFixed(2)} ms | ${(onScan / offScan).toFixed(2)} |`);
  console.log(`| ${calls * 3} verdicts, one UPDATE each, per verdict | ${(offVerdict / calls / 3).toFixed(2)} ms | ${(onVerdict / calls / 3).toFixed(2)} ms | ${(onVerdict / offVerdict).toFixed(2)} |`);
}

const admin = new pg.Client({ connectionString: PG_ADMIN });
await admin.connect();
if (REUSE && !/^callguard_bench_dash_[0-9a-f]{8}$/.test(REUSE)) throw new Error(`--reuse takes a database this benchmark kept, not ${REUSE}`);
const dbName = REUSE || `callguard_bench_dash_${randomBytes(4).toString('hex')}`;
if (!REUSE) await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = new URL(PG_ADMIN);
dbUrl.pathname = `/${dbName}`;
const db = connectDatabase(dbUrl.toString(), { maxConnections: 2 });
try {
  const migrated = await timed(() => migrate(db));
  console.log(`## Dashboards\n\n${CALLS.toLocaleString('en')} calls, ${FINDINGS.toLocaleString('en')} findings; medians of ${RUNS} runs.\n`);
  console.log('| step | time |\n|---|---|');
  if (REUSE) {
    console.log(`| reused ${dbName}; migrations applied now | ${seconds(migrated)} |`);
  } else {
    const total = await timed(() => generate(db));
    console.log(`| all of the above | ${seconds(total)} |`);
  }
  const { rows: sizes } = await db.query<{ t: string; n: number }>(
    `SELECT 'dash_call_weeks' AS t, count(*)::int AS n FROM dash_call_weeks UNION ALL SELECT 'dash_finding_weeks', count(*) FROM dash_finding_weeks
     UNION ALL SELECT 'dash_review_weeks', count(*) FROM dash_review_weeks UNION ALL SELECT 'dash_transcript_weeks', count(*) FROM dash_transcript_weeks`,
  );
  console.log(`\nRollup rows: ${sizes.map((s) => `${s.t} ${s.n.toLocaleString('en')}`).join(', ')}.\n`);

  const all: DashboardFilter = { banks: null };
  const narrow: DashboardFilter = { banks: ['bank-1', 'bank-2'], bank: 'bank-1', team: 'team-3', from: '2026-04-01', to: '2026-06-30' };
  const baseline = await medianMs(() => db.query('SELECT count(*) FROM findings'));
  const baselineCalls = await medianMs(() => db.query('SELECT count(*) FROM calls'));
  const queries: Array<[string, (f: DashboardFilter) => Promise<unknown>]> = [
    ['findings per week by category and severity', (f) => findingsPerWeek(db, f)],
    ['confirmed-violation rate per agent', (f) => violationRates(db, f, 'agent')],
    ['confirmed-violation rate per team', (f) => violationRates(db, f, 'team')],
    ['confirmed-violation rate per bank', (f) => violationRates(db, f, 'bank')],
    ['top rules by hits, confirmed hits and misses', (f) => topRules(db, f, 10)],
    ['cases opened/closed, SLA met/breached per week', (f) => caseWeeks(db, f, NOW)],
    ['QA throughput, reviewers and backlog', (f) => qaThroughput(db, f)],
    ['engine mix and quality', (f) => engineMix(db, f)],
    ['borrower signals per week', (f) => signalWeeks(db, f)],
    ['weekly sample of unflagged calls', (f) => sampleWeeks(db, f)],
    ['filter menus', (f) => dashboardFilterOptions(db, f.banks)],
    ['drill-down: a week and a category, confirmed, first 50 calls', (f) => listDrillDownCalls(db, { ...f, week: '2026-05-04', category: 'abuse', finding: 'confirmed', now: NOW, limit: 50, offset: 0 })],
    // No abuse finding is ever "acted on" (a borrower signal's verdict): every call of the week is probed, the worst case.
    ['drill-down: a week and a verdict no call has (every call probed)', (f) => listDrillDownCalls(db, { ...f, week: '2026-05-04', category: 'abuse', finding: 'acted_on', now: NOW, limit: 50, offset: 0 })],
    ['scorecard: identity', (f) => agentIdentity(db, f.banks, 'agent-61')],
    ['scorecard: 12 weeks', (f) => agentWeeks(db, { ...f, agentId: 'agent-61', from: '2026-10-05', to: '2026-12-21' })],
    ['scorecard: categories', (f) => agentCategories(db, { ...f, agentId: 'agent-61' })],
    ['scorecard: cases', (f) => agentCases(db, f.banks, 'agent-61', 20)],
  ];
  console.log(`\nBaseline, same run: \`SELECT count(*) FROM findings\` ${baseline.toFixed(1)} ms; \`SELECT count(*) FROM calls\` ${baselineCalls.toFixed(1)} ms.\n`);
  console.log('| query | all banks, whole year | ratio to count(*) | one bank, one team, a quarter | ratio | ≤ 300 ms |\n|---|---|---|---|---|---|');
  let worst = 0;
  for (const [name, run] of queries) {
    const a = await medianMs(() => run(all));
    const n = await medianMs(() => run(narrow));
    worst = Math.max(worst, a, n);
    console.log(`| ${name} | ${a.toFixed(1)} ms | ${(a / baseline).toFixed(3)} | ${n.toFixed(1)} ms | ${(n / baseline).toFixed(3)} | ${a <= 300 && n <= 300 ? 'yes' : '**no**'} |`);
  }
  console.log(`\nSlowest: ${worst.toFixed(1)} ms.`);
  await triggerCost(db);
} finally {
  await db.close();
  if (!KEEP) await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  else console.log(`kept database ${dbName}`);
  await admin.end();
}
