import { beforeAll, describe, expect, it } from 'vitest';
import { PROCEDURE } from '../../../src/cases/case-procedure.ts';
import { COMPLAINT_CASE_STATUSES, RISK_CASE_STATUSES } from '../../../src/domain/case.ts';
import { ROLES, type Role } from '../../../src/domain/role.ts';
import { packBankGroups } from '../../../src/rules/pack-bank-groups.ts';
import { repositories } from '../../../src/store/index.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { useApi } from './api-test-kit.ts';
import { B1_PHONE, seedProcedureWorld } from './procedure-seed.ts';

const H = 3_600_000;
const clock = new ManualClock(new Date('2026-03-05T02:00:00Z'));
const api = useApi({ api: { bankGroups: packBankGroups('rules') }, deps: { clock } });
const iso = (msFromNow: number) => new Date(clock.nowMs() + msFromNow).toISOString();

beforeAll(async () => {
  await seedProcedureWorld(api.db);
});

type Payload = Record<string, unknown>;
const post = (url: string, payload: Payload, role: Role = 'supervisor') =>
  api.request(role, { method: 'POST', url, payload });
const getCase = async (id: number) => (await api.request('supervisor', { method: 'GET', url: `/api/cases/${id}` })).json();

/** Valid details for every field a step may require. */
function details(): Payload {
  return {
    reason: '录音核实', complainantName: '陈大文', complainantRelation: 'borrower', complaintChannel: 'phone',
    complainantRequest: '要求道歉并停止骚扰', promisedResponseAt: iso(20 * H), callIds: ['b1-a'],
    contact: { at: iso(-60_000), by: '张主管', channel: 'phone', summary: `已致电${B1_PHONE}说明调查进展` },
    solutionText: '催收员停岗培训并书面致歉', solutionDueAt: iso(72 * H), outcome: 'founded', causeAnalysis: '催收员情绪失控，使用侮辱性语言',
    followUpCallId: 'b1-back', followUpNote: '回访借款人，表示满意',
  };
}

async function complaintFor(borrower: { bank: string; borrowerId: string }, receivedAt = iso(-H)) {
  const res = await post('/api/complaints', {
    bank: '建行', borrowerId: borrower.borrowerId, selected: borrower, channel: 'phone', receivedAt, content: '借款人来电投诉催收员辱骂',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { caseId: number; opened: boolean; converted: boolean; addedCallIds: string[] };
}

describe('complaint intake finds the borrower', () => {
  it('by phone number however written, by a name in traditional or simplified characters, by borrower id; 建行 is 中国建设银行', async () => {
    for (const phone of ['13912345678', '+86 139 1234 5678', '0086-139-1234-5678']) {
      const res = await post('/api/complaints/match', { bank: '建行', phone });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ bank: '中国建设银行', borrowers: [{ bank: '建设银行', borrowerId: 'B-1', matchedBy: ['phone'] }] });
      expect(res.json().borrowers[0].calls.map((c: { id: string }) => c.id)).toEqual(['b1-back', 'b1-b', 'b1-a']);
    }
    for (const name of ['陈大文', '陳大文', '陈 大文']) {
      const res = (await post('/api/complaints/match', { bank: '中国建设银行', name })).json();
      expect(res.borrowers.map((b: { borrowerId: string }) => b.borrowerId), name).toEqual(['B-1']);
    }
    const both = (await post('/api/complaints/match', { bank: '建设银行', phone: B1_PHONE, name: '陈大文' })).json();
    expect(both.borrowers[0].matchedBy).toEqual(['phone', 'name']);
    // The same number at another bank is another borrower's business: not found.
    expect((await post('/api/complaints/match', { bank: '招商银行', phone: B1_PHONE })).json().borrowers).toEqual([]);
    expect((await post('/api/complaints/match', { bank: '招行', borrowerId: 'B-2' })).json().borrowers[0]).toMatchObject({ bank: '招商银行', borrowerId: 'B-2' });
  });

  it('refuses a bank that is not in the list, a lookup with nothing to look up, and a phone too short to be one', async () => {
    expect((await post('/api/complaints/match', { bank: '某某银行', phone: B1_PHONE })).json()).toMatchObject({ error: 'unknown_bank' });
    expect((await post('/api/complaints/match', { bank: '建行' })).statusCode).toBe(400);
    expect((await post('/api/complaints/match', { bank: '建行', phone: '12' })).json()).toMatchObject({ error: 'bad_lookup' });
    expect((await post('/api/complaints/match', { bank: '建行', phone: B1_PHONE }, 'qa_reviewer')).statusCode).toBe(403);
  });

  it('saves only a matched borrower, or an unmatched one after an explicit confirmation; the number is kept masked', async () => {
    const base = { bank: '建行', channel: 'bank', receivedAt: iso(-H), content: '投诉' };
    const stale = await post('/api/complaints', { ...base, phone: B1_PHONE, selected: { bank: '建设银行', borrowerId: 'B-9' } });
    expect(stale.json()).toMatchObject({ error: 'borrower_not_matched' });
    expect((await post('/api/complaints', { ...base, borrowerId: 'B-404' })).json()).toMatchObject({ error: 'no_match_unconfirmed' });
    const confirmed = await post('/api/complaints', { ...base, borrowerId: 'B-404', confirmNoMatch: true, phone: '13600001111' });
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json()).toMatchObject({ opened: true, addedCallIds: [] });
    const kase = await getCase(confirmed.json().caseId);
    expect(kase.case).toMatchObject({ kind: 'complaint', status: 'received', bank: '中国建设银行', borrowerId: 'B-404' });
    expect(kase.complaints[0].phoneMasked).toBe('*******1111');
    const { rows } = await api.db.query(`SELECT phone_hash IS NOT NULL AS hashed, phone_masked FROM complaints WHERE case_id = $1`, [kase.case.id]);
    expect(rows).toEqual([{ hashed: true, phone_masked: '*******1111' }]);
    // Found again by that number now.
    expect((await post('/api/complaints/match', { bank: '建设银行', phone: '136-0000-1111' })).json().borrowers[0].borrowerId).toBe('B-404');
  });

  it('a complaint joining a risk case makes it a complaint case, received now', async () => {
    const r = repositories(api.db);
    const risk = (await r.cases.insertOpen({ bank: '招商银行', borrowerId: 'B-2', openedReason: 'critical_finding', riskScore: 20, openedAt: new Date(clock.nowMs() - 5 * H), slaDueAt: new Date(clock.nowMs() + H) }))!;
    const res = await post('/api/complaints', { bank: '招行', borrowerId: 'B-2', selected: { bank: '招商银行', borrowerId: 'B-2' }, channel: 'phone', receivedAt: iso(-H), content: '投诉' });
    expect(res.json()).toMatchObject({ caseId: risk.id, opened: false, converted: true, addedCallIds: ['b2-a'] });
    const kase = await getCase(risk.id);
    expect(kase.case).toMatchObject({ kind: 'complaint', status: 'received', receivedAt: iso(-H) });
    expect(kase.events.map((e: { kind: string }) => e.kind)).toEqual(['kind_changed', 'complaint_added', 'call_added']);
  });
});

