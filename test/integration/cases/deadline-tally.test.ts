import { describe, expect, it } from 'vitest';
import { deadlinesOf } from '../../../src/api/case-dossier.ts';
import { recordComplaint } from '../../../src/cases/case-actions.ts';
import { DeadlineTally, tallyCaseDeadlines } from '../../../src/cases/deadline-tally.ts';
import { DeadlinesPolicySchema } from '../../../src/rules/rule-schema.ts';
import { repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';

/**
 * The deadline counts behind `callguard_case_deadlines`, against PostgreSQL: cases of both kinds in
 * several states, a bank's own settings found under another of its names, pages of two cases, and
 * the same answer as the case page's own deadlines.
 */
const t = useTestDatabase();
const H = 3_600_000;
const received = new Date('2026-03-02T00:00:00Z');
const now = new Date(received.getTime() + 20 * H);
const deadlines = DeadlinesPolicySchema.parse({ banks: { 招商银行: { first_response_hours: 10 } } });
const bankGroups = [{ name: '招商银行', aliases: ['招行'] }];

const complaint = async (borrowerId: string, bank: string) =>
  (await recordComplaint(t.db, { bank, borrowerId, channel: 'phone', receivedAt: received, content: '投诉', createdBy: 'sup' }, 24, received)).case;

async function riskCase(borrowerId: string, openedHoursAgo: number, set = ''): Promise<number> {
  const openedAt = new Date(now.getTime() - openedHoursAgo * H);
  const c = await repositories(t.db).cases.insertOpen({ bank: '建设银行', borrowerId, openedReason: 'manual', riskScore: 1, openedAt, slaDueAt: openedAt });
  if (set) await t.db.query(`UPDATE cases SET ${set} WHERE id = $1`, [c!.id]);
  return c!.id;
}

describe('case deadline counts', () => {
  it('count each case\'s deadlines by kind, status, deadline and state as the case page shows them', async () => {
    // 20 h after receipt: 83 % of the default 24 h first response (a warning); past the 10 h of 招商银行, known here as 招行.
    await complaint('T-1', '建设银行');
    await complaint('T-2', '招行');
    // Closed 30 h after receipt without a first response: missed. Its other clocks were not owed.
    const closed = await complaint('T-3', '建设银行');
    await t.db.query(`UPDATE cases SET status = 'closed', closed_at = $2 WHERE id = $1`, [closed.id, new Date(received.getTime() + 30 * H)]);
    // Risk reviews (72 h): past due, running, reviewed late and dismissed, reviewed in time and escalated.
    await riskCase('R-1', 100);
    await riskCase('R-2', 10);
    await riskCase('R-3', 200, `status = 'dismissed', reviewed_at = opened_at + interval '80 hours', closed_at = opened_at + interval '80 hours'`);
    await riskCase('R-4', 200, `status = 'escalated', reviewed_at = opened_at + interval '10 hours'`);

    const rows = await tallyCaseDeadlines(t.db, { deadlines, bankGroups, now, pageSize: 2 });
    const key = (r: { kind: string; status: string; deadline: string; state: string; n: number }) => `${r.kind} ${r.status} ${r.deadline} ${r.state} ${r.n}`;
    expect(rows.map(key).sort()).toEqual([
      'complaint closed first_response missed 1',
      'complaint received first_response overdue 1',
      'complaint received first_response warning 1',
      'complaint received regulator due 2',
      'risk dismissed risk_review met_late 1',
      'risk escalated risk_review met 1',
      'risk open risk_review due 1',
      'risk open risk_review overdue 1',
    ]);

    // Pages of one, and a page exactly as long as the cases: the same counts.
    for (const pageSize of [1, 7]) expect((await tallyCaseDeadlines(t.db, { deadlines, bankGroups, now, pageSize })).map(key).sort()).toEqual(rows.map(key).sort());

    // The case page's deadlines (src/api/case-dossier.ts), counted the same way, agree case by case.
    const { rows: ids } = await t.db.query<{ id: number }>('SELECT id FROM cases ORDER BY id');
    const byPage = new DeadlineTally();
    for (const { id } of ids) {
      const c = (await repositories(t.db).cases.get(id))!;
      byPage.add(c, deadlinesOf(c, { deadlines, bankGroups }, now));
    }
    expect(byPage.rows().map(key).sort()).toEqual(rows.map(key).sort());
  });
});
