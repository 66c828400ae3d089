/**
 * Backtest throughput:  npx tsx bench/backtest.ts [--calls 100000] [--runs 3]
 *
 * N calls generated in PostgreSQL (a quarter English, the rest Mandarin; transcripts of two to four
 * minutes drawn from a pool of generated collection calls with a violation now and then, three
 * banks, borrowers called about monthly), the shipped packs published as the active versions, a
 * reviewer's verdict on one stored finding in twenty calls. Then, interleaved run by run:
 *   - baseline: reading the same transcripts from the database, page by page, without scanning;
 *   - backtest: `runBacktest` with a draft that is the shipped rules with one rule per language
 *     switched off (zh.abuse.insult, en.abuse.insult): every call is scanned with the draft, and
 *     again with the published pack's rules the draft changed, then compared.
 * The scan's share is backtest − baseline. Target: the backtest ≤ 60 s for 100,000 calls.
 * Prints Markdown for docs/benchmarks.md (## Backtest).
 */
import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { checkDraft } from '../src/pipeline/draft-rule-set.ts';
import { packContentHash, packFilesIn } from '../src/pipeline/rule-pack-source.ts';
import { runBacktest } from '../src/pipeline/rule-backtest.ts';
import { BacktestReadsRepository, connectDatabase, migrate, publishRulePack } from '../src/store/index.ts';
import { generateCall } from './lib/generate-calls.ts';
import { median, option } from './lib/timing.ts';

const PG_ADMIN = process.env.CALLGUARD_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const calls = Number(option('calls', '100000'));
const runs = Math.max(1, Number(option('runs', '3')));
const rulesDir = option('rules', 'rules');
const POOL = 300;

