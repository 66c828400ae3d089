/**
 * How the shipped zh-CN abuse and threat rules fare on two third-party sets, each sentence put in the
 * agent's mouth in an otherwise compliant call (bench/lib/eval-kit.ts):
 *
 * 1. Multilingual HateCheck, Mandarin (Röttger et al., WOAH 2022, CC BY 4.0), the even-numbered
 *    templates, read from ../shared/eval/hatecheck_zh/ (see its README: a `task_hint` column reads each
 *    functionality for a collection call). Reported per task_hint, for all rows and for each quarter
 *    of the templates (templ_id ≡ 0 mod 4: the tuning quarter, whose misses --show-misses prints;
 *    templ_id ≡ 2 mod 4: the check quarter, never printed). The odd templates are held out elsewhere.
 * 2. COLD, below.
 * 3. Our own check sets, fixtures/eval/zh-agent-check*.tsv (five rounds; see the README beside them): Mandarin
 *    collection-call utterances by kind, and zh-short-check.tsv, short general-language sentences of the same kinds (threats, insults, profanity that must be flagged; counter-speech,
 *    negations, lawful statements, everyday words that must not), reported per kind for its tuning half
 *    (odd ids, whose misses --show-misses prints) and its check half (even ids, never printed).
 * 4. Our own commentary set, fixtures/eval/zh-commentary-safe.tsv: non-offensive Mandarin comments
 *    written in rounds (narratives, reported words, anti-bias, opinion, everyday), per round; the
 *    held-out round is never printed (bench/lib/zh-commentary.ts).
 *
 * How the shipped zh-CN abuse and threat rules fare on COLD (Deng et al., EMNLP 2022: Chinese
 * Offensive Language Detection), read from ../shared/eval/cold/test.csv (third-party data,
 * Apache-2.0: measured here, never copied into the repository). Each sentence is scanned as one
 * agent segment of a zh-CN call, with only the pack's `abuse` and `threat` rules, exactly as
 * `callguard scan` would run them.
 *
 *   npx tsx bench/eval-zh.ts                    figures (all rows, and per pool)
 *   npx tsx bench/eval-zh.ts --show-misses 20   also print up to 20 missed / wrongly flagged rows
 *                                               (to the terminal only: the sentences are third-party)
 *   npx tsx bench/eval-zh.ts --without-models   the phrase rules alone, without the text models
 *                                               (`kind: model` rules), to see what the models add
 *
 * COLD is a proxy, not collection calls: social-media comments on race, gender and region. Its
 * "attack on an individual" rows are the closest public stand-in for a collector insulting a
 * borrower; many of them are sarcasm or insinuation without any insulting word, which no lexicon
 * catches. Its safe rows (other non-offensive, and anti-bias rows that quote or denounce prejudice)
 * show whether the lexicon fires on ordinary Chinese.
 *
 * Pools: rows are split by their id column. The even half was tuned on from the start. The odd half
 * was held out until its per-rule counts showed that changes tuned on the even half did not carry over
 * to it; since then its first quarter (id ≡ 1 mod 4) is tuned on too, and the last quarter (id ≡ 3
 * mod 4) is held out: only its figures are ever printed, and they show whether a change generalises.
 * The odd half is still reported whole, to compare with earlier figures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { readCheckSet, type CheckRow } from './lib/zh-check-sets.ts';
import { agentUtterance, meetsTarget, type Figure } from './lib/eval-kit.ts';
import { commentarySet } from './lib/zh-commentary.ts';
import type { Finding } from '../src/domain/finding.ts';
import { compilePack, formatProblem, loadPack, scanTranscript, type CompiledPack } from '../src/rules/index.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = resolve(process.env.CALLGUARD_EVAL_DIR ?? join(repoRoot, '..', 'shared', 'eval'), 'cold');
const testFile = join(evalDir, 'test.csv');
const hatecheckFile = resolve(
  process.env.CALLGUARD_EVAL_DIR ?? join(repoRoot, '..', 'shared', 'eval'),
  'hatecheck_zh',
  'hatecheck_cases_mandarin_even_templates.csv',
);
const packDir = join(repoRoot, 'rules', 'zh-CN');
/** The check sets, in the order written: each a fresh round of new phrasings (their README). */
const checkSetFiles = ['zh-agent-check.tsv', 'zh-agent-check-2.tsv', 'zh-agent-check-3.tsv', 'zh-agent-check-4.tsv', 'zh-short-check.tsv', 'zh-agent-check-6.tsv', 'zh-agent-check-7.tsv', 'zh-person-check.tsv'].map((f) => join(repoRoot, 'fixtures', 'eval', f));
const commentaryFile = join(repoRoot, 'fixtures', 'eval', 'zh-commentary-safe.tsv');

