import { z } from 'zod';
import {
  CASE_KINDS, CASE_OPENED_REASONS, CASE_OUTCOMES, CASE_STATUSES, COMPLAINANT_RELATIONS, COMPLAINT_CHANNELS, CONTACT_CHANNELS,
  CONTACT_PARTIES, DEADLINE_NAMES, DEADLINE_STATES,
} from '../domain/case.ts';
import { CallInfoSchema, FindingSchema } from './response-schemas.ts';

/** The answers of the case and complaint-procedure routes (case-routes.ts, complaint-procedure-routes.ts). */

const Instant = z.string().meta({ format: 'date-time' });
const CaseStatus = z.enum(CASE_STATUSES);

export const DeadlineStateSchema = z.object({
  name: z.enum(DEADLINE_NAMES),
  state: z.enum(DEADLINE_STATES),
  owner: z.enum(['agency', 'bank']),
  startedAt: Instant.nullable(),
  dueAt: Instant.nullable(),
  metAt: Instant.nullable(),
  used: z.number().nullable(),
  remainingMs: z.number().nullable(),
  threshold: z.number().nullable(),
});

export const CaseSummarySchema = z.object({
  id: z.number().int(),
  kind: z.enum(CASE_KINDS),
  bank: z.string(),
  borrowerId: z.string(),
  status: CaseStatus,
  openedReason: z.enum(CASE_OPENED_REASONS),
  riskScore: z.number(),
  openedAt: Instant,
  receivedAt: Instant.nullable(),
  assignedTo: z.string().nullable(),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  closedAt: Instant.nullable(),
  calls: z.number().int().optional(),
  complaints: z.number().int().optional(),
  deadlines: z.array(DeadlineStateSchema),
  /** The running agency deadline due first (what the list sorts by), null when none runs. */
  nearestDeadline: DeadlineStateSchema.nullable(),
});

export const CaseListSchema = z.object({ now: Instant, items: z.array(CaseSummarySchema) });

export const CaseEventSchema = z.object({
  id: z.number().int(),
  at: Instant,
  actor: z.string(),
  kind: z.string(),
  fromStatus: CaseStatus.nullable(),
  toStatus: CaseStatus.nullable(),
  body: z.record(z.string(), z.unknown()),
});

export const ContactRecordSchema = z.object({
  id: z.number().int(),
  at: Instant,
  by: z.string(),
  party: z.enum(CONTACT_PARTIES),
  channel: z.enum(CONTACT_CHANNELS),
  summary: z.string(),
  callId: z.string().nullable(),
});

/** One step the case can take next, with what its form must ask (from the procedure table). */
export const NextStepSchema = z.object({
  action: z.string(),
  to: CaseStatus,
  required: z.array(z.string()),
  /** Whether the signed-in user's role may take it. */
  allowed: z.boolean(),
});

export const CaseDetailSchema = z.object({
  case: CaseSummarySchema.extend({
    allowedTransitions: z.array(CaseStatus),
    nextSteps: z.array(NextStepSchema),
    acceptedAt: Instant.nullable(),
    complainantName: z.string().nullable(),
    complainantRelation: z.enum(COMPLAINANT_RELATIONS).nullable(),
    complainantContact: z.string().nullable(),
    complaintChannel: z.enum(COMPLAINT_CHANNELS).nullable(),
    complainantRequest: z.string().nullable(),
    promisedResponseAt: Instant.nullable(),
    firstResponseAt: Instant.nullable(),
    bankNotifiedAt: Instant.nullable(),
    solutionText: z.string().nullable(),
    solutionDueAt: Instant.nullable(),
    causeAnalysis: z.string().nullable(),
    regulatorExtensionDays: z.number().int(),
    regulatorExtensionReason: z.string().nullable(),
    reportedToBankAt: Instant.nullable(),
    reportedToBankBy: z.string().nullable(),
    resolvedAt: Instant.nullable(),
    resolution: z.string().nullable(),
    followedUpAt: Instant.nullable(),
    followUpNote: z.string().nullable(),
    followUpCallId: z.string().nullable(),
    /** 回避: the signed-in user is a collector of the case's calls or their team lead. */
    conflictOfInterest: z.enum(['collector', 'team_lead']).nullable(),
  }),
  calls: z.array(z.object({ call: CallInfoSchema, findings: z.array(FindingSchema), chosen: z.boolean() })),
  events: z.array(CaseEventSchema),
  contacts: z.array(ContactRecordSchema),
  complaints: z.array(z.object({
    id: z.number().int(),
    channel: z.string(),
    receivedAt: Instant,
    content: z.string(),
    borrowerRequest: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    createdBy: z.string(),
  })),
  draft: z.object({ causeAnalysis: z.string(), disputeHandling: z.string(), lessonsLearned: z.string() }),
});

export const CaseChangeSchema = z.object({ case: z.object({ id: z.number().int(), kind: z.enum(CASE_KINDS), status: CaseStatus }) });

export const BankGroupsSchema = z.object({ banks: z.array(z.object({ name: z.string(), aliases: z.array(z.string()) })) });

export const IntakeMatchSchema = z.object({
  bank: z.string(),
  borrowers: z.array(z.object({
    bank: z.string(),
    borrowerId: z.string(),
    matchedBy: z.array(z.enum(['phone', 'name', 'borrower_id'])),
    names: z.array(z.string()),
    openCase: z.object({ id: z.number().int(), kind: z.string(), status: z.string() }).nullable(),
    calls: z.array(z.object({
      id: z.string(), startedAt: Instant, agentId: z.string(), direction: z.string(), durationMs: z.number().nullable(),
      source: z.string(), phone: z.string().nullable(), findings: z.number().int(),
    })),
  })),
});

export const ComplaintCreatedSchema = z.object({
  complaintId: z.number().int(),
  caseId: z.number().int(),
  opened: z.boolean(),
  converted: z.boolean(),
  addedCallIds: z.array(z.string()),
});
