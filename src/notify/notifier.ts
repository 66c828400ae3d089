import type { Clock } from '../domain/clock.ts';
import type { Db, Queryable } from '../store/db.ts';
import type { Logger } from '../logger.ts';
import { getNotifiableEvent, listCaseEventsAfter, lockNotifyCursor, saveNotifyCursor, type NotifyCursor } from '../store/notify/notify-cursor.ts';
import { listNotifiableUsers, type NotifiableUser } from '../store/notify/staff-addresses.ts';
import { listBankGroupSettings } from '../store/review-app/borrower-lookup.ts';
import { mergeBankGroups, widenBankScope, type BankGroup } from '../domain/bank-groups.ts';
import { claimDueDeliveries, insertDeliveries, recordAttempt, type Delivery } from '../store/notify/notification-deliveries.ts';
import { DeliveryFailedError } from './delivery-error.ts';
import { createEmailSender, type EmailSender } from './email-sender.ts';
import { buildNotificationMessage } from './notification-message.ts';
import { retryDelayMs, type NotifySettings } from './notify-settings.ts';
import { deliveriesFor } from './recipients.ts';
import { createWebhookSender, type WebhookSender } from './webhook-sender.ts';

/** The notifier's row in notify_cursors. */
export const CASE_EVENTS_CURSOR = 'case_events';
const EVENTS_PER_READ = 500;
const DELIVERIES_PER_CLAIM = 50;
/** Transport errors are kept this long in the log: enough to tell what failed. */
const MAX_ERROR_CHARS = 300;

export interface NotifierDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: NotifySettings;
  /** The rule packs' bank_names: a supervisor scoped to one name of a bank hears of cases under its others. */
  bankGroups?: readonly BankGroup[];
  /** How bank names compare (the rules' normal form, passed in: notify does not link the rules); trimmed text by default. */
  normaliseBankName?: (name: string) => string;
  /** Overrides of the transports (a unit test); by default built from the settings. */
  email?: EmailSender;
  webhook?: WebhookSender;
}

export interface Notifier {
  /** Reads new case events into deliveries (one process at a time); answers how many were created, or null when another process holds the cursor. */
  readEvents(): Promise<number | null>;
  /** Sends the deliveries that are due; answers how many attempts were made. */
  deliverDue(): Promise<number>;
  /** Both, as the loop does on each turn. */
  tick(): Promise<void>;
  close(): void;
}