describe('bank scopes name a bank, not one of its names', () => {
  it('a supervisor scoped to 建行 opens the complaint case filed under 中国建设银行 and the calls under 建设银行; one scoped to 招商银行 sees neither', async () => {
    const password = 'a long enough password 4 scope';
    for (const [username, banks] of [['sup-jianhang', ['建行']], ['sup-zhaohang', ['招商银行']]] as const) {
      const res = await api.request('admin', { method: 'POST', url: '/api/users', payload: { username, displayName: username, role: 'supervisor', password, banks } });
      expect(res.statusCode, res.body).toBe(201);
    }
    // A borrower no call carries: the case is filed under the registered name.
    const saved = await post('/api/complaints', { bank: '建行', channel: 'bank', receivedAt: iso(-H), content: '投诉', borrowerId: 'B-405', confirmNoMatch: true });
    expect(saved.statusCode, saved.body).toBe(201);
    const caseId = saved.json().caseId as number;
    expect((await getCase(caseId)).case.bank).toBe('中国建设银行');
    const as = async (username: string, url: string) => {
      const s = await api.login(username, password);
      return api.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
    };
    expect((await as('sup-jianhang', `/api/cases/${caseId}`)).statusCode).toBe(200);
    expect((await as('sup-jianhang', '/api/calls/b1-a')).statusCode).toBe(200);
    expect((await as('sup-zhaohang', `/api/cases/${caseId}`)).statusCode).toBe(404);
    expect((await as('sup-zhaohang', '/api/calls/b1-a')).statusCode).toBe(404);
  });
});

