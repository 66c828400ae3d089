import { TRANSCRIPT_QUALITY_RULE_ID } from '../asr/transcript-quality-finding.ts';
import { callMetaOf } from '../domain/call.ts';
import type { Finding } from '../domain/finding.ts';
import type { Language, Transcript } from '../domain/transcript.ts';
import { maskPii } from '../privacy/pii-mask.ts';
import {
  BacktestTally,
  lookbackForPack,
  scanTranscript,
  type BacktestCall,
  type BacktestRuleInfo,
  type BacktestSummary,
  type CompiledPack,
  type HistoryCall,
} from '../rules/index.ts';
import type { Queryable } from '../store/db.ts';
import { BacktestReadsRepository, RulePacksRepository, type BacktestCallRead, type BacktestScope } from '../store/index.ts';
import { RulePackSource } from './rule-pack-source.ts';

/** What the draft is compared with, per language. */
export type PublishedSide =
  | { kind: 'pack'; packHash: string; publishedBy: string; publishedAt: string }
  /** No pack is active for the language: the findings each call's last scan stored stand for it. */
  | { kind: 'stored-findings' };

export interface BacktestReport extends BacktestSummary {
  scope: { since: string | null; until: string | null; bank: string | null; language: string | null };
  languages: Array<{ language: Language; calls: number; published: PublishedSide }>;
}

export interface BacktestRunOptions {
  /** The draft's rules directory (checked with checkDraft first) and its compiled packs. */
  draftDir: string;
  draft: ReadonlyMap<Language, CompiledPack>;
  scope: BacktestScope;
  samplesPerRule: number;
  /** Calls read per query. */
  pageSize?: number;
  /** Called after each page with calls done and the total in scope; awaited, so it may write progress. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Checked between pages: a cancelled run stops with an error instead of finishing. */
  signal?: AbortSignal;
}

export class BacktestUsageError extends Error {}

/** --since / --until: an ISO date (a whole UTC day; --until includes it) or an ISO date-time with offset. */
export function parseScopeDate(value: string, edge: 'since' | 'until'): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (!dateOnly && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(value)) {
    throw new BacktestUsageError(`--${edge} ${value}: give a date (2026-11-01) or a date-time with its offset (2026-11-01T08:00:00+08:00)`);
  }
  if (Number.isNaN(ms)) throw new BacktestUsageError(`--${edge} ${value}: not a date`);
  // --until 2026-11-30 means "up to and including the 30th": the scope's end is exclusive.
  return new Date(dateOnly && edge === 'until' ? ms + 24 * 60 * 60 * 1000 : ms);
}

/** Not the rule pack's: the transcript-quality finding comes from the policy threshold, not from a rule a draft changes. */
const NOT_PACK_RULES = [TRANSCRIPT_QUALITY_RULE_ID];

/**
 * Backtests a draft rule set on the transcripts stored in the database: every call in scope is
 * scanned with the draft and with the language's published pack (or, with none active, its stored
 * findings stand for the published side), and the two are compared rule by rule with what reviewers
 * said of those calls. Calls are read a page at a time; only counters and bounded samples are kept.
 */
export async function runBacktest(db: Queryable, opts: BacktestRunOptions): Promise<BacktestReport> {
  const reads = new BacktestReadsRepository(db);
  const languages = [...opts.draft.keys()].filter((l) => !opts.scope.language || l === opts.scope.language).sort();
  if (languages.length === 0) throw new Error(opts.scope.language ? `the draft has no ${opts.scope.language} rule pack` : 'the draft has no rule pack');

  const published = new Map<Language, { side: PublishedSide; pack: CompiledPack | null }>();
  const source = new RulePackSource(opts.draftDir);
  for (const language of languages) {
    const active = await new RulePacksRepository(db).getActive(language);
    if (!active) {
      published.set(language, { side: { kind: 'stored-findings' }, pack: null });
      continue;
    }
    const compiled = await source.version(db, active.contentHash);
    published.set(language, {
      side: { kind: 'pack', packHash: active.contentHash, publishedBy: active.publishedBy, publishedAt: active.publishedAt.toISOString() },
      pack: compiled.pack,
    });
  }

  const tally = new BacktestTally(ruleInfos(languages, opts.draft, published), {
    samplesPerRule: opts.samplesPerRule,
    maskQuote: maskPii,
  });
  const counts = new Map<Language, number>();
  for (const language of languages) counts.set(language, await reads.countCalls({ ...opts.scope, language }));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  let done = 0;
  await opts.onProgress?.(0, total);

  for (const language of languages) {
    const draft = opts.draft.get(language)!;
    const pub = published.get(language)!;
    const lookbackMs = Math.max(lookbackForPack(draft), pub.pack ? lookbackForPack(pub.pack) : 0);
    const pageSize = opts.pageSize ?? 500;
    const fetchAfter = (afterId: string | null) => reads.page({ ...opts.scope, language }, {
      afterId, limit: pageSize, lookbackMs, withLastScan: !pub.pack, excludeRules: NOT_PACK_RULES,
    });
    // The next page is read while this one is scanned: the database and the scan use a core each.
    let next: Promise<BacktestCallRead[]> | null = fetchAfter(null);
    while (next) {
      opts.signal?.throwIfAborted();
      const page: BacktestCallRead[] = await next;
      next = page.length === pageSize ? fetchAfter(page[page.length - 1]!.call.id) : null;
      // A rejected prefetch must not go unhandled while this page is scanned; awaiting it rethrows.
      next?.catch(() => undefined);
      for (const read of page) tally.addCall(backtestCall(read, draft, pub.pack));
      done += page.length;
      await opts.onProgress?.(done, total);
    }
  }

  const s = opts.scope;
  return {
    ...tally.summary(),
    scope: { since: s.since?.toISOString() ?? null, until: s.until?.toISOString() ?? null, bank: s.bank ?? null, language: s.language ?? null },
    languages: languages.map((language) => ({ language, calls: counts.get(language)!, published: published.get(language)!.side })),
  };
}

