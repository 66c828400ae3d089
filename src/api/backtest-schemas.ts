import { z } from 'zod';

/** Response schemas of the backtest routes (routes/backtest-routes.ts). */
const Instant = z.string().meta({ format: 'date-time' });
const Language = z.enum(['zh-CN', 'en-US']);

export const DraftProblemSchema = z.object({ file: z.string(), line: z.number().int(), col: z.number().int(), message: z.string() });

export const BasePackSchema = z.object({
  language: Language,
  source: z.enum(['published', 'directory']),
  packHash: z.string(),
  files: z.array(z.object({ path: z.string(), content: z.string() })),
});

export const DraftCheckSchema = z.object({
  ok: z.boolean(),
  stage: z.enum(['lint', 'examples']).nullable(),
  problems: z.array(DraftProblemSchema),
  /** Rules in the draft pack. */
  rules: z.number().int(),
});

const EstimateSchema = z.object({
  value: z.number().nullable(),
  successes: z.number().int(),
  n: z.number().int(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
const EvidenceSchema = z.object({
  confirmedKept: z.number().int(), confirmedDropped: z.number().int(), dismissedKept: z.number().int(), dismissedDropped: z.number().int(),
  missedCaught: z.number().int(), missedStill: z.number().int(), cleanSampleFlags: z.number().int(),
});
const SideSchema = z.object({ findings: z.number().int(), evidence: EvidenceSchema, precision: EstimateSchema, recall: EstimateSchema });
const SampleSchema = z.object({
  callId: z.string(), callStartedAt: z.string(), speaker: z.string(), startMs: z.number().int(), endMs: z.number().int(),
  quote: z.string(), verdict: z.enum(['confirmed', 'dismissed']).nullable(),
});
const RuleSchema = z.object({
  ruleId: z.string(), language: z.string(), title: z.string(), inPublished: z.boolean(), inDraft: z.boolean(),
  published: SideSchema, draft: SideSchema, added: z.number().int(), removed: z.number().int(),
  addedSamples: z.array(SampleSchema), removedSamples: z.array(SampleSchema),
});
export const BacktestReportSchema = z.object({
  calls: z.number().int(),
  sampledCleanCalls: z.number().int(),
  rules: z.array(RuleSchema),
  total: z.object({ published: SideSchema, draft: SideSchema, added: z.number().int(), removed: z.number().int() }),
  languages: z.array(z.object({
    language: z.string(),
    calls: z.number().int(),
    published: z.union([
      z.object({ kind: z.literal('pack'), packHash: z.string(), publishedBy: z.string(), publishedAt: z.string() }),
      z.object({ kind: z.literal('stored-findings') }),
    ]),
  })),
});

export const BacktestRunSchema = z.object({
  id: z.number().int(),
  createdBy: z.string(),
  createdAt: Instant,
  language: z.string(),
  scope: z.object({ since: z.string().nullable(), until: z.string().nullable(), bank: z.string().nullable() }),
  draftHash: z.string(),
  changedFiles: z.array(z.string()),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progressDone: z.number().int(),
  progressTotal: z.number().int().nullable(),
  error: z.string().nullable(),
  startedAt: Instant.nullable(),
  finishedAt: Instant.nullable(),
});

export const BacktestRunsSchema = z.object({ runs: z.array(BacktestRunSchema) });
export const BacktestRunDetailSchema = z.object({ run: BacktestRunSchema, report: BacktestReportSchema.nullable() });