/**
 * Turns case events into e-mails and webhook posts, apart from the case actions that wrote them:
 * the action commits its event and is done; this reads events after its cursor, fans each out to
 * its recipients as delivery rows (in the same transaction as the cursor's move, so a restart
 * neither repeats nor loses one), then sends what is due, retrying with exponential backoff and
 * logging every attempt.
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const { db, clock, logger, settings } = deps;
  const email = deps.email ?? (settings.smtpUrl ? createEmailSender(settings.smtpUrl, settings.emailFrom, settings.sendTimeoutMs) : undefined);
  const webhook = deps.webhook ?? (settings.webhookUrl && settings.webhookSecret
    ? createWebhookSender(settings.webhookUrl, settings.webhookSecret, settings.sendTimeoutMs) : undefined);
  const webhookUrl = webhook ? settings.webhookUrl : undefined;

  /** Staff with their bank scopes widened to every name of each bank (as the review app widens them). */
  async function usersInScope(tx: Queryable): Promise<NotifiableUser[]> {
    const users = await listNotifiableUsers(tx);
    if (users.every((u) => u.banks === null)) return users;
    const groups = mergeBankGroups(deps.bankGroups ?? [], await listBankGroupSettings(tx));
    return users.map((u) => ({ ...u, banks: widenBankScope(u.banks, groups, deps.normaliseBankName) }));
  }

  async function readEvents(): Promise<number | null> {
    const now = clock.now();
    return db.transaction(async (tx) => {
      const cursor = await lockNotifyCursor(tx, CASE_EVENTS_CURSOR);
      if (!cursor) return null;
      const events = await listCaseEventsAfter(tx, cursor.lastEventId, EVENTS_PER_READ);
      if (events.length === 0) return 0;
      const users = email ? await usersInScope(tx) : [];
      const next: NotifyCursor = { ...cursor };
      const lastSeen = events[events.length - 1]!.id;
      let created = 0;
      for (const event of events) {
        if (event.id !== next.lastEventId + 1) {
          // Missing ids: inserts not yet committed, or never to be (rolled back, or an insert that
          // drew an id and then did nothing on conflict). Wait a grace period so a late commit is not
          // read past; then read past every gap that was already there when the wait began.
          const waited = next.gapSince !== null && now.getTime() - next.gapSince.getTime() >= settings.gapGraceMs;
          if (!(waited && event.id <= next.gapUpTo!)) {
            if (next.gapSince === null || waited) {
              next.gapSince = now;
              next.gapUpTo = lastSeen;
            }
            if (settings.gapGraceMs > 0) break;
          }
        }
        const rows = deliveriesFor(event, users, webhookUrl).filter((d) => d.channel === 'webhook' || email);
        created += await insertDeliveries(tx, rows, now);
        next.lastEventId = event.id;
        if (next.gapUpTo !== null && next.lastEventId >= next.gapUpTo) {
          next.gapSince = null;
          next.gapUpTo = null;
        }
      }
      await saveNotifyCursor(tx, CASE_EVENTS_CURSOR, next);
      return created;
    });
  }

  async function attempt(d: Delivery): Promise<void> {
    const now = clock.now();
    const n = d.attempts + 1;
    let outcome: { status: 'delivered' | 'retry' | 'failed'; responseCode: number | null; error: string | null };
    try {
      const event = await getNotifiableEvent(db, d.eventId);
      if (!event) throw new DeliveryFailedError(`case event ${d.eventId} is gone`, null, true);
      const message = buildNotificationMessage(event, d.id, settings.publicUrl);
      let result;
      if (d.channel === 'email') {
        if (!email) throw new DeliveryFailedError('e-mail is not configured (SMTP_URL)', null, false);
        result = await email.send(d.recipient, message);
      } else {
        if (!webhook) throw new DeliveryFailedError('the webhook is not configured (NOTIFY_WEBHOOK_URL)', null, false);
        result = await webhook.send(d.id, message.payload, now);
      }
      outcome = { status: 'delivered', responseCode: result.responseCode, error: null };
    } catch (err) {
      if (!(err instanceof DeliveryFailedError)) throw err;
      const giveUp = err.permanent || n >= settings.maxAttempts;
      outcome = { status: giveUp ? 'failed' : 'retry', responseCode: err.responseCode, error: err.message.slice(0, MAX_ERROR_CHARS) };
    }
    const at = clock.now();
    await db.transaction((tx) => recordAttempt(tx, {
      deliveryId: d.id, attempt: n, at, ...outcome,
      ...(outcome.status === 'retry' ? { nextAttemptAt: new Date(at.getTime() + retryDelayMs(n, settings)) } : {}),
    }));
    const log = { deliveryId: d.id, eventId: d.eventId, caseId: d.caseId, channel: d.channel, attempt: n, responseCode: outcome.responseCode };
    if (outcome.status === 'delivered') logger.info(log, 'notification delivered');
    else if (outcome.status === 'retry') logger.warn({ ...log, error: outcome.error }, 'notification failed: will retry');
    else logger.error({ ...log, error: outcome.error }, 'notification given up');
  }

  async function deliverDue(): Promise<number> {
    const now = clock.now();
    const claimed = await claimDueDeliveries(db, now, new Date(now.getTime() + settings.leaseMs), DELIVERIES_PER_CLAIM);
    for (const d of claimed) await attempt(d);
    return claimed.length;
  }

  return {
    readEvents,
    deliverDue,
    async tick() {
      await readEvents();
      await deliverDue();
    },
    close() {
      if (!deps.email) email?.close();
    },
  };
}

export interface RunningNotifier {
  /** Finishes the turn in progress, then stops. */
  stop(): Promise<void>;
}

/**
 * The notifier as a loop on the injected clock, run by every worker process and by `callguard
 * serve`: the cursor lock and the delivery leases let any number of them run side by side.
 * A failed turn (the database away) is logged and the next turn tries again.
 */
export function startNotifier(deps: NotifierDeps): RunningNotifier {
  const notifier = createNotifier(deps);
  const abort = new AbortController();
  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        await notifier.tick();
      } catch (err) {
        deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'notifier turn failed');
      }
      await deps.clock.sleep(deps.settings.pollMs, { signal: abort.signal, unref: true });
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop;
      notifier.close();
    },
  };
}
