/**
 * How the shipped en-US threat and abuse rules fare on HateCheck (Röttger et al., ACL 2021), read
 * from ../shared/eval/hatecheck_en/ (third-party data, CC BY 4.0: measured here, never copied into
 * the repository). Each test case is scanned as one agent segment of an en-US call, with only the
 * pack's `threat` and `abuse` rules enabled, exactly as `callguard scan` would run them.
 *
 *   npx tsx bench/eval-en.ts                  figures (all rows, and per template half), with
 *                                             PASS / FAIL per target on each template half
 *   npx tsx bench/eval-en.ts --check          the same, exiting non-zero when a target fails
 *   npx tsx bench/eval-en.ts --show-misses 20 also print up to 20 missed / wrongly flagged cases
 *                                             (to the terminal only: the sentences are third-party)
 *   npx tsx bench/eval-en.ts --rules DIR      measure another en-US pack directory (a candidate
 *                                             change, or an older version from git)
 *   npx tsx bench/eval-en.ts --half even --show-misses 50
 *                                             list misses of one template half only: tune on
 *                                             `even`, keep `odd` unread as the held-out estimate
 *   npx tsx bench/eval-en.ts --show-all HINT  with --show-misses, list every row of one task hint
 *                                             (e.g. benign_counter_speech), flagged or not, to
 *                                             study the structure of a whole kind of row
 *
 * HateCheck is a proxy, not collection calls: its threats and profanity are aimed at protected
 * groups, and its counter-speech quotes or denounces them. It tells whether the lexicons are broad
 * and whether negation / quotation handling keeps false positives down.
 *
 * Template halves: HateCheck generates several cases from one template by swapping the targeted
 * group, so cases of one template are near-duplicates. Rows are split by the parity of their
 * template id (joined from test_suite_cases.csv); a lexicon tuned on misses of the even half can be
 * checked on the odd half it was not tuned on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { agentUtterance, meetsTarget, type Figure } from './lib/eval-kit.ts';
import type { Finding } from '../src/domain/finding.ts';
import { compilePack, formatProblem, loadPack, scanTranscript } from '../src/rules/index.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = resolve(process.env.CALLGUARD_EVAL_DIR ?? join(repoRoot, '..', 'shared', 'eval'), 'hatecheck_en');
const subsetFile = join(evalDir, 'SUBSET_threat_profanity_abuse.csv');
const suiteFile = join(evalDir, 'test_suite_cases.csv');

/** The rule families this benchmark measures: everything else in the pack is about calls, not words. */
const MEASURED_CATEGORIES = new Set(['threat', 'abuse']);
const PROFANITY_RULE = 'en.abuse.profanity';

interface Row {
  functionality: string;
  taskHint: string;
  text: string;
  /** Template id parity; undefined when test_suite_cases.csv is absent or the row is not found. */
  half?: 'even' | 'odd';
}

interface Outcome {
  row: Row;
  findings: Finding[];
}

interface Args {
  showMisses: number;
  rulesDir: string;
  /** Restricts the listing of --show-misses (never the figures) to one template half. */
  half?: 'even' | 'odd';
  /** A task hint whose rows are all listed by --show-misses, flagged or not. */
  showAll?: string;
  /** Exit non-zero when a target fails on either template half. */
  check: boolean;
}

const USAGE = 'usage: eval-en.ts [--rules DIR] [--check] [--show-misses N] [--half even|odd] [--show-all HINT]';

function parseArgs(argv: string[]): Args {
  let showMisses = 0;
  let rulesDir = join(repoRoot, 'rules', 'en-US');
  let half: Args['half'];
  let showAll: string | undefined;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--show-misses') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error('--show-misses needs a whole number, e.g. --show-misses 20');
      showMisses = n;
    } else if (arg === '--rules') {
      const dir = argv[++i];
      if (!dir) throw new Error('--rules needs a directory, e.g. --rules rules/en-US');
      rulesDir = resolve(dir);
    } else if (arg === '--half') {
      const h = argv[++i];
      if (h !== 'even' && h !== 'odd') throw new Error('--half needs even or odd');
      half = h;
    } else if (arg === '--check') {
      check = true;
    } else if (arg === '--show-all') {
      const hint = argv[++i];
      if (!hint) throw new Error('--show-all needs a task hint, e.g. --show-all benign_counter_speech');
      showAll = hint;
    } else {
      throw new Error(`unknown argument ${arg}; ${USAGE}`);
    }
  }
  if ((half || showAll) && showMisses === 0) throw new Error(`--half and --show-all only change what --show-misses lists; ${USAGE}`);
  return { showMisses, rulesDir, check, ...(half ? { half } : {}), ...(showAll ? { showAll } : {}) };
}

