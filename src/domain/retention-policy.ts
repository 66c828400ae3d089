import { z } from 'zod';

/**
 * How long each kind of data is kept, per bank (rules/retention.yaml), and the legal minimums no
 * setting may go below without an explicit, written reason. Pure: the purge and the report turn a
 * policy and "now" into cutoff instants here, and do the I/O elsewhere.
 */
export const RETENTION_KINDS = ['audio', 'transcript', 'findings', 'cases', 'audit'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export const JURISDICTIONS = ['CN', 'US'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/** A period as written: a count of days, months or years ("90d", "36m", "3y"). */
export interface Period {
  count: number;
  unit: 'd' | 'm' | 'y';
}

export interface LegalMinimum {
  period: Period;
  source: string;
}

/**
 * What the packs' sources require. Only what a law requires is listed; a kind missing here has no
 * legal minimum in that jurisdiction (the agency's own defaults still apply).
 * - China: 《商业银行信用卡业务监督管理办法》第六十八条: collection calls are recorded and the
 *   recordings kept at least two years (录音资料至少保存2年备查).
 * - US: Regulation F, 12 CFR §1006.100: records evidencing compliance kept three years after the
 *   last collection activity on the debt (a), call recordings three years after the call (b).
 *   Transcripts, findings, cases and the audit log are such records; counted here from the call
 *   (or the case's close, or the event), which is the earliest the last activity can be.
 */
export const LEGAL_MINIMUMS: Record<Jurisdiction, Partial<Record<RetentionKind, LegalMinimum>>> = {
  CN: {
    audio: { period: { count: 2, unit: 'y' }, source: '《商业银行信用卡业务监督管理办法》第六十八条' },
  },
  US: {
    audio: { period: { count: 3, unit: 'y' }, source: 'Regulation F, 12 CFR §1006.100(b)' },
    transcript: { period: { count: 3, unit: 'y' }, source: 'Regulation F, 12 CFR §1006.100(a)' },
    findings: { period: { count: 3, unit: 'y' }, source: 'Regulation F, 12 CFR §1006.100(a)' },
    cases: { period: { count: 3, unit: 'y' }, source: 'Regulation F, 12 CFR §1006.100(a)' },
    audit: { period: { count: 3, unit: 'y' }, source: 'Regulation F, 12 CFR §1006.100(a)' },
  },
};

/** The jurisdiction whose law a call of this language falls under (the packs: zh-CN, en-US). */
export function jurisdictionOfLanguage(language: string): Jurisdiction | undefined {
  if (/^zh\b/i.test(language)) return 'CN';
  if (/^en-US$/i.test(language) || /^en$/i.test(language)) return 'US';
  return undefined;
}

const PERIOD = /^([1-9][0-9]{0,4})(d|m|y)$/;

export function parsePeriod(text: string): Period {
  const m = PERIOD.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a period: write a whole number and d, m or y ("90d", "36m", "3y")`);
  return { count: Number(m[1]), unit: m[2] as Period['unit'] };
}

export function formatPeriod(p: Period): string {
  return `${p.count}${p.unit}`;
}

/** The instant `p` before `now`, in calendar terms (UTC): data older than it is due. */
export function cutoffBefore(now: Date, p: Period): Date {
  const d = new Date(now.getTime());
  if (p.unit === 'd') return new Date(d.getTime() - p.count * 86_400_000);
  if (p.unit === 'm') d.setUTCMonth(d.getUTCMonth() - p.count);
  else d.setUTCFullYear(d.getUTCFullYear() - p.count);
  return d;
}

/** Days a period lasts at the shortest (months of 28 days, years of 365) and at the longest (31, 366). */
function daysAtLeast(p: Period): number {
  return p.unit === 'd' ? p.count : p.unit === 'm' ? p.count * 28 : p.count * 365;
}
function daysAtMost(p: Period): number {
  return p.unit === 'd' ? p.count : p.unit === 'm' ? p.count * 31 : p.count * 366;
}

/** Whether `p` is certainly at least `min` whatever the calendar (same units compare exactly). */
export function periodAtLeast(p: Period, min: Period): boolean {
  const months = (x: Period) => (x.unit === 'y' ? x.count * 12 : x.count);
  if (p.unit !== 'd' && min.unit !== 'd') return months(p) >= months(min);
  if (p.unit === 'd' && min.unit === 'd') return p.count >= min.count;
  return daysAtLeast(p) >= daysAtMost(min);
}

const PeriodText = z.string().transform((s, ctx) => {
  try {
    return parsePeriod(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const KindPeriods = z.strictObject({
  audio: PeriodText.optional(),
  transcript: PeriodText.optional(),
  findings: PeriodText.optional(),
  cases: PeriodText.optional(),
  audit: PeriodText.optional(),
});

const BankSettings = KindPeriods.extend({
  jurisdictions: z.array(z.enum(JURISDICTIONS)).min(1).optional(),
  /**
   * Why this bank keeps some kind for less than the law asks (a written instruction, its date):
   * without it such a setting is refused; with it the purge also drops the legal floor for the bank.
   */
  below_legal_minimum: z.string().trim().min(10).optional(),
});

export const RetentionFileSchema = z.strictObject({
  default: KindPeriods.extend({
    jurisdictions: z.array(z.enum(JURISDICTIONS)).min(1).default(['CN', 'US']),
  }),
  /** Keep transcripts, numbers masked, once their period is over, instead of deleting them. */
  mask_transcripts: z.boolean().default(false),
  banks: z.record(z.string().min(1), BankSettings).default({}),
});

export type RetentionFile = z.output<typeof RetentionFileSchema>;

/** Built in: every kind meets the strictest minimum of both jurisdictions, cases and audit longer. */
export const DEFAULT_PERIODS: Record<RetentionKind, Period> = {
  audio: { count: 3, unit: 'y' },
  transcript: { count: 3, unit: 'y' },
  findings: { count: 3, unit: 'y' },
  cases: { count: 5, unit: 'y' },
  audit: { count: 7, unit: 'y' },
};

export interface BankRetention {
  periods: Record<RetentionKind, Period>;
  jurisdictions: readonly Jurisdiction[];
  /** Set when the bank was allowed below the legal minimum: the purge applies no legal floor to it. */
  belowLegalMinimum?: string;
}

export interface RetentionPolicy {
  default: BankRetention;
  banks: ReadonlyMap<string, BankRetention>;
  maskTranscripts: boolean;
}

export class RetentionPolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid retention policy:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RetentionPolicyError';
  }
}

/** A policy from the parsed YAML; every setting below a legal minimum without a reason is listed. */
export function buildRetentionPolicy(raw: unknown): RetentionPolicy {
  const parsed = RetentionFileSchema.safeParse(raw ?? { default: {} });
  if (!parsed.success) {
    throw new RetentionPolicyError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const file = parsed.data;
  const problems: string[] = [];
  const fill = (over: Partial<Record<RetentionKind, Period>>, base: Record<RetentionKind, Period>) =>
    Object.fromEntries(RETENTION_KINDS.map((k) => [k, over[k] ?? base[k]])) as Record<RetentionKind, Period>;
  const check = (where: string, r: BankRetention) => {
    if (r.belowLegalMinimum) return;
    for (const kind of RETENTION_KINDS) {
      for (const j of r.jurisdictions) {
        const min = LEGAL_MINIMUMS[j][kind];
        if (min && !periodAtLeast(r.periods[kind], min.period)) {
          problems.push(`${where}.${kind}: ${formatPeriod(r.periods[kind])} is below the legal minimum of ${formatPeriod(min.period)} in ${j} (${min.source}); ` +
            'set below_legal_minimum with the written reason to allow it');
        }
      }
    }
  };
  const def: BankRetention = { periods: fill(file.default, DEFAULT_PERIODS), jurisdictions: file.default.jurisdictions };
  check('default', def);
  const banks = new Map<string, BankRetention>();
  for (const [bank, s] of Object.entries(file.banks)) {
    const r: BankRetention = {
      periods: fill(s, def.periods),
      jurisdictions: s.jurisdictions ?? def.jurisdictions,
      ...(s.below_legal_minimum ? { belowLegalMinimum: s.below_legal_minimum } : {}),
    };
    check(`banks.${bank}`, r);
    banks.set(bank, r);
  }
  if (problems.length) throw new RetentionPolicyError(problems);
  return { default: def, banks, maskTranscripts: file.mask_transcripts };
}

export function retentionOfBank(policy: RetentionPolicy, bank: string): BankRetention {
  return policy.banks.get(bank) ?? policy.default;
}

/**
 * The instants before which data of each kind is due, per bank, plus the legal floors per
 * jurisdiction: the purge takes, for each call, the earlier of its bank's cutoff and the floor of
 * its language's jurisdiction (unless the bank was allowed below it), so a bank configured for
 * China still keeps an English call's recording three years.
 */
export interface RetentionCutoffs {
  /** Banks named in the policy; any other bank uses `default`. */
  banks: { bank: string; cutoffs: Record<RetentionKind, Date>; noLegalFloor: boolean }[];
  default: Record<RetentionKind, Date>;
  /** Per jurisdiction and kind, the latest instant the law lets data of that kind go. */
  legalFloors: Record<Jurisdiction, Partial<Record<RetentionKind, Date>>>;
  /** The audit log is one chain: purged as a prefix, with the longest audit period of any bank. */
  audit: Date;
}

export function retentionCutoffs(policy: RetentionPolicy, now: Date): RetentionCutoffs {
  const of = (r: BankRetention) =>
    Object.fromEntries(RETENTION_KINDS.map((k) => [k, cutoffBefore(now, r.periods[k])])) as Record<RetentionKind, Date>;
  const banks = [...policy.banks].map(([bank, r]) => ({ bank, cutoffs: of(r), noLegalFloor: r.belowLegalMinimum !== undefined }));
  const def = of(policy.default);
  const legalFloors = Object.fromEntries(JURISDICTIONS.map((j) => [j, Object.fromEntries(
    Object.entries(LEGAL_MINIMUMS[j]).map(([k, m]) => [k, cutoffBefore(now, m.period)]),
  )])) as RetentionCutoffs['legalFloors'];
  const audit = [def.audit, ...banks.map((b) => b.cutoffs.audit)].reduce((a, b) => (b < a ? b : a));
  return { banks, default: def, legalFloors, audit };
}