describe('the procedure through the API', () => {
  it('walks a complaint from receipt to closed; the first response is met by the explanation, not by moving on; each step audited', async () => {
    const { caseId } = await complaintFor({ bank: '建设银行', borrowerId: 'B-1' });
    const step = (to: string, payload: Payload) => post(`/api/cases/${caseId}/transition`, { to, ...payload });
    const d = details();
    const firstResponse = async () => (await getCase(caseId)).case.deadlines.find((x: { name: string }) => x.name === 'first_response');

    expect((await step('accepted', { complainantName: d.complainantName, complainantRelation: 'borrower', complaintChannel: 'phone', complainantRequest: d.complainantRequest, promisedResponseAt: d.promisedResponseAt })).statusCode).toBe(200);
    expect((await step('investigating', { callIds: ['b1-a', 'b1-b'] })).statusCode).toBe(200);
    expect(await firstResponse()).toMatchObject({ state: 'running', metAt: null });
    clock.advance(2 * H);
    expect((await step('explained', { contact: d.contact })).statusCode).toBe(200);
    expect(await firstResponse()).toMatchObject({ state: 'met' });
    expect((await step('solution_proposed', { solutionText: d.solutionText, solutionDueAt: iso(72 * H) })).statusCode).toBe(200);
    expect((await step('resolved', { outcome: 'partly_founded', causeAnalysis: d.causeAnalysis })).statusCode).toBe(200);
    expect((await step('reported_to_bank', { contact: { at: iso(0), by: '张主管', channel: 'email', summary: '书面报告已发送银行' } })).statusCode).toBe(200);
    const foreign = await step('followed_up', { followUpCallId: 'b2-a', followUpNote: '回访' });
    expect(foreign.json()).toMatchObject({ error: 'invalid_detail' });
    expect((await step('followed_up', { followUpCallId: 'b1-back', followUpNote: d.followUpNote })).statusCode).toBe(200);
    expect((await step('closed', {})).statusCode).toBe(200);

    const kase = await getCase(caseId);
    expect(kase.case).toMatchObject({ status: 'closed', outcome: 'partly_founded', complainantName: '陈大文', followUpCallId: 'b1-back' });
    expect(kase.calls.filter((c: { chosen: boolean }) => c.chosen).map((c: { call: { id: string } }) => c.call.id)).toEqual(['b1-a', 'b1-b']);
    expect(kase.calls.map((c: { call: { id: string } }) => c.call.id)).toContain('b1-back');
    expect(kase.contacts.map((c: { party: string; channel: string }) => `${c.party}/${c.channel}`)).toEqual(['borrower/phone', 'bank/email', 'borrower/phone']);
    expect(kase.case.deadlines.filter((x: { state: string }) => x.state === 'breached')).toEqual([]);
    const { rows } = await api.db.query<{ before: { status: string }; after: { status: string; step: string } }>(
      `SELECT before, after FROM audit_events WHERE action = 'case.transition' AND entity_id = $1 ORDER BY id`, [String(caseId)],
    );
    expect(rows.map((r) => `${r.after.step}:${r.before.status}->${r.after.status}`)).toEqual([
      'accept:received->accepted', 'investigate:accepted->investigating', 'explain:investigating->explained',
      'propose_solution:explained->solution_proposed', 'resolve:solution_proposed->resolved', 'report_to_bank:resolved->reported_to_bank',
      'follow_up:reported_to_bank->followed_up', 'close:followed_up->closed',
    ]);
    // The audit log names fields, not what the complainant said.
    expect(JSON.stringify(rows)).not.toContain('陈大文');

    // Reopened with a reason, it goes back to the investigation; without one it stays closed.
    expect((await step('investigating', {})).json()).toMatchObject({ error: 'missing_detail' });
    expect((await step('investigating', { reason: '借款人提供新录音' })).json().case).toMatchObject({ status: 'investigating' });
  });

  it('an unfounded complaint is resolved without a solution and is still reported to the bank and followed up', async () => {
    await api.db.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE borrower_id = 'B-1' AND status NOT IN ('closed', 'dismissed')`);
    const { caseId } = await complaintFor({ bank: '建设银行', borrowerId: 'B-1' });
    await api.db.query(`UPDATE cases SET status = 'explained' WHERE id = $1`, [caseId]);
    const founded = await post(`/api/cases/${caseId}/transition`, { to: 'resolved', outcome: 'founded', causeAnalysis: 'x' });
    expect(founded.json()).toMatchObject({ error: 'invalid_detail' });
    const res = await post(`/api/cases/${caseId}/transition`, { to: 'resolved', outcome: 'unfounded', causeAnalysis: '录音显示催收员用语规范' });
    expect(res.json().case.status).toBe('resolved');
    expect((await getCase(caseId)).case.nextSteps).toEqual([{ action: 'report_to_bank', to: 'reported_to_bank', required: ['contact'], allowed: true }]);
  });
});

describe('every refusal the table declares, through the API', () => {
  let caseId = 0;
  let riskId = 0;
  beforeAll(async () => {
    await api.db.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE borrower_id = 'B-1' AND status NOT IN ('closed', 'dismissed')`);
    caseId = (await complaintFor({ bank: '建设银行', borrowerId: 'B-1' })).caseId;
    const r = repositories(api.db);
    riskId = (await r.cases.insertOpen({ bank: '建设银行', borrowerId: 'B-77', openedReason: 'critical_finding', riskScore: 20, openedAt: clock.now(), slaDueAt: clock.now() }))!.id;
  });
  const setStatus = (id: number, status: string) => api.db.query(`UPDATE cases SET status = $2, closed_at = NULL WHERE id = $1`, [id, status]);

  it('refuses every transition not in the table (409), changing nothing', async () => {
    for (const [id, kind, statuses] of [[caseId, 'complaint', COMPLAINT_CASE_STATUSES], [riskId, 'risk', RISK_CASE_STATUSES]] as const) {
      for (const from of statuses) {
        await setStatus(id, from);
        for (const to of statuses) {
          if (PROCEDURE.some((s) => s.kind === kind && s.from.includes(from) && s.to === to)) continue;
          const res = await post(`/api/cases/${id}/transition`, { to, ...details() });
          expect(res.statusCode, `${kind} ${from} -> ${to}`).toBe(409);
        }
        expect((await api.db.query<{ status: string }>(`SELECT status FROM cases WHERE id = $1`, [id])).rows[0]?.status).toBe(from);
      }
    }
  });

  it('refuses each missing required detail (400, naming it)', async () => {
    for (const step of PROCEDURE) {
      const id = step.kind === 'risk' ? riskId : caseId;
      for (const field of step.required) {
        await setStatus(id, step.from[0]!);
        const payload = details();
        delete payload[field];
        const res = await post(`/api/cases/${id}/transition`, { to: step.to, ...Object.fromEntries(step.required.filter((f) => f !== field).map((f) => [f, payload[f]])) });
        expect(res.statusCode, `${step.action} without ${field}`).toBe(400);
        expect(res.json().message).toContain(field);
      }
    }
  });

  it('refuses every role the table does not name (403), for every step', async () => {
    for (const step of PROCEDURE) {
      const id = step.kind === 'risk' ? riskId : caseId;
      await setStatus(id, step.from[0]!);
      for (const role of ROLES.filter((r) => !step.roles.includes(r))) {
        const res = await post(`/api/cases/${id}/transition`, { to: step.to, ...details() }, role);
        expect(res.statusCode, `${step.action} as ${role}`).toBe(403);
      }
      expect((await api.db.query<{ status: string }>(`SELECT status FROM cases WHERE id = $1`, [id])).rows[0]?.status).toBe(step.from[0]);
    }
  });

  it('回避: neither the collector of the case\'s calls nor their team lead may handle it or be assigned it', async () => {
    await setStatus(caseId, 'received');
    for (const username of ['collector7', 'lead1']) {
      const s = await api.login(username);
      const res = await api.inject({
        method: 'POST', url: `/api/cases/${caseId}/transition`, payload: { to: 'accepted', ...details() },
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
      expect(res.json(), username).toMatchObject({ error: 'conflict_of_interest' });
      const assign = await api.request('supervisor', { method: 'PUT', url: `/api/cases/${caseId}/assignee`, payload: { assignee: username } });
      expect(assign.json()).toMatchObject({ error: 'conflict_of_interest' });
    }
    // An admin records that the supervisor account leads team T1: from then on it is refused too.
    const link = (role: Role, leadsTeams: string[]) => api.request(role, { method: 'PUT', url: '/api/users/supervisor/conflict-links', payload: { agentId: null, leadsTeams } });
    expect((await link('supervisor', ['T1'])).statusCode).toBe(403);
    expect((await link('admin', ['T1'])).statusCode).toBe(200);
    expect((await post(`/api/cases/${caseId}/transition`, { to: 'accepted', ...details() })).json()).toMatchObject({ error: 'conflict_of_interest' });
    expect((await getCase(caseId)).case.conflictOfInterest).toBe('team_lead');
    expect((await link('admin', [])).statusCode).toBe(200);
    expect((await api.request('admin', { method: 'PUT', url: '/api/users/nobody/conflict-links', payload: { agentId: null, leadsTeams: [] } })).statusCode).toBe(404);
    const ok = await api.request('supervisor', { method: 'PUT', url: `/api/cases/${caseId}/assignee`, payload: { assignee: 'supervisor' } });
    expect(ok.statusCode).toBe(200);
    const events = (await getCase(caseId)).events.filter((e: { kind: string }) => e.kind === 'assigned');
    expect(events.at(-1).body).toMatchObject({ assignee: 'supervisor' });
  });
});
