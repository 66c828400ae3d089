import { z } from 'zod';
import { QueueItemSchema } from './response-schemas.ts';

/** What the dashboard and scorecard routes answer (see response-schemas.ts for why these exist). */

const Instant = z.string().meta({ format: 'date-time' });
/** A week as the date of its Monday, YYYY-MM-DD. */
const Week = z.string();

export const DashboardFiltersSchema = z.object({
  banks: z.array(z.string()),
  teams: z.array(z.string()),
  agents: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  languages: z.array(z.string()),
});

const RateRow = z.object({
  key: z.string(),
  calls: z.number().int(),
  flaggedCalls: z.number().int(),
  violationCalls: z.number().int(),
  confirmedFindings: z.number().int(),
  reviewedFindings: z.number().int(),
  missedFindings: z.number().int(),
});

const RuleRow = z.object({
  ruleId: z.string(), category: z.string(), hits: z.number().int(), confirmed: z.number().int(), dismissed: z.number().int(), missed: z.number().int(),
});

export const DashboardSchema = z.object({
  findingsPerWeek: z.array(z.object({
    week: Week, category: z.string(), severity: z.string(), hits: z.number().int(), confirmed: z.number().int(), dismissed: z.number().int(),
    missed: z.number().int(),
  })),
  violationRates: z.object({ agent: z.array(RateRow), team: z.array(RateRow), bank: z.array(RateRow) }),
  topRules: z.object({ byHits: z.array(RuleRow), byConfirmed: z.array(RuleRow), byMissed: z.array(RuleRow) }),
  cases: z.array(z.object({
    week: Week, opened: z.number().int(), complaintOpened: z.number().int(), closed: z.number().int(),
    slaMet: z.number().int(), slaBreached: z.number().int(),
  })),
  qa: z.object({
    weeks: z.array(z.object({ week: Week, confirmed: z.number().int(), dismissed: z.number().int(), noted: z.number().int(), actedOn: z.number().int() })),
    reviewers: z.array(z.object({ reviewer: z.string(), reviews: z.number().int(), confirmed: z.number().int(), dismissed: z.number().int() })),
    backlog: z.array(z.object({ week: Week, unreviewed: z.number().int() })),
    backlogTotal: z.number().int(),
  }),
  engines: z.array(z.object({
    week: Week, engine: z.string(), transcripts: z.number().int(), meanQuality: z.number().nullable(), lowQuality: z.number().int(),
  })),
  signals: z.array(z.object({
    week: Week, category: z.string(), raised: z.number().int(), noted: z.number().int(), actedOn: z.number().int(), awaiting: z.number().int(),
  })),
  samples: z.array(z.object({
    week: Week, sampled: z.number().int(), reviewed: z.number().int(), clean: z.number().int(), violation: z.number().int(),
  })),
});

export const DrillDownSchema = z.object({
  /** Another page follows. */
  hasMore: z.boolean(),
  items: z.array(z.object({
    callId: z.string(), startedAt: z.string(), agentId: z.string(), agentName: z.string().nullable(), team: z.string().nullable(),
    bank: z.string(), language: z.string(), findings: z.number().int(), confirmed: z.number().int(), unreviewed: z.number().int(),
  })),
});

export const ScorecardSchema = z.object({
  agent: z.object({
    agentId: z.string(), agentName: z.string().nullable(), teams: z.array(z.string()), banks: z.array(z.string()), languages: z.array(z.string()),
  }),
  from: Week,
  to: Week,
  totals: z.object({ calls: z.number().int(), flaggedCalls: z.number().int(), violationCalls: z.number().int(), confirmedFindings: z.number().int() }),
  weeks: z.array(z.object({
    week: Week, calls: z.number().int(), flaggedCalls: z.number().int(), violationCalls: z.number().int(), confirmedFindings: z.number().int(),
  })),
  categories: z.array(z.object({ category: z.string(), confirmed: z.number().int(), hits: z.number().int(), missed: z.number().int() })),
  toListen: z.array(QueueItemSchema),
  cases: z.array(z.object({
    id: z.number().int(), bank: z.string(), borrowerId: z.string(), status: z.string(), openedReason: z.string(),
    openedAt: Instant, slaDueAt: Instant, firstResponseAt: Instant.nullable(), closedAt: Instant.nullable(),
    complaints: z.number().int(), calls: z.number().int(),
  })),
});