const admin = new pg.Client({ connectionString: PG_ADMIN });
await admin.connect();
const dbName = `callguard_bench_${randomBytes(5).toString('hex')}`;
await admin.query(`CREATE DATABASE ${dbName}`);
const dbUrl = new URL(PG_ADMIN);
dbUrl.pathname = `/${dbName}`;
const db = await connectDatabase(dbUrl.toString(), { maxConnections: 4 });
try {
  await migrate(db);
  const t0 = performance.now();
  // The pool: generated transcripts (two to four minutes each) the calls draw theirs from.
  const pool: Array<{ language: string; n: number; segments: unknown }> = [];
  for (const language of ['zh-CN', 'en-US'] as const) {
    for (let n = 0; n < POOL; n++) pool.push({ language, n, segments: generateCall(language, 120 + (n % 5) * 30, 1000 + n).segments });
  }
  await db.query(`CREATE TABLE bench_pool (language text, n int, segments jsonb, PRIMARY KEY (language, n))`);
  await db.query(
    `INSERT INTO bench_pool SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(language text, n int, segments jsonb)`,
    [JSON.stringify(pool)],
  );
  await db.query(
    `INSERT INTO calls (id, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status, connected, duration_ms, first_contact)
     SELECT 'bench-' || lpad(i::text, 7, '0'), 'A' || (i % 300), (ARRAY['招商银行', '建设银行', '工商银行'])[1 + i % 3], 'B-' || (i % 30000),
       'outbound', timestamptz '2026-06-01 09:00:00+08' + i * interval '83 seconds',
       CASE WHEN i % 4 = 0 THEN -300 ELSE 480 END, CASE WHEN i % 4 = 0 THEN 'en-US' ELSE 'zh-CN' END, 'done', true, 180000, i % 10 = 0
     FROM generate_series(1, $1::int) AS i`,
    [calls],
  );
  await db.query(
    `INSERT INTO transcripts (call_id, engine, language, segments, text)
     SELECT c.id, 'sidecar', c.language, p.segments, '' FROM calls c
     JOIN bench_pool p ON p.language = c.language AND p.n = abs(hashtext(c.id)) % ${POOL}`,
  );
  // A confirmed or dismissed finding on one call in twenty, on its first agent segment: evidence to weigh.
  await db.query(
    `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote, verdict, verdict_at, verdict_by)
     SELECT c.id, CASE WHEN c.language = 'zh-CN' THEN 'zh.abuse.insult' ELSE 'en.abuse.insult' END, 'v0', 'abuse', 'high', 'agent',
       (t.segments -> 0 ->> 'startMs')::int, (t.segments -> 0 ->> 'endMs')::int, '', CASE WHEN hashtext(c.id) % 2 = 0 THEN 'confirmed' ELSE 'dismissed' END,
       now(), 'qa'
     FROM calls c JOIN transcripts t ON t.call_id = c.id WHERE hashtext(c.id) % 20 = 0`,
  );
  await db.query('ANALYZE');
  for (const language of ['zh-CN', 'en-US'] as const) {
    const files = packFilesIn(`${rulesDir}/${language}`);
    await publishRulePack(db, { language, contentHash: packContentHash(files), files, ruleCount: 0, publishedBy: 'bench' });
  }
  const seedMs = performance.now() - t0;
  const draftDir = await mkdtemp(path.join(os.tmpdir(), 'cg-bench-draft-'));
  cpSync(rulesDir, draftDir, { recursive: true });
  for (const [language, id] of [['zh-CN', 'zh.abuse.insult'], ['en-US', 'en.abuse.insult']] as const) {
    const file = path.join(draftDir, language, 'abuse.yaml');
    const text = readFileSync(file, 'utf8');
    if (!text.includes(`  - id: ${id}\n`)) throw new Error(`${id} is not in ${file}`);
    writeFileSync(file, text.replace(`  - id: ${id}\n`, `  - id: ${id}\n    enabled: false\n`));
  }
  const draft = checkDraft(draftDir);
  if (!draft.ok) throw new Error(`the draft does not check: ${JSON.stringify(draft.problems.slice(0, 3))}`);

  const reads = new BacktestReadsRepository(db);
  const baseline = async () => {
    let n = 0;
    for (const language of ['zh-CN', 'en-US']) {
      let after: string | null = null;
      for (;;) {
        const page = await reads.page({ language }, { afterId: after, limit: 500, lookbackMs: 7 * 24 * 3600_000, withLastScan: false, excludeRules: [] });
        if (page.length === 0) break;
        n += page.length;
        after = page[page.length - 1]!.call.id;
      }
    }
    return n;
  };
  const backtest = () => runBacktest(db, { draftDir, draft: draft.packs, scope: {}, samplesPerRule: 5 });

  const timed = async <T>(fn: () => Promise<T>) => {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const value = await fn();
    const c = process.cpuUsage(c0);
    return { wallMs: performance.now() - w0, cpuMs: (c.user + c.system) / 1000, value };
  };
  const base: Array<{ wallMs: number; cpuMs: number }> = [];
  const full: Array<{ wallMs: number; cpuMs: number }> = [];
  let report;
  for (let r = 0; r < runs; r++) {
    const b = await timed(baseline);
    if (b.value !== calls) throw new Error(`baseline read ${b.value} calls, not ${calls}`);
    base.push(b);
    const f = await timed(backtest);
    if (f.value.calls !== calls) throw new Error(`backtest read ${f.value.calls} calls, not ${calls}`);
    full.push(f);
    report = f.value;
  }
  const bw = median(base.map((x) => x.wallMs));
  const fw = median(full.map((x) => x.wallMs));
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log('## Backtest');
  console.log('');
  console.log(`Command: \`npx tsx bench/backtest.ts --calls ${calls} --runs ${runs}\` — ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)} at the end, Node ${process.version}; ` +
    `PostgreSQL on the same machine. ${calls.toLocaleString('en-US')} calls generated in ${s(seedMs)}; medians of ${runs} interleaved runs; CPU is this process's (the database's is not in it).`);
  console.log('');
  console.log('| | wall | CPU (node) | calls/s |');
  console.log('|---|---:|---:|---:|');
  console.log(`| baseline: read the transcripts page by page, no scan | ${s(bw)} | ${s(median(base.map((x) => x.cpuMs)))} | ${Math.round(calls / (bw / 1000)).toLocaleString('en-US')} |`);
  console.log(`| backtest: read, scan with the draft and the changed published rules, compare | **${s(fw)}** | ${s(median(full.map((x) => x.cpuMs)))} | ${Math.round(calls / (fw / 1000)).toLocaleString('en-US')} |`);
  console.log(`| the scan's share (backtest − baseline) | ${s(fw - bw)} (${Math.round(((fw - bw) / fw) * 100)}%) | | |`);
  console.log('');
  console.log(`Target ≤ 60 s for 100,000 calls: ${fw <= 60_000 ? 'met' : 'missed'} at ${calls.toLocaleString('en-US')} calls. ` +
    `Findings in the last run: ${report!.total.published.findings.toLocaleString('en-US')} published, ${report!.total.draft.findings.toLocaleString('en-US')} draft ` +
    `(${report!.total.added} added, ${report!.total.removed} removed: the insult rules switched off).`);
  rmSync(draftDir, { recursive: true, force: true });
} finally {
  await db.close();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
