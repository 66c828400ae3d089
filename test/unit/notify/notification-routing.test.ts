import { describe, expect, it } from 'vitest';
import { buildNotificationMessage } from '../../../src/notify/notification-message.ts';
import { retryDelayMs } from '../../../src/notify/notify-settings.ts';
import { deliveriesFor, webhookLogName } from '../../../src/notify/recipients.ts';
import { signWebhook, verifyWebhookSignature } from '../../../src/notify/webhook-signature.ts';
import type { NotifiableEvent } from '../../../src/store/notify/notify-cursor.ts';
import type { NotifiableUser } from '../../../src/store/notify/staff-addresses.ts';

const users: NotifiableUser[] = [
  { username: 'lead', role: 'supervisor', banks: null, email: 'lead@a.test' },
  { username: 'x1', role: 'supervisor', banks: ['bank-x'], email: 'x1@a.test' },
  { username: 'y1', role: 'supervisor', banks: ['bank-y'], email: 'y1@a.test' },
  { username: 'qa', role: 'qa_reviewer', banks: null, email: 'qa@a.test' },
];
const event = (kind: string, body: Record<string, unknown> = {}, assignedTo: string | null = null): NotifiableEvent => ({
  id: 7, caseId: 42, at: new Date('2026-03-02T02:00:00Z'), kind: kind as NotifiableEvent['kind'], body, bank: 'bank-x', assignedTo,
});
const to = (e: NotifiableEvent) => deliveriesFor(e, users, undefined).map((d) => d.recipient);

describe('who is told', () => {
  it('tells the bank\'s supervisors of a new complaint, never another bank\'s or QA', () => {
    expect(to(event('complaint_added'))).toEqual(['lead@a.test', 'x1@a.test']);
  });
  it('tells the assignee of an assignment (procedure body or older body)', () => {
    expect(to(event('assigned', { assignee: 'x1' }))).toEqual(['x1@a.test']);
    expect(to(event('assigned', { from: null, to: 'lead' }))).toEqual(['lead@a.test']);
    // An assignee who cannot see the bank is not sent its case.
    expect(to(event('assigned', { assignee: 'y1' }))).toEqual([]);
  });
  it('warns the assignee, or the supervisors while nobody has the case; a breach reaches both', () => {
    const body = { deadline: 'first_response', dueAt: '2026-03-03T02:00:00Z', threshold: 0.75 };
    expect(to(event('deadline_warning', body, 'x1'))).toEqual(['x1@a.test']);
    expect(to(event('deadline_warning', body, null))).toEqual(['lead@a.test', 'x1@a.test']);
    expect(to(event('deadline_breached', { ...body, threshold: 1 }, 'x1'))).toEqual(['x1@a.test', 'lead@a.test']);
  });
  it('ignores other events (notes, status changes, cases opened by triage)', () => {
    for (const kind of ['note', 'status', 'opened', 'call_added', 'report_generated']) expect(deliveriesFor(event(kind), users, 'https://h.test/x')).toEqual([]);
  });
  it('adds the webhook, named without its query string', () => {
    const d = deliveriesFor(event('complaint_added'), users, 'https://bank.test/hook?key=s3cret');
    expect(d.filter((x) => x.channel === 'webhook').map((x) => x.recipient)).toEqual(['https://bank.test/hook']);
    expect(webhookLogName('https://u:p@bank.test:8443/a/b?x=1#f')).toBe('https://bank.test:8443/a/b');
  });
});

describe('the message', () => {
  it('is bilingual and names the case, bank, deadline and link only', () => {
    const m = buildNotificationMessage(event('deadline_warning', { deadline: 'report_to_bank', dueAt: '2026-03-02T04:00:00Z', threshold: 0.9 }), 3, 'https://cg.test');
    expect(m.subject).toBe('[callguard] 时限预警：报告银行已用 90% / Deadline warning: 90% of the time for the report to the bank used · #42 · bank-x');
    expect(m.text).toContain('截止时间：2026-03-02 04:00 UTC');
    expect(m.text).toContain('Due: 2026-03-02 04:00 UTC');
    expect(m.text).toContain('https://cg.test/cases/42');
    expect(m.payload).toEqual({
      deliveryId: 3, event: { id: 7, kind: 'deadline_warning', at: '2026-03-02T02:00:00.000Z' }, caseId: 42, bank: 'bank-x',
      deadline: { name: 'report_to_bank', dueAt: '2026-03-02T04:00:00Z', threshold: 0.9 }, link: 'https://cg.test/cases/42',
    });
  });
  it('names an unknown deadline by its name rather than failing', () => {
    const m = buildNotificationMessage(event('deadline_breached', { deadline: 'bank_decision' }), 1, 'https://cg.test');
    expect(m.subject).toContain('已超时：bank_decision');
    expect(m.text).toContain('Due: —');
  });
});

describe('signature and backoff', () => {
  it('verifies its own signature and refuses a wrong secret, a stale or malformed header', () => {
    const sig = signWebhook('k'.repeat(16), 1000, '{"a":1}');
    expect(verifyWebhookSignature('k'.repeat(16), '1000', '{"a":1}', sig, 1100)).toEqual({ ok: true });
    expect(verifyWebhookSignature('j'.repeat(16), '1000', '{"a":1}', sig, 1100)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature('k'.repeat(16), '1000', '{"a":1}', sig, 1301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature('k'.repeat(16), 'soon', '{"a":1}', sig, 1000)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhookSignature('k'.repeat(16), '1000', '{"a":1}', 'sha256=00', 1000)).toEqual({ ok: false, reason: 'mismatch' });
  });
  it('doubles the wait after each failure, up to the cap', () => {
    const s = { retryBaseMs: 30_000, maxRetryDelayMs: 600_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, s))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000]);
  });
});
