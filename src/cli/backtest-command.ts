import { loadConfig } from '../config.ts';
import type { Language } from '../domain/transcript.ts';
import { checkDraft } from '../pipeline/draft-rule-set.ts';
import { BacktestUsageError, parseScopeDate, runBacktest, type BacktestReport } from '../pipeline/rule-backtest.ts';
import { formatProblem, type Estimate, type BacktestSample } from '../rules/index.ts';
import { openDatabase, type Queryable } from '../store/index.ts';
import { clip, renderTable } from './text-table.ts';

/**
 * `callguard rules backtest`: the draft rules in --rules against the published version on the
 * calls stored in the database (DATABASE_URL, else the embedded one). Exit 1 when the draft does not
 * lint or its examples fail, 2 on a bad option.
 */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export interface BacktestCommandOptions {
  rules: string;
  since?: string;
  until?: string;
  bank?: string;
  language?: string;
  json?: boolean;
  samples?: string;
}

export async function backtestCommand(opts: BacktestCommandOptions, io: Output, database?: Queryable): Promise<number> {
  let scope;
  let samples;
  try {
    if (opts.language && opts.language !== 'zh-CN' && opts.language !== 'en-US') {
      throw new BacktestUsageError(`--language must be zh-CN or en-US, not "${opts.language}"`);
    }
    samples = opts.samples === undefined ? 5 : Number(opts.samples);
    if (!Number.isInteger(samples) || samples < 0 || samples > 1000) throw new BacktestUsageError(`--samples must be a whole number 0–1000`);
    scope = {
      since: opts.since ? parseScopeDate(opts.since, 'since') : null,
      until: opts.until ? parseScopeDate(opts.until, 'until') : null,
      bank: opts.bank ?? null,
      language: opts.language ?? null,
    };
  } catch (err) {
    if (!(err instanceof BacktestUsageError)) throw err;
    io.err(`callguard rules backtest: ${err.message}`);
    return 2;
  }

  const draft = checkDraft(opts.rules, opts.language ? new Set([opts.language as Language]) : undefined);
  if (!draft.ok) {
    for (const p of draft.problems) io.out(formatProblem(p));
    io.err(draft.stage === 'lint'
      ? `the draft in ${opts.rules} does not load (${draft.problems.length} problem${draft.problems.length === 1 ? '' : 's'}); nothing was backtested / 草案规则有误，未回测`
      : `${draft.problems.length} example${draft.problems.length === 1 ? '' : 's'} of the draft fail; nothing was backtested / 草案示例未通过，未回测`);
    return 1;
  }

  const db = database ?? (await openDatabase(loadConfig()));
  try {
    const report = await runBacktest(db, { draftDir: opts.rules, draft: draft.packs, scope, samplesPerRule: samples });
    if (opts.json) io.out(JSON.stringify(report, null, 2));
    else io.out(renderBacktest(report));
    return 0;
  } finally {
    if (!database) await (db as Awaited<ReturnType<typeof openDatabase>>).close();
  }
}

export function renderBacktest(r: BacktestReport): string {
  const out: string[] = [];
  const s = r.scope;
  out.push(`Backtest of the draft on ${r.calls} stored call${r.calls === 1 ? '' : 's'} / 回测通话数 ${r.calls}` +
    `${s.since ? `  since ${s.since}` : ''}${s.until ? `  until ${s.until} (excl.)` : ''}${s.bank ? `  bank ${s.bank}` : ''}`);
  for (const l of r.languages) {
    const pub = l.published.kind === 'pack'
      ? `published pack ${l.published.packHash.slice(0, 12)} (${l.published.publishedBy}, ${l.published.publishedAt})`
      : 'no published pack: the findings of each call\'s last scan stand for it / 未发布规则包，以已存发现为准';
    out.push(`  ${l.language}: ${l.calls} calls; compared with ${pub}`);
  }
  out.push('');
  const changed = r.rules.filter((x) => x.added > 0 || x.removed > 0 || x.published.findings > 0 || x.draft.findings > 0 || x.inPublished !== x.inDraft);
  const rows = changed.map((x) => [
    x.ruleId + (x.inDraft ? (x.inPublished ? '' : ' (new)') : ' (off or deleted)'),
    String(x.published.findings),
    String(x.draft.findings),
    `+${x.added}`,
    `-${x.removed}`,
    `${pct(x.published.precision)} → ${pct(x.draft.precision)}`,
    `${pct(x.published.recall)} → ${pct(x.draft.recall)}`,
  ]);
  const t = r.total;
  rows.push(['all rules 全部', String(t.published.findings), String(t.draft.findings), `+${t.added}`, `-${t.removed}`,
    `${pct(t.published.precision)} → ${pct(t.draft.precision)}`, `${pct(t.published.recall)} → ${pct(t.draft.recall)}`]);
  out.push(renderTable(['rule 规则', 'published 已发布', 'draft 草案', 'added 新增', 'removed 移除', 'precision 精确率 (n)', 'recall 召回率 (n)'], rows));
  out.push('');
  for (const x of r.rules) {
    if (x.addedSamples.length === 0 && x.removedSamples.length === 0) continue;
    out.push(`${x.ruleId}  ${x.title}`);
    out.push(`  evidence 复核依据: confirmed kept ${x.draft.evidence.confirmedKept}, dropped ${x.draft.evidence.confirmedDropped}; ` +
      `dismissed kept ${x.draft.evidence.dismissedKept}, dropped ${x.draft.evidence.dismissedDropped}; ` +
      `misses caught ${x.draft.evidence.missedCaught}, still missed ${x.draft.evidence.missedStill}; flags on clean samples ${x.draft.evidence.cleanSampleFlags}`);
    for (const smp of x.addedSamples) out.push(`  + ${sampleLine(smp)}`);
    if (x.added > x.addedSamples.length) out.push(`  + … ${x.added - x.addedSamples.length} more`);
    for (const smp of x.removedSamples) out.push(`  - ${sampleLine(smp)}`);
    if (x.removed > x.removedSamples.length) out.push(`  - … ${x.removed - x.removedSamples.length} more`);
    out.push('');
  }
  out.push(...ESTIMATES_NOTE);
  return out.join('\n');
}

/** How the figures are made: printed under every report, so nobody reads a precision without its basis. */
export const ESTIMATES_NOTE = [
  'How to read it / 说明:',
  '  A draft finding is the same as a stored or published one when call and rule id agree and their [start, end] times overlap.',
  '  precision = (confirmed kept + misses caught) / (that + dismissed kept + findings on calls QA sampled as clean);',
  '  recall    = (confirmed kept + misses caught) / (all confirmed + all manual misses).',
  '  n is how many reviewer verdicts the figure rests on; the 95% range (Wilson) is in --json. "–": no verdicts yet.',
];

function pct(e: Estimate): string {
  if (e.value === null) return '– (0)';
  return `${Math.round(e.value * 100)}% (${e.n})`;
}

function sampleLine(s: BacktestSample): string {
  const t = s.speaker === 'call' ? 'call' : `${clock(s.startMs)}`;
  return `${s.callId}  ${s.callStartedAt}  ${t}  ${s.quote ? clip(s.quote, 48) : ''}${s.verdict ? `  [was ${s.verdict}]` : ''}`;
}

function clock(ms: number): string {
  const sec = Math.floor(ms / 1000);
  return `${String(Math.floor(sec / 60)).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}`;
}