/** The rule families this benchmark measures: everything else in the pack is about calls, not words. */
const MEASURED_CATEGORIES = new Set(['abuse', 'threat']);
/**
 * Uncivil words not aimed at anyone (卧槽, 牛逼): a finding, but not abuse. Our own check set counts
 * them (a collection call with them is flagged); the third-party sets count abuse and threat only, and
 * COLD reports apart how many of its safe rows carry one.
 */
const UNCIVIL_CATEGORY = 'unprofessional_language';
const FP_TARGET = 0.01;
/** Rules about swearing as such: reported apart on COLD, whose safe rows include casual swearing. */
const PROFANITY_RULES = new Set(['zh.abuse.profanity', 'zh.abuse.profanity-written']);

/** COLD fine-grained labels of the test split. */
const FINE = { safe: '0', attackIndividual: '1', attackGroup: '2', antiBias: '3' } as const;

interface Row {
  id: string;
  label: string;
  fine: string;
  text: string;
  half: 'even' | 'odd';
  /** id mod 4: 0 and 2 make the even half, 1 is tuned on with it, 3 is held out. */
  quarter: number;
}

interface Outcome {
  row: Row;
  findings: Finding[];
}

function parseArgs(argv: string[]): { showMisses: number; withoutModels: boolean } {
  const withoutModels = argv.includes('--without-models');
  const i = argv.indexOf('--show-misses');
  if (i < 0) return { showMisses: 0, withoutModels };
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 0) throw new Error('--show-misses needs a whole number, e.g. --show-misses 20');
  return { showMisses: n, withoutModels };
}

