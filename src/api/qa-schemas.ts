import { z } from 'zod';
import { CATEGORIES } from '../domain/category.ts';
import { VerdictSchema } from '../domain/finding-verdict.ts';
import { SeveritySchema } from '../domain/severity.ts';
import { FindingSchema } from './response-schemas.ts';

/** What the QA floor's routes answer (src/api/routes/qa-routes.ts). */

const Instant = z.string().meta({ format: 'date-time' });
const Day = z.string().meta({ format: 'date' });

export const SampleDrawSchema = z.object({
  weekStart: Day,
  seed: z.string(),
  percent: z.number(),
  minimum: z.number().int(),
  candidates: z.number().int(),
  sampled: z.number().int(),
  drawnAt: Instant,
  drawnBy: z.string(),
});

export const DrawResultSchema = z.object({
  drawn: z.boolean(),
  draw: SampleDrawSchema,
  /** The sample's calls in your banks. */
  callIds: z.array(z.string()),
});

export const SampleItemSchema = z.object({
  callId: z.string(),
  agentId: z.string(),
  sampledAt: Instant,
  reviewedAt: Instant.nullable(),
  reviewedBy: z.string().nullable(),
  outcome: z.enum(['clean', 'violation']).nullable(),
});

export const SamplesSchema = z.object({
  weekStart: Day,
  draw: SampleDrawSchema.nullable(),
  items: z.array(SampleItemSchema),
});

export const AssignmentSchema = z.object({
  callId: z.string(),
  assignedTo: z.string(),
  assignedBy: z.string(),
  assignedAt: Instant,
  claimedBy: z.string().nullable(),
  claimedAt: Instant.nullable(),
  claimExpiresAt: Instant.nullable(),
});

export const AssignResultSchema = z.object({ assigned: z.array(z.string()) });

export const ReviewersSchema = z.object({
  reviewers: z.array(z.object({ username: z.string(), displayName: z.string(), open: z.number().int(), claimed: z.number().int() })),
});

export const MyQueueSchema = z.object({
  items: z.array(z.object({
    callId: z.string(),
    startedAt: Instant,
    agentId: z.string(),
    bank: z.string(),
    team: z.string().nullable(),
    language: z.string(),
    unreviewed: z.number().int(),
    sampled: z.boolean(),
    assignedAt: Instant,
    claimedBy: z.string().nullable(),
    claimExpiresAt: Instant.nullable(),
  })),
});

export const NextCallSchema = z.object({ assignment: AssignmentSchema.nullable() });

export const CallQaStateSchema = z.object({
  sample: SampleItemSchema.extend({ weekStart: Day }).nullable(),
  assignment: AssignmentSchema.nullable(),
  /** Calibrations of this call you are a reviewer of and have not submitted. */
  openCalibrationIds: z.array(z.number().int()),
});

export const ManualFindingResultSchema = z.object({ finding: FindingSchema });

export const RuleChoicesSchema = z.object({
  language: z.string(),
  rules: z.array(z.object({
    ruleId: z.string(), ruleVersion: z.string(), title: z.string(), category: z.enum(CATEGORIES), severity: SeveritySchema, source: z.string(),
  })),
});

export const EscalationSchema = z.object({ caseId: z.number().int(), opened: z.boolean(), status: z.string() });

export const CalibrationListSchema = z.object({
  items: z.array(z.object({
    id: z.number().int(), callId: z.string(), createdAt: Instant, reviewers: z.number().int(), submitted: z.number().int(),
    mine: z.boolean(), mySubmittedAt: Instant.nullable(),
  })),
});

/** A calibration as one of its reviewers sees it: the findings without anyone's verdicts, and their own. */
export const CalibrationSchema = z.object({
  id: z.number().int(),
  callId: z.string(),
  createdBy: z.string(),
  createdAt: Instant,
  reviewers: z.array(z.object({ reviewer: z.string(), submittedAt: Instant.nullable() })),
  findings: z.array(FindingSchema.omit({ verdict: true, verdictReason: true, verdictNote: true, verdictBy: true, verdictAt: true }).extend({
    verdictChoices: z.array(VerdictSchema),
  })),
  myVerdicts: z.array(z.object({ findingId: z.number().int(), verdict: VerdictSchema })),
  /** Supervisors: every reviewer's verdicts (reviewers never get this). */
  allVerdicts: z.array(z.object({ reviewer: z.string(), findingId: z.number().int(), verdict: VerdictSchema })).nullable(),
});

export const AgreementSchema = z.object({
  categories: z.array(z.object({
    category: z.enum(CATEGORIES),
    pairs: z.number().int(),
    observed: z.number(),
    expected: z.number(),
    kappa: z.number().nullable(),
  })),
});

export const QaOverviewSchema = z.object({
  weekStart: Day,
  sampled: z.number().int(),
  sampleReviewed: z.number().int(),
  sampleClean: z.number().int(),
  sampleViolation: z.number().int(),
  agentConfirmed: z.number().int(),
  agentDismissed: z.number().int(),
  signalNoted: z.number().int(),
  signalActedOn: z.number().int(),
  manualFindings: z.number().int(),
  unreviewed: z.number().int(),
});
