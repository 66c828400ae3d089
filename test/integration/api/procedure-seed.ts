import type { CallMeta } from '../../../src/domain/transcript.ts';
import { hashPassword } from '../../../src/api/auth/password.ts';
import { repositories, type Db } from '../../../src/store/index.ts';
import { insertUser } from '../../../src/store/review-app/users.ts';
import { PASSWORD } from './api-test-kit.ts';

/**
 * A small world for the complaint procedure's tests, written straight to the database: borrower
 * B-1 of 中国建设银行, whose calls are stored under the short name 建设银行 with a phone number and a
 * name in traditional characters; a call back for the follow-up; borrower B-2 of 招商银行.
 */
export const B1_PHONE = '13912345678';

export async function seedProcedureWorld(db: Db): Promise<void> {
  const r = repositories(db);
  const call = async (id: string, extra: Partial<CallMeta> & { phone?: string }, startedAt: string) => {
    const { phone, ...meta } = extra;
    await r.calls.insertIfNew({
      meta: { id, agentId: 'A-7', team: 'T1', borrowerId: 'B-1', bank: '建设银行', startedAt, direction: 'outbound', firstContact: false, language: 'zh-CN', ...meta },
      source: 'recording',
      ...(phone ? { phone } : {}),
    });
  };
  await call('b1-a', { phone: B1_PHONE, borrowerName: '陳大文' }, '2026-03-01T10:00:00+08:00');
  await call('b1-b', { phone: '+86 139-1234-5678', borrowerName: '陳大文' }, '2026-03-01T15:00:00+08:00');
  await call('b1-back', { phone: B1_PHONE, agentId: 'S-9', team: 'QA' }, '2026-03-04T10:00:00+08:00');
  await call('b2-a', { borrowerId: 'B-2', bank: '招商银行', phone: '13700000000', borrowerName: '李四' }, '2026-03-01T11:00:00+08:00');
  // The collector A-7 and the lead of team T1 are supervisors too (for 回避).
  const hash = await hashPassword(PASSWORD);
  await insertUser(db, { username: 'collector7', role: 'supervisor', passwordHash: hash });
  await insertUser(db, { username: 'lead1', role: 'supervisor', passwordHash: hash });
  await db.query(`UPDATE users SET agent_id = 'A-7' WHERE username = 'collector7'`);
  await db.query(`UPDATE users SET leads_teams = '{T1}' WHERE username = 'lead1'`);
}
