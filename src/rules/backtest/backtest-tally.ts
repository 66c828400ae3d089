import type { Finding } from '../../domain/finding.ts';
import { estimate, type Estimate } from './estimate.ts';
import { hasSameHit, sameHit, type SpanFinding } from './span-match.ts';

/**
 * The pure core of a backtest: fed one stored call at a time (its findings under the published
 * version and under the draft, and what reviewers said about it), it keeps per-rule counts, the
 * diff and a bounded sample of added and removed findings, so a backtest over any number of calls
 * holds only the counters in memory. I/O (reading calls, scanning) is the caller's.
 */

/** A stored finding a reviewer judged. */
export interface ReviewedHit extends SpanFinding {
  verdict: 'confirmed' | 'dismissed';
}

/**
 * A violation a reviewer found that the rules missed (a manual finding). Its ruleId is the rule the
 * reviewer named, or MANUAL_MISSED_RULE when no rule covers it.
 */
export type MissedHit = SpanFinding;

/** The rule id of a manual finding no rule covers: caught when any rule's finding overlaps it. */
export const MANUAL_MISSED_RULE = 'manual.missed';

export interface BacktestCall {
  callId: string;
  /** ISO 8601 with offset. */
  startedAt: string;
  published: readonly Finding[];
  draft: readonly Finding[];
  reviewed: readonly ReviewedHit[];
  missed: readonly MissedHit[];
  /** A reviewer listened to this call as a random QA sample and found it clean. */
  sampledClean: boolean;
}

export interface BacktestRuleInfo {
  ruleId: string;
  language: string;
  title: string;
  inPublished: boolean;
  inDraft: boolean;
}

/** What reviewers' verdicts say about one version of the rules (published or draft). */
export interface Evidence {
  /** Confirmed findings this version still raises (same call, rule, overlapping span) / no longer raises. */
  confirmedKept: number;
  confirmedDropped: number;
  dismissedKept: number;
  dismissedDropped: number;
  /** Manual findings (misses) this version raises / still misses. */
  missedCaught: number;
  missedStill: number;
  /** This version's findings on calls sampled and found clean, not already counted as a dismissed hit. */
  cleanSampleFlags: number;
}

export interface VersionSide {
  findings: number;
  evidence: Evidence;
  /**
   * (confirmedKept + missedCaught) / (that + dismissedKept + cleanSampleFlags): of the findings a
   * reviewer has an opinion on, the share that are real violations.
   */
  precision: Estimate;
  /**
   * (confirmedKept + missedCaught) / (confirmed + missed): of the violations reviewers know of, the
   * share this version raises.
   */
  recall: Estimate;
}

export interface BacktestSample {
  callId: string;
  callStartedAt: string;
  speaker: Finding['speaker'];
  startMs: number;
  endMs: number;
  /** Masked by the caller's mask function: no phone numbers or ids leave the backtest. */
  quote: string;
  /** The verdict a reviewer gave the stored finding this one is the same hit as, if any. */
  verdict: 'confirmed' | 'dismissed' | null;
}

export interface RuleBacktest extends BacktestRuleInfo {
  published: VersionSide;
  draft: VersionSide;
  added: number;
  removed: number;
  addedSamples: BacktestSample[];
  removedSamples: BacktestSample[];
}

export interface BacktestSummary {
  calls: number;
  sampledCleanCalls: number;
  rules: RuleBacktest[];
  /** Every rule together; a manual finding no rule covers counts here, caught by any overlapping finding. */
  total: Omit<RuleBacktest, keyof BacktestRuleInfo | 'addedSamples' | 'removedSamples'>;
}

export interface BacktestTallyOptions {
  /** Added and removed findings kept per rule, each; the first met in the caller's order. */
  samplesPerRule: number;
  /** Masks personal data in a quote before it is kept. */
  maskQuote: (quote: string) => string;
}

interface RuleCounts {
  info: BacktestRuleInfo;
  published: { findings: number; evidence: Evidence };
  draft: { findings: number; evidence: Evidence };
  added: number;
  removed: number;
  addedSamples: BacktestSample[];
  removedSamples: BacktestSample[];
}

const noEvidence = (): Evidence => ({
  confirmedKept: 0, confirmedDropped: 0, dismissedKept: 0, dismissedDropped: 0, missedCaught: 0, missedStill: 0, cleanSampleFlags: 0,
});

const newCounts = (info: BacktestRuleInfo): RuleCounts => ({
  info,
  published: { findings: 0, evidence: noEvidence() },
  draft: { findings: 0, evidence: noEvidence() },
  added: 0,
  removed: 0,
  addedSamples: [],
  removedSamples: [],
});

export class BacktestTally {
  private readonly rules = new Map<string, RuleCounts>();
  private readonly total = newCounts({ ruleId: '*', language: '*', title: '', inPublished: true, inDraft: true });
  private calls = 0;
  private sampledCleanCalls = 0;

