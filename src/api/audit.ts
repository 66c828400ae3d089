import type { Queryable } from '../store/db.ts';
import { insertAuditEvent, type AuditEventInput } from '../store/review-app/audit-events.ts';
import type { AuthedRouteContext } from './route-def.ts';

/**
 * Records one state change made through the app, on the same transaction as the change itself:
 * either both are stored or neither is. Before/after hold ids, states and reasons; transcript
 * text stays out of the audit log.
 */
export function audit(
  q: Queryable,
  ctx: AuthedRouteContext,
  e: Omit<AuditEventInput, 'actor' | 'actorRole' | 'ip'>,
): Promise<void> {
  return insertAuditEvent(q, { ...e, actor: ctx.user.username, actorRole: ctx.user.role, ip: ctx.req.ip });
}