function readRows(): Row[] {
  const subset = parse(readFileSync(subsetFile, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const templateOf = new Map<string, number>();
  if (existsSync(suiteFile)) {
    const suite = parse(readFileSync(suiteFile, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    for (const r of suite) {
      const templ = Number(r['templ_id']);
      if (r['test_case'] !== undefined && Number.isFinite(templ)) templateOf.set(`${r['functionality']}\u0000${r['test_case'].trim()}`, templ);
    }
  }
  return subset.map((r) => {
    const functionality = r['functionality'] ?? '';
    const text = r['test_case'] ?? '';
    // The full suite pads some cases with trailing spaces; the subset does not.
    const templ = templateOf.get(`${functionality}\u0000${text.trim()}`);
    return {
      functionality,
      taskHint: r['task_hint'] ?? '',
      text,
      ...(templ !== undefined ? { half: templ % 2 === 0 ? ('even' as const) : ('odd' as const) } : {}),
    };
  });
}

function figures(outcomes: Outcome[]): Figure[] {
  const of = (hint: string) => outcomes.filter((o) => o.row.taskHint === hint);
  const count = (list: Outcome[], pred: (f: Finding) => boolean) => list.filter((o) => o.findings.some(pred)).length;
  const anyMeasured = () => true;
  const threat = of('threat');
  const profanity = of('profanity');
  const counter = of('benign_counter_speech');
  const benign = of('benign');
  const individual = of('abuse_individual');
  const group = of('abuse_nonprotected_group');
  const object = of('abuse_object');
  return [
    {
      name: 'threat recall (threat rules)',
      flagged: count(threat, (f) => f.category === 'threat'),
      total: threat.length,
      target: { op: '>=', value: 0.9 },
    },
    { name: 'threat rows flagged by any threat/abuse rule', flagged: count(threat, anyMeasured), total: threat.length },
    {
      name: 'profanity recall (en.abuse.profanity)',
      flagged: count(profanity, (f) => f.ruleId === PROFANITY_RULE),
      total: profanity.length,
      target: { op: '>=', value: 0.8 },
    },
    {
      name: 'counter-speech false positives',
      flagged: count(counter, anyMeasured),
      total: counter.length,
      target: { op: '<=', value: 0.05 },
    },
    {
      name: 'benign (neutral / positive) false positives',
      flagged: count(benign, anyMeasured),
      total: benign.length,
      target: { op: '<=', value: 0 },
    },
    { name: 'abuse of an individual, flagged (no target)', flagged: count(individual, anyMeasured), total: individual.length },
    { name: 'abuse of a non-protected group, flagged (no target)', flagged: count(group, anyMeasured), total: group.length },
    { name: 'abuse of an object, flagged (no target)', flagged: count(object, anyMeasured), total: object.length },
  ];
}

function pct(n: number, d: number): string {
  return d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;
}

function verdict(f: Figure): string {
  const ok = meetsTarget(f);
  if (ok === undefined || !f.target) return '';
  return `${ok ? 'PASS' : 'FAIL'} (target ${f.target.op} ${(f.target.value * 100).toFixed(0)}%)`;
}

function printTable(title: string, list: Figure[]): void {
  console.log(`\n${title}`);
  for (const f of list) {
    console.log(`  ${f.name.padEnd(52)} ${String(f.flagged).padStart(4)} / ${String(f.total).padEnd(4)} ${pct(f.flagged, f.total)}  ${verdict(f)}`);
  }
}

/** Which rule fires on which kind of row: where a lexicon earns its recall and where it costs. */
function printPerRule(outcomes: Outcome[], ruleIds: string[]): void {
  const hints = [...new Set(outcomes.map((o) => o.row.taskHint))].sort();
  console.log(`\nrows flagged per rule\n  ${'rule'.padEnd(42)} ${hints.map((h) => h.padStart(Math.max(h.length, 5))).join(' ')}`);
  for (const id of ruleIds) {
    const cells = hints.map((h) => {
      const n = outcomes.filter((o) => o.row.taskHint === h && o.findings.some((f) => f.ruleId === id)).length;
      return String(n).padStart(Math.max(h.length, 5));
    });
    console.log(`  ${id.padEnd(42)} ${cells.join(' ')}`);
  }
}

/**
 * Rows a reader tuning the pack should look at: missed threats / profanity, flagged benign rows
 * (or, with `showAll`, every row of that task hint). With `half`, only rows of that template half:
 * the figures of the other half stay an estimate on wording nobody tuned on.
 */
function printMisses(outcomes: Outcome[], limit: number, half: Args['half'], showAll: string | undefined): void {
  const wrong = outcomes.filter((o) => {
    if (half && o.row.half !== half) return false;
    if (showAll) return o.row.taskHint === showAll;
    const flagged = o.findings.length > 0;
    if (o.row.taskHint === 'threat') return !o.findings.some((f) => f.category === 'threat');
    if (o.row.taskHint === 'profanity') return !o.findings.some((f) => f.ruleId === PROFANITY_RULE);
    if (o.row.taskHint === 'benign' || o.row.taskHint === 'benign_counter_speech') return flagged;
    return false;
  });
  const what = showAll ? `rows of ${showAll}` : 'rows missed or wrongly flagged';
  console.log(`\n${wrong.length} ${what}${half ? ` (${half} template half only)` : ''}; the first ${Math.min(limit, wrong.length)} (third-party text, do not copy):`);
  for (const o of wrong.slice(0, limit)) {
    const why = o.findings.map((f) => `${f.ruleId}${JSON.stringify(f.matched)}`).join(' ');
    console.log(`  [${o.row.functionality}${o.row.half ? `/${o.row.half}` : ''}] ${o.row.text}${why ? `  <- ${why}` : ''}`);
  }
}

function main(): void {
  const { showMisses, rulesDir, half, showAll, check } = parseArgs(process.argv.slice(2));
  if (!existsSync(subsetFile)) {
    console.log(`eval-en: skipped: ${subsetFile} is absent (HateCheck lives outside the repository, in ../shared/eval/; set CALLGUARD_EVAL_DIR to point elsewhere)`);
    return;
  }
  const loaded = loadPack(rulesDir, 'en-US');
  if (!loaded.ok) {
    for (const p of loaded.problems) console.error(formatProblem(p));
    throw new Error('the en-US rule pack is invalid');
  }
  const pack = compilePack(loaded.value);
  const measured = pack.rules.filter((r) => MEASURED_CATEGORIES.has(r.rule.category)).map((r) => r.id);
  const onlyRules = new Set(measured);

  const rows = readRows();
  const started = performance.now();
  const outcomes: Outcome[] = rows.map((row, i) => ({ row, findings: scanTranscript(pack, agentUtterance('en-US', `hatecheck-${i}`, row.text), [], { onlyRules }) }));
  const elapsedMs = performance.now() - started;

  console.log(`HateCheck en: ${rows.length} cases from ${subsetFile}`);
  console.log(`pack: ${rulesDir}`);
  console.log(`rules measured (${measured.length}): ${measured.join(', ')}`);
  console.log(`scanned in ${elapsedMs.toFixed(0)} ms (${((rows.length / elapsedMs) * 1000).toFixed(0)} cases/s, including transcript validation)`);
  printTable('all rows', figures(outcomes));
  printPerRule(outcomes, measured);
  const halves = (['even', 'odd'] as const).map((h) => ({ h, list: outcomes.filter((o) => o.row.half === h) }));
  // The targets hold on EACH half: a pack that meets them only on the half it was tuned on has
  // learnt sentences, not kinds of language.
  const failures: string[] = [];
  if (halves.every((x) => x.list.length > 0)) {
    for (const { h, list } of halves) {
      const table = figures(list);
      printTable(`template ids ${h} (${list.length} rows)`, table);
      for (const f of table) if (meetsTarget(f) === false) failures.push(`${f.name} (${h} half)`);
    }
  } else {
    console.log('\n(test_suite_cases.csv absent: no per-template split; targets judged on all rows)');
    for (const f of figures(outcomes)) if (meetsTarget(f) === false) failures.push(f.name);
  }
  console.log(failures.length === 0 ? '\ntargets: PASS on both halves' : `\ntargets: FAIL: ${failures.join('; ')}`);
  if (check && failures.length > 0) process.exitCode = 1;
  if (showMisses > 0) printMisses(outcomes, showMisses, half, showAll);
}

try {
  main();
} catch (err) {
  console.error(`eval-en: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
