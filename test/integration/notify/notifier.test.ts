import { normalisePhrase } from '../../../src/rules/normalise.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assignCase, recordComplaint } from '../../../src/cases/index.ts';
import { sweepDeadlines } from '../../../src/cases/deadline-sweep.ts';
import { DEFAULT_POLICY } from '../../../src/rules/index.ts';
import { createLogger } from '../../../src/logger.ts';
import { createNotifier, startNotifier } from '../../../src/notify/notifier.ts';
import { DEFAULT_NOTIFY_SETTINGS, type NotifySettings } from '../../../src/notify/notify-settings.ts';
import { verifyWebhookSignature } from '../../../src/notify/webhook-signature.ts';
import { listAttempts, listDeliveryLog } from '../../../src/store/notify/notification-deliveries.ts';
import { lockNotifyCursor } from '../../../src/store/notify/notify-cursor.ts';
import { setUserEmail } from '../../../src/store/notify/staff-addresses.ts';
import { insertUser } from '../../../src/store/review-app/users.ts';
import { repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

const t = useTestDatabase();
const logger = createLogger('silent');
const SECRET = 'test-webhook-secret-0123456789';

interface Mail { to: string[]; raw: string }
let smtp: SMTPServer;
let smtpPort = 0;
const mails: Mail[] = [];
/** Addresses the SMTP server refuses for good (550). */
const refused = new Set<string>();

interface Hook { headers: IncomingMessage['headers']; body: string }
let http: Server;
let hookUrl = '';
const hooks: Hook[] = [];
/** Answers the receiver gives, one per post; when empty, 200. */
let answers: number[] = [];
let always: number | null = null;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (refused.has(address.address)) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = always ?? answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/hooks/callguard`;

  const users = [
    { username: 'sup-all', role: 'supervisor' as const, banks: null, email: 'sup-all@agency.test' },
    { username: 'sup-x', role: 'supervisor' as const, banks: ['bank-x'], email: 'sup-x@agency.test' },
    { username: 'sup-other', role: 'supervisor' as const, banks: ['bank-other'], email: 'sup-other@agency.test' },
    // Scoped to another name of bank-x (a short name the packs' bank_names list).
    { username: 'sup-x-short', role: 'supervisor' as const, banks: ['x银行'], email: 'sup-x-short@agency.test' },
    { username: 'qa', role: 'qa_reviewer' as const, banks: null, email: 'qa@agency.test' },
    { username: 'sup-noemail', role: 'supervisor' as const, banks: null, email: null },
  ];
  for (const u of users) {
    await insertUser(t.db, { username: u.username, role: u.role, banks: u.banks, passwordHash: 'unused' });
    if (u.email) await setUserEmail(t.db, u.username, u.email);
  }
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

let borrower = 0;
beforeEach(async () => {
  mails.length = 0;
  hooks.length = 0;
  answers = [];
  always = null;
  refused.clear();
  // Every test starts with nothing left to deliver from the one before.
  await t.db.query(`UPDATE notification_deliveries SET status = 'failed' WHERE status = 'pending'`);
});

function settings(over: Partial<NotifySettings> = {}): NotifySettings {
  return {
    ...DEFAULT_NOTIFY_SETTINGS, smtpUrl: `smtp://127.0.0.1:${smtpPort}`, webhookUrl: hookUrl, webhookSecret: SECRET,
    publicUrl: 'https://callguard.agency.test', retryBaseMs: 30_000, maxAttempts: 4, gapGraceMs: 0, ...over,
  };
}

/** A new complaint about a new borrower at bank-x: the event the notifier announces. */
async function complain(clock: ManualClock): Promise<number> {
  borrower += 1;
  const r = await recordComplaint(t.db, {
    bank: 'bank-x', borrowerId: `B-${borrower}`, channel: 'phone', receivedAt: clock.now(),
    content: '借款人张三 13812345678 投诉催收员辱骂', borrowerRequest: null, createdBy: 'sup-all',
  }, 24, clock.now());
  return r.case.id;
}

const deliveriesOf = async (caseId: number) => (await listDeliveryLog(t.db, { caseId, limit: 100 })).sort((a, b) => a.id - b.id);