function readRows(): Row[] {
  const records = parse(readFileSync(testFile, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  const rows: Row[] = [];
  for (const r of records) {
    // The id column has an empty header in COLD's CSV.
    const id = r[''] ?? '';
    const text = r['TEXT'];
    const label = r['label'];
    const fine = r['fine-grained-label'];
    if (text === undefined || label === undefined || fine === undefined) {
      throw new Error(`${testFile}: expected columns label, fine-grained-label and TEXT; found ${Object.keys(r).join(', ')}`);
    }
    const n = Number(id);
    const quarter = Number.isInteger(n) ? n % 4 : 0;
    rows.push({ id, label, fine, text, half: quarter % 2 === 1 ? 'odd' : 'even', quarter });
  }
  return rows;
}

function pct(n: number, d: number): string {
  return d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(2)}%`;
}

function describe(f: Figure): string {
  const target = f.target ? ` (target ${f.target.op} ${(f.target.value * 100).toFixed(0)}%: ${meetsTarget(f) ? 'met' : 'NOT met'})` : '';
  return `${f.name.padEnd(46)} ${String(f.flagged).padStart(5)} / ${String(f.total).padEnd(5)} = ${pct(f.flagged, f.total).padStart(7)}${target}`;
}

function loadMeasuredPack(withoutModels: boolean): { pack: CompiledPack; measured: Set<string>; uncivil: Set<string> } {
  const loaded = loadPack(packDir);
  if (!loaded.ok) {
    for (const p of loaded.problems) console.error(formatProblem(p));
    throw new Error(`eval-zh: the zh-CN pack in ${packDir} is invalid`);
  }
  const pack = compilePack(loaded.value);
  const measured = new Set(pack.rules.filter((r) => MEASURED_CATEGORIES.has(r.rule.category) && !(withoutModels && r.kind === 'model')).map((r) => r.id));
  const uncivil = new Set(pack.rules.filter((r) => r.rule.category === UNCIVIL_CATEGORY).map((r) => r.id));
  return { pack, measured, uncivil };
}

function main(): void {
  const { showMisses, withoutModels } = parseArgs(process.argv.slice(2));
  const { pack, measured, uncivil } = loadMeasuredPack(withoutModels);
  if (withoutModels) console.log('Without the text models (--without-models): the phrase rules alone.\n');
  for (const file of checkSetFiles) {
    checkSet(pack, new Set([...measured, ...uncivil]), showMisses, file);
    console.log('');
  }
  console.log('');
  commentarySet(pack, measured, commentaryFile, commentaryFile.slice(repoRoot.length + 1), showMisses);
  console.log('');
  hatecheck(pack, measured, showMisses);
  console.log('');
  cold(pack, measured, uncivil, showMisses);
}

function checkSet(pack: CompiledPack, measured: Set<string>, showMisses: number, checkSetFile: string): void {
  const rows = readCheckSet(checkSetFile);
  const outcomes = rows.map((row) => ({
    row,
    findings: scanTranscript(pack, agentUtterance('zh-CN', `check-${row.id}`, row.text), [], { onlyRules: measured }),
  }));
  console.log(`Own check set (${checkSetFile.slice(repoRoot.length + 1)}): ${rows.length} rows, each one agent segment, abuse, threat and unprofessional-language findings`);
  const kinds = [...new Set(rows.map((r) => r.kind))];
  const cell = (xs: typeof outcomes) => {
    const flagged = xs.filter((o) => o.findings.length > 0).length;
    return `${String(flagged).padStart(3)} / ${String(xs.length).padEnd(3)} = ${pct(flagged, xs.length).padStart(7)}`;
  };
  console.log(`${'kind'.padEnd(34)} ${'all'.padEnd(22)} ${'tuning half (odd ids)'.padEnd(22)} check half (even ids)`);
  const line = (name: string, keep: (r: CheckRow) => boolean) => {
    const xs = outcomes.filter((o) => keep(o.row));
    console.log(
      `${name.padEnd(34)} ${cell(xs).padEnd(22)} ${cell(xs.filter((o) => o.row.half === 'tuning')).padEnd(22)} ${cell(xs.filter((o) => o.row.half === 'check'))}`,
    );
  };
  for (const kind of kinds) {
    const mustFlag = rows.find((r) => r.kind === kind)!.mustFlag;
    line(`${mustFlag ? 'flagged' : 'wrongly flagged'}, ${kind}`, (r) => r.kind === kind);
  }
  line('flagged, all that must be', (r) => r.mustFlag);
  line('wrongly flagged, all that must not', (r) => !r.mustFlag);

  if (showMisses > 0) {
    // Only the tuning half: the check half stays unseen so that it keeps measuring generalisation.
    const tuning = outcomes.filter((o) => o.row.half === 'tuning');
    console.log(`\nmissed rows (tuning half, up to ${showMisses}):`);
    for (const o of tuning.filter((x) => x.row.mustFlag && x.findings.length === 0).slice(0, showMisses)) {
      console.log(`  [${o.row.id} ${o.row.kind}] ${o.row.text}`);
    }
    console.log(`\nwrongly flagged rows (tuning half, up to ${showMisses}):`);
    for (const o of tuning.filter((x) => !x.row.mustFlag && x.findings.length > 0).slice(0, showMisses)) {
      console.log(`  [${o.row.id} ${o.row.kind}] ${JSON.stringify(o.findings.map((f) => [f.ruleId, ...f.matched]))} ${o.row.text}`);
    }
  }
}

/** HateCheck task_hints and what a collection call expects of each (the file's README). */
const HATECHECK_TARGETS: Array<{ hint: string; op: '>=' | '<='; value: number } | { hint: string }> = [
  { hint: 'threat', op: '>=', value: 0.9 },
  { hint: 'profanity', op: '>=', value: 0.9 },
  { hint: 'abuse_individual', op: '>=', value: 0.85 },
  { hint: 'group_abuse', op: '>=', value: 0.6 },
  { hint: 'benign', op: '<=', value: 0.05 },
  { hint: 'benign_negation', op: '<=', value: 0.05 },
  { hint: 'benign_counter_speech', op: '<=', value: 0.05 },
  { hint: 'other' },
];
const BENIGN_HINTS = new Set(['benign', 'benign_negation', 'benign_counter_speech']);
/** Which templates a change may be tuned on (their misses are printed) and which only check it. */
const QUARTERS = [
  { name: 'templ_id ≡ 0 mod 4 (tuning quarter)', rem: 0 },
  { name: 'templ_id ≡ 2 mod 4 (check quarter)', rem: 2 },
] as const;

interface HatecheckRow {
  caseId: string;
  functionality: string;
  hint: string;
  templId: number;
  text: string;
}

function readHatecheck(): HatecheckRow[] {
  const records = parse(readFileSync(hatecheckFile, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  return records.map((r) => {
    const text = r['test_case'];
    const hint = r['task_hint'];
    const templId = Number(r['templ_id']);
    if (text === undefined || hint === undefined || !Number.isInteger(templId)) {
      throw new Error(`${hatecheckFile}: expected columns test_case, task_hint and a whole templ_id; found ${Object.keys(r).join(', ')}`);
    }
    return { caseId: r['mhc_case_id'] ?? '', functionality: r['functionality'] ?? '', hint, templId, text };
  });
}

function hatecheck(pack: CompiledPack, measured: Set<string>, showMisses: number): void {
  if (!existsSync(hatecheckFile)) {
    console.log(`eval-zh: HateCheck skipped: ${hatecheckFile} is absent (set CALLGUARD_EVAL_DIR to the parent of hatecheck_zh/)`);
    return;
  }
  const rows = readHatecheck();
  const outcomes = rows.map((row, i) => ({
    row,
    findings: scanTranscript(pack, agentUtterance('zh-CN', `hatecheck-${i}`, row.text), [], { onlyRules: measured }),
  }));
  console.log(`HateCheck Mandarin, even templates: ${rows.length} rows, each one agent segment, abuse/threat findings`);
  const pools: Array<{ name: string; keep: (r: HatecheckRow) => boolean }> = [
    { name: 'all rows', keep: () => true },
    ...QUARTERS.map((q) => ({ name: q.name, keep: (r: HatecheckRow) => r.templId % 4 === q.rem })),
  ];
  for (const pool of pools) {
    console.log(`\n${pool.name}`);
    const inPool = outcomes.filter((o) => pool.keep(o.row));
    const count = (pred: (r: HatecheckRow) => boolean) => {
      const xs = inPool.filter((o) => pred(o.row));
      return { flagged: xs.filter((o) => o.findings.length > 0).length, total: xs.length };
    };
    const figures: Figure[] = [];
    for (const t of HATECHECK_TARGETS) {
      const name = `${'op' in t ? (t.op === '>=' ? 'flagged' : 'wrongly flagged') : 'flagged (no target)'}, ${t.hint}`;
      figures.push({ name, ...count((r) => r.hint === t.hint), ...('op' in t ? { target: { op: t.op, value: t.value } } : {}) });
    }
    figures.push({
      name: 'wrongly flagged, benign + negation + counter',
      ...count((r) => BENIGN_HINTS.has(r.hint)),
      target: { op: '<=', value: 0.05 },
    });
    for (const f of figures) console.log(describe(f));
  }

  if (showMisses > 0) {
    // Only the tuning quarter: the check quarter stays unseen so that it keeps measuring generalisation.
    const tuning = outcomes.filter((o) => o.row.templId % 4 === QUARTERS[0].rem);
    const flaggedBenign = tuning.filter((o) => BENIGN_HINTS.has(o.row.hint) && o.findings.length > 0);
    console.log(`\nwrongly flagged benign rows (tuning quarter, up to ${showMisses}):`);
    for (const o of flaggedBenign.slice(0, showMisses)) {
      console.log(`  [${o.row.functionality}] ${JSON.stringify(o.findings.flatMap((f) => f.matched))} ${o.row.text}`);
    }
    const mustFlag = new Set(['threat', 'profanity', 'abuse_individual', 'group_abuse']);
    console.log(`\nmissed rows (tuning quarter, up to ${showMisses}):`);
    for (const o of tuning.filter((x) => mustFlag.has(x.row.hint) && x.findings.length === 0).slice(0, showMisses)) {
      console.log(`  [${o.row.functionality}] ${o.row.text}`);
    }
  }
}

function cold(pack: CompiledPack, measured: Set<string>, uncivil: Set<string>, showMisses: number): void {
  if (!existsSync(testFile)) {
    console.log(`eval-zh: COLD skipped: ${testFile} is absent (COLD lives in ../shared/eval/cold/; set CALLGUARD_EVAL_DIR to its parent)`);
    return;
  }
  const rows = readRows();

  // Calls are built (and schema-checked) before the clock starts: the figure is the scanner's own.
  const calls = rows.map((row, i) => agentUtterance('zh-CN', `cold-${i}`, row.text));
  const chars = rows.reduce((n, row) => n + row.text.length, 0);
  // The first pass also fills the per-character caches (traditional→simplified, pinyin) for the
  // thousands of distinct characters COLD holds; the second pass is the steady state of a server.
  const t0 = performance.now();
  const outcomes: Outcome[] = rows.map((row, i) => ({ row, findings: scanTranscript(pack, calls[i]!, [], { onlyRules: measured }) }));
  const coldMs = performance.now() - t0;
  const t1 = performance.now();
  for (const call of calls) scanTranscript(pack, call, [], { onlyRules: measured });
  const ms = performance.now() - t1;

  const POOLS: Array<{ name: string; keep: (r: Row) => boolean }> = [
    { name: 'all rows', keep: () => true },
    { name: 'even half (row id even: tuned on)', keep: (r) => r.half === 'even' },
    { name: 'odd half (row id odd), whole', keep: (r) => r.half === 'odd' },
    { name: 'row id ≡ 1 mod 4 (tuned on since 2026-12-06)', keep: (r) => r.quarter === 1 },
    { name: 'row id ≡ 3 mod 4 (held out)', keep: (r) => r.quarter === 3 },
  ];
  type Pool = (typeof POOLS)[number];
  const count = (pred: (o: Outcome) => boolean, pool: Pool) => {
    const xs = outcomes.filter((o) => pred(o) && pool.keep(o.row));
    return { flagged: xs.filter((o) => o.findings.length > 0).length, total: xs.length };
  };
  const isSafe = (o: Outcome) => o.row.label === '0';
  const profanityOnly = (o: Outcome) => o.findings.length > 0 && o.findings.every((f) => PROFANITY_RULES.has(f.ruleId));
  const fine = (v: string) => (o: Outcome) => o.row.fine === v;
  // Untimed: which safe rows carry an unprofessional_language finding (not abuse, so not counted above).
  const uncivilRows = new Set(rows.filter((_, i) => scanTranscript(pack, calls[i]!, [], { onlyRules: uncivil }).length > 0).map((row) => row.id));

  console.log(`COLD test split: ${rows.length} rows, ${measured.size} zh-CN rules (${[...MEASURED_CATEGORIES].join(', ')}): ${[...measured].join(', ')}`);
  const rate = (t: number) => `${((chars / t) * 1000 / 1e6).toFixed(2)} M chars/s`;
  console.log(`scan: ${chars} characters, one segment per row, normalisation and pinyin keys included:`);
  console.log(`  first pass ${coldMs.toFixed(0)} ms (${rate(coldMs)}, per-character caches filling), second pass ${ms.toFixed(0)} ms (${rate(ms)})`);
  for (const half of POOLS) {
    console.log(`\n${half.name}`);
    const figures: Figure[] = [
      { name: 'false positives, safe rows (label 0)', ...count(isSafe, half), target: { op: '<=', value: FP_TARGET } },
      // COLD labels casual swearing safe (it attacks nobody); on a call it is a finding whoever it is aimed at.
      { name: '  of which by profanity rules only', flagged: count((o) => isSafe(o) && profanityOnly(o), half).flagged, total: count(isSafe, half).total },
      {
        name: '  by other rules (target without swearing)',
        flagged: count((o) => isSafe(o) && !profanityOnly(o), half).flagged,
        total: count(isSafe, half).total,
        target: { op: '<=', value: FP_TARGET },
      },
      {
        name: '  (not counted: unprofessional language)',
        flagged: outcomes.filter((o) => isSafe(o) && uncivilRows.has(o.row.id) && half.keep(o.row)).length,
        total: count(isSafe, half).total,
      },
      { name: '  of which other non-offensive (fine 0)', ...count(fine(FINE.safe), half) },
      { name: '  of which anti-bias (fine 3)', ...count(fine(FINE.antiBias), half) },
      { name: 'recall, attack on an individual (fine 1)', ...count(fine(FINE.attackIndividual), half) },
      { name: 'recall, attack on a group (fine 2)', ...count(fine(FINE.attackGroup), half) },
      { name: 'recall, all offensive rows (label 1)', ...count((o) => o.row.label === '1', half) },
    ];
    for (const f of figures) console.log(describe(f));
  }

  const byRule = new Map<string, { safe: number; attack: number }>();
  for (const o of outcomes) {
    for (const ruleId of new Set(o.findings.map((f) => f.ruleId))) {
      const c = byRule.get(ruleId) ?? { safe: 0, attack: 0 };
      if (o.row.label === '0') c.safe++;
      else if (o.row.fine === FINE.attackIndividual) c.attack++;
      byRule.set(ruleId, c);
    }
  }
  console.log('\nper rule: rows flagged (safe rows / attack-on-an-individual rows)');
  for (const [ruleId, c] of [...byRule].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`  ${ruleId.padEnd(32)} ${c.safe} / ${c.attack}`);

  if (showMisses > 0) {
    // Only the rows tuned on: the held-out quarter stays unseen so that it keeps measuring generalisation.
    const even = outcomes.filter((o) => o.row.quarter !== 3);
    console.log(`\nwrongly flagged safe rows (tuned rows, up to ${showMisses}):`);
    for (const o of even.filter((x) => isSafe(x) && x.findings.length > 0).slice(0, showMisses)) {
      console.log(`  [${o.row.id}] ${JSON.stringify(o.findings.flatMap((f) => f.matched))} ${o.row.text}`);
    }
    console.log(`\nmissed attacks on an individual (tuned rows, up to ${showMisses}):`);
    for (const o of even.filter((x) => x.row.fine === FINE.attackIndividual && x.findings.length === 0).slice(0, showMisses)) {
      console.log(`  [${o.row.id}] ${o.row.text}`);
    }
  }
}

main();
