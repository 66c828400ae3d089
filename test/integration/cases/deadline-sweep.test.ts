import { describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../../src/cases/deadline-sweep.ts';
import { recordComplaint } from '../../../src/cases/case-actions.ts';
import { startDeadlineSweeper } from '../../../src/pipeline/operations/deadline-sweeper.ts';
import { createLogger } from '../../../src/logger.ts';
import { DeadlinesPolicySchema } from '../../../src/rules/rule-schema.ts';
import { connectDatabase, repositories } from '../../../src/store/index.ts';
import { normalisePhone } from '../../../src/domain/phone-number.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

const t = useTestDatabase();
const H = 3_600_000;
const received = new Date('2026-03-02T00:00:00Z');
const deadlines = DeadlinesPolicySchema.parse({ banks: { 招商银行: { first_response_hours: 10 } } });
const options = (now: Date) => ({ deadlines, bankGroups: [{ name: '招商银行', aliases: ['招行'] }], now });

async function complaint(borrowerId: string, bank = '建设银行') {
  return recordComplaint(t.db, { bank, borrowerId, channel: 'phone', receivedAt: received, content: '投诉', createdBy: 'sup' }, 24, received);
}

async function deadlineEvents(caseId: number) {
  const { rows } = await t.db.query<{ kind: string; body: Record<string, unknown>; actor: string }>(
    `SELECT kind, body, actor FROM case_events WHERE case_id = $1 AND kind LIKE 'deadline_%' ORDER BY id`, [caseId],
  );
  return rows;
}

describe('the deadline sweep', () => {
  it('writes one event per (case, deadline, threshold), however often and however concurrently it runs', async () => {
    const { case: c } = await complaint('S-1');
    const at80 = new Date(received.getTime() + 19.2 * H);
    // Four sweeps at once on separate connections, then one more: one warning.
    const others = [1, 2, 3].map(() => connectDatabase(t.url));
    try {
      const reports = await Promise.all([sweepDeadlines(t.db, options(at80)), ...others.map((db) => sweepDeadlines(db, options(at80)))]);
      expect(reports.reduce((n, r) => n + r.written, 0)).toBe(1);
    } finally {
      await Promise.all(others.map((db) => db.close()));
    }
    expect((await sweepDeadlines(t.db, options(at80))).written).toBe(0);
    expect(await deadlineEvents(c.id)).toEqual([
      { kind: 'deadline_warning', actor: 'system:deadlines', body: { deadline: 'first_response', dueAt: '2026-03-03T00:00:00.000Z', threshold: 0.75 } },
    ]);

    await sweepDeadlines(t.db, options(new Date(received.getTime() + 22 * H)));
    await sweepDeadlines(t.db, options(new Date(received.getTime() + 25 * H)));
    await sweepDeadlines(t.db, options(new Date(received.getTime() + 26 * H)));
    expect((await deadlineEvents(c.id)).map((e) => [e.kind, e.body.threshold])).toEqual([
      ['deadline_warning', 0.75], ['deadline_warning', 0.9], ['deadline_breached', 1],
    ]);
  });

  it('takes no id from case_events for an event already written (a gap holds the notifier back for its grace period)', async () => {
    await complaint('S-9');
    const at80 = new Date(received.getTime() + 19.2 * H);
    await sweepDeadlines(t.db, options(at80));
    const next = async () => (await t.db.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('case_events', 'id'))::text AS id`)).rows[0]!.id;
    const before = BigInt(await next());
    for (let i = 0; i < 5; i++) expect((await sweepDeadlines(t.db, options(at80))).written).toBe(0);
    // Only this test's two nextval calls moved the sequence: the five sweeps burnt nothing.
    expect(BigInt(await next())).toBe(before + 1n);
  });

  it('writes only the highest threshold reached (a sweep that comes late breaches, it does not warn three times), and nothing for met deadlines or closed cases', async () => {
    const late = await complaint('S-2');
    const met = await complaint('S-3');
    const closed = await complaint('S-4');
    const r = repositories(t.db);
    await r.cases.applyTransition(met.case.id, 'received', { firstResponseAt: new Date(received.getTime() + H) });
    await r.cases.applyTransition(closed.case.id, 'received', { status: 'closed', closedAt: new Date(received.getTime() + H) });
    await sweepDeadlines(t.db, options(new Date(received.getTime() + 30 * H)));
    expect((await deadlineEvents(late.case.id)).map((e) => [e.kind, e.body.deadline, e.body.threshold])).toEqual([['deadline_breached', 'first_response', 1]]);
    expect(await deadlineEvents(met.case.id)).toEqual([]);
    expect(await deadlineEvents(closed.case.id)).toEqual([]);
  });

  it('uses the bank\'s own hours (by any of its names), and warns again when a due time moves', async () => {
    const { case: c } = await complaint('S-5', '招行');
    await sweepDeadlines(t.db, options(new Date(received.getTime() + 8 * H))); // 80 % of 10 h
    expect((await deadlineEvents(c.id)).map((e) => e.body)).toEqual([{ deadline: 'first_response', dueAt: '2026-03-02T10:00:00.000Z', threshold: 0.75 }]);
    // A new, later receipt time (an earlier complaint was a mistake): the new due time warns on its own.
    await t.db.query(`UPDATE cases SET received_at = $2 WHERE id = $1`, [c.id, new Date(received.getTime() + 2 * H)]);
    await sweepDeadlines(t.db, options(new Date(received.getTime() + 10 * H)));
    expect((await deadlineEvents(c.id)).map((e) => e.body.dueAt)).toEqual(['2026-03-02T10:00:00.000Z', '2026-03-02T12:00:00.000Z']);
  });

  it('runs on the sweeper\'s timer, from the injected clock', async () => {
    const { case: c } = await complaint('S-6');
    const clock = new ManualClock(new Date(received.getTime() + 23 * H));
    const sweeper = startDeadlineSweeper({ db: t.db, logger: createLogger('silent'), deadlines, bankGroups: [], intervalMs: 60_000, clock });
    try {
      const tick = await sweeper.tick();
      expect(tick.outcome).toBe('swept');
      expect((await deadlineEvents(c.id)).map((e) => e.body.threshold)).toEqual([0.9]);
    } finally {
      await sweeper.stop();
    }
  });

  it('a failed sweep is reported, not thrown (the next tick tries again)', async () => {
    const db = connectDatabase(t.url);
    await db.close();
    const sweeper = startDeadlineSweeper({ db, logger: createLogger('silent'), deadlines, bankGroups: [], intervalMs: 0 });
    const tick = await sweeper.tick();
    expect(tick.outcome).toBe('failed');
    await sweeper.stop();
  });
});

describe('the phone lookup hash', () => {
  it('the database normalises as the app does, so every format of a number hashes alike', async () => {
    const formats = ['13912345678', '+86 139 1234 5678', '0086-139-1234-5678', '8613912345678', '+86 10 6552 9988', '010-6552-9988', '+1 (555) 234-5678', '555.234.5678'];
    for (const raw of formats) {
      const { rows } = await t.db.query<{ n: string | null }>('SELECT normalise_phone($1) AS n', [raw]);
      expect(rows[0]!.n, raw).toBe(normalisePhone(raw));
    }
    const { rows } = await t.db.query<{ h: string }>('SELECT DISTINCT phone_lookup_hash(p) AS h FROM unnest($1::text[]) p', [formats.slice(0, 4)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.h).toMatch(/^[0-9a-f]{64}$/);
    // Peppered: not the plain SHA-256 of the number.
    const plain = await t.db.query<{ h: string }>(`SELECT encode(sha256(convert_to('13912345678', 'UTF8')), 'hex') AS h`);
    expect(rows[0]!.h).not.toBe(plain.rows[0]!.h);
  });
});
