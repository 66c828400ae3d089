import { z } from 'zod';

/** Response schemas of the notification routes (routes/notification-routes.ts). */
const Instant = z.string().meta({ format: 'date-time' });

export const DeliveryLogSchema = z.object({
  deliveries: z.array(z.object({
    id: z.number().int(),
    eventId: z.number().int(),
    caseId: z.number().int(),
    kind: z.string(),
    channel: z.enum(['email', 'webhook']),
    recipient: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: Instant,
    createdAt: Instant,
    finishedAt: Instant.nullable(),
    lastResponseCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    log: z.array(z.object({
      attempt: z.number().int(),
      at: Instant,
      status: z.enum(['delivered', 'retry', 'failed']),
      responseCode: z.number().int().nullable(),
      error: z.string().nullable(),
    })),
  })),
});

export const UserEmailSchema = z.object({ username: z.string(), email: z.string().nullable() });
