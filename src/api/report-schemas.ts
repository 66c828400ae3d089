import { z } from 'zod';

/** Response schemas of the report routes (routes/report-routes.ts). */
const Instant = z.string().meta({ format: 'date-time' });

export const ReportSelectionSchema = z.object({
  /** true while the supervisor has not chosen: the default applies. */
  isDefault: z.boolean(),
  callIds: z.array(z.string()),
  findingIds: z.array(z.number().int()).nullable(),
  /** Every call of the case, to choose from. */
  calls: z.array(z.object({
    id: z.string(),
    startedAt: z.string(),
    recording: z.enum(['available', 'missing', 'failed', 'processing']),
    chosenByInvestigation: z.boolean(),
    findings: z.array(z.object({
      id: z.number().int(),
      group: z.enum(['confirmed', 'unreviewed', 'signal', 'quality']),
      category: z.string(),
      severity: z.string(),
      title: z.string(),
      startMs: z.number().int(),
      /** About the call as a whole: cited, it has no clip (the whole call is in the bundle). */
      wholeCall: z.boolean(),
    })),
  })),
  /** Last report files made, newest first. */
  generated: z.array(z.object({ at: Instant, actor: z.string(), format: z.string() })),
});

export const ReportSelectionSavedSchema = z.object({ ok: z.literal(true) });