  constructor(rules: readonly BacktestRuleInfo[], private readonly options: BacktestTallyOptions) {
    for (const r of rules) this.rules.set(r.ruleId, newCounts(r));
  }

  addCall(call: BacktestCall): void {
    this.calls += 1;
    if (call.sampledClean) this.sampledCleanCalls += 1;
    for (const f of call.published) this.countsOf(f.ruleId, f).published.findings += 1;
    for (const f of call.draft) this.countsOf(f.ruleId, f).draft.findings += 1;
    this.total.published.findings += call.published.length;
    this.total.draft.findings += call.draft.length;

    for (const f of call.draft) {
      if (hasSameHit(f, call.published)) continue;
      const c = this.countsOf(f.ruleId, f);
      c.added += 1;
      this.total.added += 1;
      if (c.addedSamples.length < this.options.samplesPerRule) c.addedSamples.push(this.sample(call, f));
    }
    for (const f of call.published) {
      if (hasSameHit(f, call.draft)) continue;
      const c = this.countsOf(f.ruleId, f);
      c.removed += 1;
      this.total.removed += 1;
      if (c.removedSamples.length < this.options.samplesPerRule) c.removedSamples.push(this.sample(call, f));
    }

    this.weigh(call, call.published, 'published');
    this.weigh(call, call.draft, 'draft');
  }

  summary(): BacktestSummary {
    return {
      calls: this.calls,
      sampledCleanCalls: this.sampledCleanCalls,
      rules: [...this.rules.values()]
        .map((c) => ({ ...c.info, ...this.sides(c), added: c.added, removed: c.removed, addedSamples: c.addedSamples, removedSamples: c.removedSamples }))
        .sort((a, b) => a.language.localeCompare(b.language) || a.ruleId.localeCompare(b.ruleId)),
      total: { ...this.sides(this.total), added: this.total.added, removed: this.total.removed },
    };
  }

  /** Adds this call's verdict evidence for one version's findings, per rule and in total. */
  private weigh(call: BacktestCall, findings: readonly Finding[], side: 'published' | 'draft'): void {
    for (const r of call.reviewed) {
      const kept = hasSameHit(r, findings);
      const key = r.verdict === 'confirmed' ? (kept ? 'confirmedKept' : 'confirmedDropped') : kept ? 'dismissedKept' : 'dismissedDropped';
      this.countsOf(r.ruleId, null)[side].evidence[key] += 1;
      this.total[side].evidence[key] += 1;
    }
    for (const m of call.missed) {
      const caught = m.ruleId === MANUAL_MISSED_RULE
        ? findings.some((f) => f.callId === m.callId && f.startMs <= m.endMs && m.startMs <= f.endMs)
        : hasSameHit(m, findings);
      const key = caught ? 'missedCaught' : 'missedStill';
      if (m.ruleId !== MANUAL_MISSED_RULE) this.countsOf(m.ruleId, null)[side].evidence[key] += 1;
      this.total[side].evidence[key] += 1;
    }
    if (call.sampledClean) {
      for (const f of findings) {
        if (call.reviewed.some((r) => sameHit(f, r))) continue; // already weighed as a verdict
        this.countsOf(f.ruleId, f)[side].evidence.cleanSampleFlags += 1;
        this.total[side].evidence.cleanSampleFlags += 1;
      }
    }
  }

  private sides(c: RuleCounts): Pick<RuleBacktest, 'published' | 'draft'> {
    const side = (s: RuleCounts['published']): VersionSide => {
      const e = s.evidence;
      const good = e.confirmedKept + e.missedCaught;
      return {
        findings: s.findings,
        evidence: { ...e },
        precision: estimate(good, good + e.dismissedKept + e.cleanSampleFlags),
        recall: estimate(good, e.confirmedKept + e.confirmedDropped + e.missedCaught + e.missedStill),
      };
    };
    return { published: side(c.published), draft: side(c.draft) };
  }

  /** A rule met in the data but in neither version's rule list (e.g. one since deleted from both). */
  private countsOf(ruleId: string, f: Finding | null): RuleCounts {
    let c = this.rules.get(ruleId);
    if (!c) {
      c = newCounts({ ruleId, language: '', title: f?.title ?? '', inPublished: false, inDraft: false });
      this.rules.set(ruleId, c);
    }
    return c;
  }

  private sample(call: BacktestCall, f: Finding): BacktestSample {
    const judged = call.reviewed.find((r) => sameHit(f, r));
    return {
      callId: call.callId,
      callStartedAt: call.startedAt,
      speaker: f.speaker,
      startMs: f.startMs,
      endMs: f.endMs,
      quote: this.options.maskQuote(f.quote),
      verdict: judged?.verdict ?? null,
    };
  }
}
