import { z } from 'zod';
import { audit } from '../audit.ts';
import { notFound } from '../http-error.ts';
import { DeliveryLogSchema, UserEmailSchema } from '../notification-schemas.ts';
import { defineRoute } from '../route-def.ts';
import { listAttempts, listDeliveryLog } from '../../store/notify/notification-deliveries.ts';
import { getUserEmail, setUserEmail } from '../../store/notify/staff-addresses.ts';
import { findUserById } from '../../store/review-app/users.ts';

/** Who is told of what, and whether it arrived, is the admins' concern (docs/notifications.md). */
const ADMINS = ['admin'] as const;

export const notificationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/notifications/deliveries',
    roles: ADMINS,
    summary: 'The notification delivery log: newest first, each delivery with every attempt (status, response code, error)',
    tags: ['admin'],
    response: DeliveryLogSchema,
    query: z.strictObject({
      status: z.enum(['pending', 'delivered', 'failed']).optional(),
      caseId: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    async handler({ query }, { deps }) {
      const deliveries = await listDeliveryLog(deps.db, {
        limit: query.limit, ...(query.status ? { status: query.status } : {}), ...(query.caseId ? { caseId: query.caseId } : {}),
      });
      const attempts = await listAttempts(deps.db, deliveries.map((d) => d.id));
      return {
        deliveries: deliveries.map((d) => ({
          ...d,
          log: attempts.filter((a) => a.deliveryId === d.id).map(({ deliveryId: _, ...a }) => a),
        })),
      };
    },
  }),

  defineRoute({
    method: 'PUT',
    url: '/api/users/:id/email',
    roles: ADMINS,
    summary: "Set (or with null remove) a user's e-mail address for notifications",
    tags: ['admin'],
    response: UserEmailSchema,
    params: z.strictObject({ id: z.coerce.number().int().positive() }),
    body: z.strictObject({ email: z.email().max(254).nullable() }),
    async handler({ params, body }, ctx) {
      return ctx.deps.db.transaction(async (tx) => {
        const user = await findUserById(tx, params.id);
        if (!user) throw notFound('user');
        const before = await getUserEmail(tx, user.username);
        await setUserEmail(tx, user.username, body.email);
        await audit(tx, ctx, { action: 'user.email', entityType: 'user', entityId: String(user.id), before: { email: before }, after: { email: body.email } });
        return { username: user.username, email: body.email };
      });
    },
  }),
];
