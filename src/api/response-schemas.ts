import { z } from 'zod';
import { CASE_STATUSES } from '../domain/case.ts';
import { SeveritySchema } from '../domain/severity.ts';
import { SPEAKERS, TranscriptQualitySchema } from '../domain/transcript.ts';
import { RoleSchema } from '../domain/role.ts';
import { FINDING_ORIGINS, VerdictSchema } from '../domain/finding-verdict.ts';

/**
 * What the review API answers, as JSON: the OpenAPI document's response schemas, from which the
 * web app's types are generated (web/src/api-types.generated.ts, `npm run gen:api-types`). With
 * `checkResponses` on (the tests) every answer is checked against its route's schema, so the
 * document cannot drift from what the handlers send. Objects are open: a field the schema does not
 * name is allowed through, and the client simply does not know it.
 */

/** Dates travel as ISO 8601 strings. */
const Instant = z.string().meta({ format: 'date-time' });
const CaseStatus = z.enum(CASE_STATUSES);
const Speaker = z.enum(SPEAKERS);

export const UserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  /** null = every bank. */
  banks: z.array(z.string()).nullable(),
  seesUnmaskedPii: z.boolean(),
});

export const SignedInSchema = z.object({ user: UserSchema, csrfToken: z.string() });

export const QueueItemSchema = z.object({
  callId: z.string(),
  startedAt: z.string(),
  agentId: z.string(),
  agentName: z.string().nullable(),
  team: z.string().nullable(),
  bank: z.string(),
  borrowerId: z.string(),
  findings: z.number(),
  unreviewed: z.number(),
  maxSeverity: SeveritySchema,
  categories: z.array(z.string()),
  risk: z.number(),
  caseId: z.number().int().nullable(),
  slaDueAt: Instant.nullable(),
  /** In the weekly QA sample of unflagged calls. */
  sampled: z.boolean(),
});

export const QueueSchema = z.object({ items: z.array(QueueItemSchema), total: z.number().int() });

export const FiltersSchema = z.object({
  teams: z.array(z.string()),
  banks: z.array(z.string()),
  agents: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  categories: z.array(z.string()),
  severities: z.array(SeveritySchema),
  dismissReasons: z.array(z.string()),
});

export const CallInfoSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  agentName: z.string().nullable(),
  team: z.string().nullable(),
  bank: z.string(),
  borrowerId: z.string(),
  /** Masked unless the user's role sees personal numbers. */
  phone: z.string().nullable(),
  direction: z.enum(['outbound', 'inbound']),
  startedAt: z.string(),
  durationMs: z.number().nullable(),
  firstContact: z.boolean(),
  language: z.string(),
  hasAudio: z.boolean(),
  status: z.string(),
  statusReason: z.string().nullable(),
});

export const SegmentSchema = z.object({
  index: z.number().int(),
  speaker: Speaker,
  startMs: z.number(),
  endMs: z.number(),
  text: z.string(),
});

export const FindingSchema = z.object({
  id: z.number().int(),
  callId: z.string(),
  ruleId: z.string(),
  ruleVersion: z.string(),
  title: z.string(),
  category: z.string(),
  severity: SeveritySchema,
  speaker: z.enum([...SPEAKERS, 'call']),
  startMs: z.number(),
  endMs: z.number(),
  quote: z.string(),
  matched: z.array(z.string()),
  source: z.string(),
  segmentIndex: z.number().int().nullable(),
  verdict: VerdictSchema.nullable(),
  verdictReason: z.string().nullable(),
  verdictNote: z.string().nullable(),
  verdictBy: z.string().nullable(),
  verdictAt: Instant.nullable(),
  /** 'manual': added by a reviewer (createdBy) as something the rules missed. */
  origin: z.enum(FINDING_ORIGINS),
  createdBy: z.string().nullable(),
});

export const CallDetailSchema = z.object({
  call: CallInfoSchema,
  transcript: z
    .object({ engine: z.string(), model: z.string().nullable(), segments: z.array(SegmentSchema), quality: TranscriptQualitySchema.nullable() })
    .nullable(),
  findings: z.array(FindingSchema),
  cases: z.array(z.object({ id: z.number().int(), status: CaseStatus, slaDueAt: Instant })),
  masked: z.boolean(),
});

export const VerdictResultSchema = z.object({ finding: FindingSchema });

/** A failed call on the "needs attention" list: where it stopped and why, as users are shown it. */
export const FailedCallSchema = z.object({
  callId: z.string(),
  bank: z.string(),
  agentId: z.string(),
  agentName: z.string().nullable(),
  team: z.string().nullable(),
  startedAt: z.string(),
  /** The pipeline stage that failed (null for failures recorded before stages were); a retry resumes there. */
  failedStage: z.string().nullable(),
  /** Masked and redacted (present.ts presentStatusReason). */
  reason: z.string().nullable(),
  failedAt: Instant.nullable(),
});

export const FailedCallsSchema = z.object({ items: z.array(FailedCallSchema), total: z.number().int() });

export const RetryResultSchema = z.object({ callId: z.string(), stage: z.string() });
