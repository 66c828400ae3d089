import { z } from 'zod';

/** Response schemas of the legal-hold routes (routes/legal-hold-routes.ts). */
const Instant = z.string().meta({ format: 'date-time' });

export const LegalHoldSchema = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  origin: z.enum(['complaint', 'supervisor']),
  reason: z.string(),
  placedBy: z.string(),
  placedAt: Instant,
  releasedBy: z.string().nullable(),
  releasedAt: Instant.nullable(),
  releaseReason: z.string().nullable(),
});

export const LegalHoldsSchema = z.object({
  /** Whether any hold is active: the case's calls are kept from every retention purge. */
  held: z.boolean(),
  /** An automatic complaint hold may be released only once the case is closed. */
  caseClosed: z.boolean(),
  items: z.array(LegalHoldSchema),
});

export const LegalHoldResultSchema = z.object({ hold: LegalHoldSchema });
