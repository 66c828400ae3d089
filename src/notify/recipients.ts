import type { NotifiableEvent } from '../store/notify/notify-cursor.ts';
import type { NotifiableUser } from '../store/notify/staff-addresses.ts';
import type { NewDelivery } from '../store/notify/notification-deliveries.ts';
import { assigneeOf, isNotifiedKind } from './notification-message.ts';

/** Whether a user's bank scope covers the bank (null = every bank), as the review app decides. */
const seesBank = (u: NotifiableUser, bank: string) => u.banks === null || u.banks.includes(bank);

/**
 * Who hears of an event, by role and bank:
 * - a new complaint: every supervisor of the case's bank (whoever is free takes it);
 * - an assignment: the assignee;
 * - a deadline warning: the assignee, or the bank's supervisors while nobody is assigned;
 * - a breach: the assignee and every supervisor of the bank (someone must step in).
 * The webhook, when configured, hears of every notified event. Users without an address get no e-mail.
 */
export function deliveriesFor(event: NotifiableEvent, users: readonly NotifiableUser[], webhookUrl: string | undefined): NewDelivery[] {
  const kind: string = event.kind;
  if (!isNotifiedKind(kind)) return [];
  const supervisors = users.filter((u) => u.role === 'supervisor' && seesBank(u, event.bank));
  const assigneeName = kind === 'assigned' ? assigneeOf(event.body) : event.assignedTo;
  const assignee = users.filter((u) => u.username === assigneeName && seesBank(u, event.bank));
  let people: NotifiableUser[];
  switch (kind) {
    case 'complaint_added': people = supervisors; break;
    case 'assigned': people = assignee; break;
    case 'deadline_warning': people = assignee.length > 0 ? assignee : supervisors; break;
    case 'deadline_breached': people = [...assignee, ...supervisors]; break;
  }
  const base = { eventId: event.id, caseId: event.caseId, kind: event.kind };
  const emails = [...new Set(people.map((u) => u.email.toLowerCase()))];
  return [
    ...emails.map((email) => ({ ...base, channel: 'email' as const, recipient: email })),
    ...(webhookUrl ? [{ ...base, channel: 'webhook' as const, recipient: webhookLogName(webhookUrl) }] : []),
  ];
}

/** The webhook as the log names it: origin and path, never a query string (it may carry a token). */
export function webhookLogName(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}