describe('notifier', () => {
  it('e-mails the bank\'s supervisors and posts a signed webhook for a new complaint, with no personal data', async () => {
    const clock = new ManualClock();
    const n = createNotifier({ db: t.db, clock, logger, settings: settings() });
    const caseId = await complain(clock);
    await n.tick();
    n.close();

    // Supervisors of every bank and of bank-x; not the other bank's, not QA, not one without an address.
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['sup-all@agency.test', 'sup-x@agency.test']);
    const raw = mails[0]!.raw;
    expect(raw).toContain(`#${caseId}`);
    expect(raw).toContain('bank-x');
    expect(raw).toContain(`https://callguard.agency.test/cases/${caseId}`);
    for (const personal of ['13812345678', '张三', 'B-']) expect(raw).not.toContain(personal);
    expect(raw).toMatch(/Subject: =\?UTF-8\?/); // the bilingual subject is encoded
    expect(Buffer.from(raw.replace(/=\r?\n/g, ''), 'utf8').toString()).toMatch(/New complaint/);

    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    const check = verifyWebhookSignature(SECRET, hook.headers['x-callguard-timestamp'] as string, hook.body,
      hook.headers['x-callguard-signature'] as string, Math.floor(clock.nowMs() / 1000));
    expect(check).toEqual({ ok: true });
    // A tampered body or an old timestamp is refused by the same check.
    expect(verifyWebhookSignature(SECRET, hook.headers['x-callguard-timestamp'] as string, hook.body.replace('bank-x', 'bank-y'),
      hook.headers['x-callguard-signature'] as string, Math.floor(clock.nowMs() / 1000))).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(SECRET, hook.headers['x-callguard-timestamp'] as string, hook.body,
      hook.headers['x-callguard-signature'] as string, Math.floor(clock.nowMs() / 1000) + 3600)).toEqual({ ok: false, reason: 'stale' });
    const payload = JSON.parse(hook.body);
    expect(payload).toMatchObject({ caseId, bank: 'bank-x', event: { kind: 'complaint_added' } });
    expect(hook.body).not.toContain('13812345678');

    const log = await deliveriesOf(caseId);
    expect(log.map((d) => [d.channel, d.status, d.attempts, d.lastResponseCode])).toEqual([
      ['email', 'delivered', 1, 250], ['email', 'delivered', 1, 250], ['webhook', 'delivered', 1, 200],
    ]);
    expect(log.find((d) => d.channel === 'webhook')!.recipient).toBe(hookUrl);
  });

  it('e-mails a supervisor scoped to another name of the bank (the packs\' bank_names), compared as the rules compare', async () => {
    const clock = new ManualClock();
    const n = createNotifier({
      db: t.db, clock, logger, settings: settings({ webhookUrl: undefined }),
      bankGroups: [{ name: 'bank-x', aliases: ['Ｘ銀行'] }], normaliseBankName: normalisePhrase,
    });
    await complain(clock);
    await n.tick();
    n.close();
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['sup-all@agency.test', 'sup-x-short@agency.test', 'sup-x@agency.test']);
  });

  it('warns the assignee before a deadline and tells the bank\'s supervisors too when it is missed', async () => {
    const clock = new ManualClock();
    const n = createNotifier({ db: t.db, clock, logger, settings: settings({ webhookUrl: undefined }) });
    const caseId = await complain(clock);
    await assignCase(t.db, caseId, 'sup-x', 'sup-all', clock.now());
    await n.tick();
    mails.length = 0;
    const events = repositories(t.db).caseEvents;
    const body = { deadline: 'report_to_bank', dueAt: '2026-03-02T04:00:00.000Z' };
    await events.append({ caseId, actor: 'system:deadlines', kind: 'deadline_warning', body: { ...body, threshold: 0.75 }, at: clock.now() });
    await n.tick();
    expect(mails.map((m) => m.to[0])).toEqual(['sup-x@agency.test']);
    expect(mails[0]!.raw).toContain('2026-03-02 04:00 UTC');
    await events.append({ caseId, actor: 'system:deadlines', kind: 'deadline_breached', body: { ...body, threshold: 1 }, at: clock.now() });
    await n.tick();
    n.close();
    expect(mails.slice(1).map((m) => m.to[0]).sort()).toEqual(['sup-all@agency.test', 'sup-x@agency.test']);
    const kinds = (await deliveriesOf(caseId)).map((d) => [d.kind, d.recipient, d.status]);
    expect(kinds).toContainEqual(['deadline_breached', 'sup-all@agency.test', 'delivered']);
  });

  it('announces the deadline sweep\'s warning once, however often later sweeps offer it again', async () => {
    const clock = new ManualClock();
    const n = createNotifier({ db: t.db, clock, logger, settings: settings({ smtpUrl: undefined, gapGraceMs: 30_000 }) });
    const caseId = await complain(clock);
    await n.tick();
    hooks.length = 0;
    // 19 h of the 24 h first response used: past the 75 % warning.
    clock.advance(19 * 3600_000);
    const sweep = () => sweepDeadlines(t.db, { deadlines: DEFAULT_POLICY.deadlines, bankGroups: [], now: clock.now() });
    expect((await sweep()).written).toBeGreaterThan(0);
    // Later sweeps (here or in other processes) find it written: nothing more, and no event id drawn.
    await sweep();
    await sweep();
    const c = await complain(clock);
    await n.tick();
    clock.advance(30_000);
    await n.tick();
    const kinds = hooks.map((h) => JSON.parse(h.body)).map((p) => [p.caseId, p.event.kind, p.deadline?.name ?? null, p.deadline?.threshold ?? null]);
    expect(kinds).toContainEqual([caseId, 'deadline_warning', 'first_response', 0.75]);
    expect(kinds).toContainEqual([c, 'complaint_added', null, null]);
    expect(kinds.filter((k) => k[0] === caseId && k[2] === 'first_response')).toHaveLength(1);
    n.close();
  });

  it('retries a receiver that fails twice with exponential backoff, then delivers', async () => {
    const clock = new ManualClock();
    const n = createNotifier({ db: t.db, clock, logger, settings: settings({ smtpUrl: undefined }) });
    answers = [503, 503];
    const caseId = await complain(clock);
    await n.tick();
    expect(hooks).toHaveLength(1);
    clock.advance(29_999);
    await n.tick();
    expect(hooks).toHaveLength(1); // not due before 30 s
    clock.advance(1);
    await n.tick();
    expect(hooks).toHaveLength(2);
    clock.advance(59_999);
    await n.tick();
    expect(hooks).toHaveLength(2); // the second wait is twice the first
    clock.advance(1);
    await n.tick();
    expect(hooks).toHaveLength(3);
    await n.tick();
    expect(hooks).toHaveLength(3); // delivered: never sent again
    n.close();
    const [d] = await deliveriesOf(caseId);
    expect(d).toMatchObject({ channel: 'webhook', status: 'delivered', attempts: 3 });
    const attempts = await listAttempts(t.db, [d!.id]);
    expect(attempts.map((a) => [a.attempt, a.status, a.responseCode, a.error])).toEqual([
      [1, 'retry', 503, 'HTTP 503'], [2, 'retry', 503, 'HTTP 503'], [3, 'delivered', 200, null],
    ]);
    expect(attempts[1]!.at.getTime() - attempts[0]!.at.getTime()).toBe(30_000);
    expect(attempts[2]!.at.getTime() - attempts[1]!.at.getTime()).toBe(60_000);
  });

  it('gives up on a receiver that always fails, logs it, and the case action is unaffected', async () => {
    const clock = new ManualClock();
    const n = createNotifier({ db: t.db, clock, logger, settings: settings({ maxAttempts: 3 }) });
    always = 500;
    refused.add('sup-x@agency.test');
    const caseId = await complain(clock);
    // The case action commits whatever the receivers do: nothing of it waits for them.
    const assigned = await assignCase(t.db, caseId, 'sup-all', 'sup-all', clock.now());
    expect(assigned.case.assignedTo).toBe('sup-all');
    for (let i = 0; i < 6; i++) {
      await n.tick();
      clock.advance(3600_000);
    }
    n.close();
    expect(hooks).toHaveLength(6); // two events × three attempts, then no more
    const log = await deliveriesOf(caseId);
    const hooksLog = log.filter((d) => d.channel === 'webhook');
    expect(hooksLog.map((d) => [d.kind, d.status, d.attempts, d.lastResponseCode])).toEqual([
      ['complaint_added', 'failed', 3, 500], ['assigned', 'failed', 3, 500],
    ]);
    // A 550 is the mail server's final answer: given up after one attempt, not retried.
    expect(log.find((d) => d.recipient === 'sup-x@agency.test')).toMatchObject({ status: 'failed', attempts: 1, lastResponseCode: 550 });
    // The others were delivered, the assignee told of the assignment.
    expect(log.filter((d) => d.status === 'delivered').map((d) => [d.kind, d.recipient])).toEqual([
      ['complaint_added', 'sup-all@agency.test'], ['assigned', 'sup-all@agency.test'],
    ]);
    const { rows } = await t.db.query('SELECT assigned_to FROM cases WHERE id = $1', [caseId]);
    expect(rows[0]?.assigned_to).toBe('sup-all');
  });

  it('after a restart sends each message once: none repeated, none lost', async () => {
    const clock = new ManualClock();
    const first = createNotifier({ db: t.db, clock, logger, settings: settings({ smtpUrl: undefined }) });
    const a = await complain(clock);
    // The first process reads the event into a delivery, then dies before sending it.
    expect(await first.readEvents()).toBe(1);
    first.close();
    const b = await complain(clock);
    const second = createNotifier({ db: t.db, clock, logger, settings: settings({ smtpUrl: undefined }) });
    await second.tick();
    await second.tick();
    expect(hooks.map((h) => JSON.parse(h.body).caseId)).toEqual([a, b]);
    // A third process started later finds nothing left to do.
    const third = createNotifier({ db: t.db, clock, logger, settings: settings({ smtpUrl: undefined }) });
    await third.tick();
    expect(hooks).toHaveLength(2);
    second.close();
    third.close();
  });

  it('a delivery claimed by a process that died is sent by another once its lease runs out', async () => {
    const clock = new ManualClock();
    const s = settings({ smtpUrl: undefined, leaseMs: 120_000 });
    const caseId = await complain(clock);
    const dead = createNotifier({ db: t.db, clock, logger, settings: s });
    await dead.readEvents();
    // Claimed (leased), never finished: the process died mid-send.
    await t.db.query(`UPDATE notification_deliveries SET lease_until = $1 WHERE case_id = $2`, [new Date(clock.nowMs() + s.leaseMs), caseId]);
    dead.close();
    const other = createNotifier({ db: t.db, clock, logger, settings: s });
    expect(await other.deliverDue()).toBe(0);
    clock.advance(s.leaseMs);
    expect(await other.deliverDue()).toBe(1);
    expect(hooks).toHaveLength(1);
    other.close();
  });

  it('only one process reads the events while another holds the cursor', async () => {
    const clock = new ManualClock();
    const n = createNotifier({ db: t.db, clock, logger, settings: settings({ smtpUrl: undefined }) });
    await complain(clock);
    let inside: number | null = -1;
    const client = await t.db.pool.connect();
    try {
      await client.query('BEGIN');
      expect(await lockNotifyCursor(client, 'case_events')).toBeDefined();
      inside = await n.readEvents();
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(inside).toBeNull();
    expect(await n.readEvents()).toBe(1);
    n.close();
  });

  it('waits for an event id that has not committed yet, then reads past every gap it waited for at once', async () => {
    const clock = new ManualClock();
    const n = createNotifier({ db: t.db, clock, logger, settings: settings({ smtpUrl: undefined, gapGraceMs: 60_000 }) });
    await n.tick();
    // Inserts that roll back leave holes in the ids, as one still in flight does.
    const hole = () => t.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO case_events (case_id, actor, kind) SELECT id, 'x', 'note' FROM cases LIMIT 1`);
      throw new Error('rolled back');
    }).catch(() => undefined);
    await hole();
    const a = await complain(clock);
    await hole();
    const b = await complain(clock);
    expect(await n.readEvents()).toBe(0);
    clock.advance(59_000);
    expect(await n.readEvents()).toBe(0);
    // A hole after the wait began waits its own grace period.
    await hole();
    const c = await complain(clock);
    clock.advance(1_000);
    expect(await n.readEvents()).toBe(2);
    await n.deliverDue();
    expect(hooks.map((h) => JSON.parse(h.body).caseId)).toEqual([a, b]);
    clock.advance(60_000);
    expect(await n.readEvents()).toBe(1);
    await n.deliverDue();
    expect(hooks.map((h) => JSON.parse(h.body).caseId)).toEqual([a, b, c]);
    n.close();
  });

  it('runs as a loop on the injected clock and stops cleanly', async () => {
    const clock = new ManualClock();
    answers = [503];
    const running = startNotifier({ db: t.db, clock, logger, settings: settings({ smtpUrl: undefined, pollMs: 10_000, retryBaseMs: 10_000 }) });
    await clock.untilSleeping();
    const caseId = await complain(clock);
    await clock.step(10_000);
    expect(hooks).toHaveLength(1);
    await clock.step(10_000);
    expect(hooks).toHaveLength(2);
    await running.stop();
    const [d] = await deliveriesOf(caseId);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2 });
  });
});
