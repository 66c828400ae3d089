import { z } from 'zod';

/** What transcript search answers (see response-schemas.ts for why these exist). */
export const SearchResultSchema = z.object({
  hits: z.array(z.object({
    callId: z.string(),
    startedAt: z.string(),
    agentId: z.string(),
    agentName: z.string().nullable(),
    team: z.string().nullable(),
    bank: z.string(),
    borrowerId: z.string(),
    firstContact: z.boolean(),
    segments: z.array(z.object({ index: z.number().int(), speaker: z.enum(['agent', 'customer', 'unknown']), startMs: z.number(), endMs: z.number(), text: z.string() })),
  })),
  /** The spellings searched for (as typed, simplified, traditional), for highlighting. */
  highlights: z.array(z.string()),
});
