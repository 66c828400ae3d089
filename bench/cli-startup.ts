/**
 * CLI start-up:  npx tsx bench/cli-startup.ts [--runs N] [--bin PATH]
 *
 * What a person pays before `callguard` does any work: CPU time (user + system) and peak memory of
 * `callguard --help`, `callguard --version` and `callguard scan` of one fixture transcript, each run
 * as its own process through bin/callguard.js exactly as a user runs it, against `node -e 0` measured
 * in the same run (the floor no Node.js program goes below). Target: --help and scan of one file
 * ≤ 0.5 s CPU. Each child reports its own usage on exit (bench/lib/report-usage.js); medians of
 * N runs (default 7) after one unmeasured run. `callguard rules lint rules` is shown beside them:
 * loading and compiling the rule packs, which scan does too, without any transcript. `--bin` measures
 * another checkout's bin/callguard.js (e.g. an older commit unpacked with `git archive`) in the same
 * conditions. Prints Markdown for docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, option } from './lib/timing.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./lib/report-usage.js', import.meta.url));
const BIN = path.resolve(option('bin', path.join(ROOT, 'bin/callguard.js')));
const runs = Math.max(3, Number(option('runs', '7')));
const TARGET_CPU_MS = 500;

interface Usage { cpuMs: number; wallMs: number; maxRssMiB: number }

/**
 * `callguard scan` keeps loaded rule packs in a cache (src/cli/pack-cache.ts). The bench gives the
 * commands a cache folder of its own: warm for the usual start, emptied before every run for the
 * first start after a pack (or callguard) changed.
 */
const cases: Array<{ label: string; args: string[]; target?: boolean; emptyCache?: boolean }> = [
  { label: '`node -e 0` (baseline)', args: ['-e', '0'] },
  { label: '`callguard --help`', args: [BIN, '--help'], target: true },
  { label: '`callguard --version`', args: [BIN, '--version'] },
  { label: '`callguard scan fixtures/transcripts/en-violation.json`', args: [BIN, 'scan', 'fixtures/transcripts/en-violation.json'], target: true },
  {
    label: '`callguard scan …` as above, first start after the pack changed (pack cache empty)',
    args: [BIN, 'scan', 'fixtures/transcripts/en-violation.json'],
    emptyCache: true,
  },
  { label: '`callguard rules lint rules` (loading the packs alone)', args: [BIN, 'rules', 'lint', 'rules'] },
];

const dir = mkdtempSync(path.join(os.tmpdir(), 'callguard-cli-bench-'));
const cacheDir = path.join(dir, 'cache');
function runOnce(args: string[], emptyCache = false): Usage {
  const file = path.join(dir, 'usage.jsonl');
  rmSync(file, { force: true });
  if (emptyCache) rmSync(cacheDir, { recursive: true, force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(PRELOAD).href, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CALLGUARD_BENCH_USAGE: file, CALLGUARD_CACHE_DIR: cacheDir },
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
  // One line per process that loaded the preload; the CLI spawns no Node child for these commands.
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { userUs: number; systemUs: number; maxRssKiB: number });
  return {
    cpuMs: lines.reduce((n, u) => n + (u.userUs + u.systemUs) / 1000, 0),
    wallMs,
    maxRssMiB: Math.max(...lines.map((u) => u.maxRssKiB)) / 1024,
  };
}

const binRoot = path.dirname(path.dirname(BIN));
const build = existsSync(path.join(binRoot, 'scripts/build-freshness.js'))
  ? (await import(pathToFileURL(path.join(binRoot, 'scripts/build-freshness.js')).href) as { cliBuildIsFresh(root: string): boolean }).cliBuildIsFresh(binRoot)
    ? 'the compiled build in dist/'
    : 'the sources through tsx (dist/ missing or stale)'
  : 'the sources through tsx (no compiled build)';
console.log('## CLI start-up');
console.log('');
console.log(
  `Command: \`npx tsx bench/cli-startup.ts --runs ${runs}${process.argv.includes('--bin') ? ` --bin ${BIN}` : ''}\` — ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)} when started, Node ${process.version}, ` +
    `${path.relative(ROOT, BIN) || BIN} running ${build}. Each figure is the median of ${runs} runs (after one unmeasured run) of a fresh process; ` +
    `CPU time is user + system of that process, read by the process itself on exit.`,
);
console.log('');
console.log('| command | CPU ms | × node -e 0 | wall ms | max RSS MiB |');
console.log('|---|---:|---:|---:|---:|');
let baselineCpu = 0;
const misses: string[] = [];
try {
  for (const c of cases) {
    try {
      runOnce(c.args, c.emptyCache);
    } catch (err) {
      // A command this version lacks is reported, not fatal: the table then still compares the rest.
      console.log(`| ${c.label} | — | — | — | — (${(err as Error).message.split('\n')[0]}) |`);
      if (c.target) misses.push(`${c.label}: failed`);
      continue;
    }
    const samples = Array.from({ length: runs }, () => runOnce(c.args, c.emptyCache));
    const cpu = median(samples.map((s) => s.cpuMs));
    if (baselineCpu === 0) baselineCpu = cpu;
    const wall = median(samples.map((s) => s.wallMs));
    const rss = median(samples.map((s) => s.maxRssMiB));
    console.log(`| ${c.label} | ${cpu.toFixed(0)} | ${(cpu / baselineCpu).toFixed(1)} | ${wall.toFixed(0)} | ${rss.toFixed(0)} |`);
    if (c.target && cpu > TARGET_CPU_MS) misses.push(`${c.label}: ${cpu.toFixed(0)} ms CPU > ${TARGET_CPU_MS} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log('');
console.log(misses.length === 0 ? `Target (≤ ${TARGET_CPU_MS} ms CPU for --help and scan of one file): met.` : `Target missed: ${misses.join('; ')}.`);