/** One stored call scanned with both versions, with the reviewers' evidence about it. */
export function backtestCall(read: BacktestCallRead, draft: CompiledPack, published: CompiledPack | null): BacktestCall {
  const meta = callMetaOf(read.call);
  const transcript: Transcript = { call: meta, segments: read.segments };
  const start = Date.parse(meta.startedAt);
  const history = read.history
    .filter((h) => Date.parse(h.startedAt) <= start)
    .map((h): HistoryCall => ({
      callId: h.callId,
      borrowerId: h.borrowerId,
      startedAt: h.startedAt,
      ...(h.durationMs !== null ? { durationMs: h.durationMs } : {}),
      ...(h.connected !== null ? { connected: h.connected } : {}),
    }));
  // scanTranscript asks only for the window it needs; giving each pack the longer of the two is harmless.
  const draftFindings: Finding[] = scanTranscript(draft, transcript, history);
  let publishedFindings: Finding[] = read.lastScanFindings;
  if (published) {
    // A rule whose version is the same in both packs raises the same findings (the version hashes
    // everything the rule matches with: definition, lexicons, cues, bank names); only the rules
    // the draft changed or dropped are scanned again with the published pack.
    const diff = diffOf(draft, published);
    publishedFindings = draftFindings.filter((f) => diff.unchanged.has(f.ruleId));
    if (diff.changed.size > 0) publishedFindings.push(...scanTranscript(published, transcript, history, { onlyRules: diff.changed }));
  }
  return {
    callId: read.call.id,
    startedAt: meta.startedAt,
    published: publishedFindings,
    draft: draftFindings,
    reviewed: read.reviewed.map((r) => ({ callId: read.call.id, ...r })),
    missed: read.missed.map((m) => ({ callId: read.call.id, ...m })),
    sampledClean: read.sampledClean,
  };
}

const diffs = new WeakMap<CompiledPack, WeakMap<CompiledPack, PackDiff>>();

/** Published rules (enabled) whose version the draft keeps, and those it changed, disabled or removed. */
interface PackDiff {
  unchanged: ReadonlySet<string>;
  changed: ReadonlySet<string>;
}

export function diffOf(draft: CompiledPack, published: CompiledPack): PackDiff {
  let byPublished = diffs.get(draft);
  if (!byPublished) diffs.set(draft, (byPublished = new WeakMap()));
  let diff = byPublished.get(published);
  if (!diff) {
    const draftVersions = new Map(draft.rules.map((r) => [r.id, r.version]));
    const unchanged = new Set<string>();
    const changed = new Set<string>();
    for (const r of published.rules) (draftVersions.get(r.id) === r.version ? unchanged : changed).add(r.id);
    diff = { unchanged, changed };
    byPublished.set(published, diff);
  }
  return diff;
}

function ruleInfos(
  languages: readonly Language[],
  draft: ReadonlyMap<Language, CompiledPack>,
  published: ReadonlyMap<Language, { pack: CompiledPack | null }>,
): BacktestRuleInfo[] {
  const infos = new Map<string, BacktestRuleInfo>();
  for (const language of languages) {
    for (const r of published.get(language)?.pack?.rules ?? []) {
      infos.set(r.id, { ruleId: r.id, language, title: r.title, inPublished: true, inDraft: false });
    }
    for (const r of draft.get(language)!.rules) {
      const known = infos.get(r.id);
      // Without a published pack, the rules that exist in the draft are the ones the stored findings came from.
      infos.set(r.id, { ruleId: r.id, language, title: r.title, inPublished: known ? true : !published.get(language)?.pack, inDraft: true });
    }
  }
  return [...infos.values()];
}
