import { describe, expect, it } from 'vitest';
import { useApi } from './api-test-kit.ts';
import { seedReviewData } from './seed-review-data.ts';

describe('supervisor cases and complaints API', () => {
  const api = useApi();
  let seeded = false;
  const seed = async () => {
    if (!seeded) await seedReviewData(api.db);
    seeded = true;
  };

  it('records a complaint that opens the borrower’s case and pulls in their calls', async () => {
    await seed();
    // B-1001 (招商银行) has one clean-ish call and no case yet.
    const res = await api.request('supervisor', {
      method: 'POST', url: '/api/complaints',
      payload: {
        bank: '招商银行', borrowerId: 'B-1001', channel: 'bank', receivedAt: new Date(Date.now() - 3600_000).toISOString(),
        content: '借款人来电称催收员态度恶劣，联系电话13900001111。', borrowerRequest: '要求道歉并停止骚扰',
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.opened).toBe(true);
    expect(body.addedCallIds).toEqual(['zh-compliant']);

    const kase = (await api.request('supervisor', { method: 'GET', url: `/api/cases/${body.caseId}` })).json();
    expect(kase.case.status).toBe('open');
    expect(kase.case.sla.state).toBe('due');
    expect(kase.calls.map((c: { call: { id: string } }) => c.call.id)).toEqual(['zh-compliant']);
    expect(kase.complaints[0].content).toContain('13900001111'); // supervisors see numbers
    expect(kase.events.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'complaint_added', 'call_added']);

    const second = await api.request('supervisor', {
      method: 'POST', url: '/api/complaints',
      payload: { bank: '招商银行', borrowerId: 'B-1001', channel: 'regulator', receivedAt: new Date().toISOString(), content: '再次投诉' },
    });
    expect(second.json()).toMatchObject({ caseId: body.caseId, opened: false, addedCallIds: [] });

    const audits = await api.db.query(`SELECT action FROM audit_events WHERE action = 'complaint.create'`);
    expect(audits.rowCount).toBe(2);
  });

  it('moves a case through its states, refusing illegal jumps and missing details, auditing each step', async () => {
    await seed();
    const list = (await api.request('supervisor', { method: 'GET', url: '/api/cases?open=true' })).json();
    const target = list.items.find((c: { borrowerId: string }) => c.borrowerId === 'B-1002');
    expect(target).toBeDefined();
    const id = target.id as number;
    const move = (payload: Record<string, unknown>) =>
      api.request('supervisor', { method: 'POST', url: `/api/cases/${id}/transition`, payload });

    expect((await move({ to: 'resolved' })).statusCode).toBe(409);
    expect((await move({ to: 'investigating' })).statusCode).toBe(200);
    expect((await move({ to: 'confirmed', note: '录音确认辱骂' })).statusCode).toBe(200);
    const reported = await move({ to: 'reported_to_bank' });
    expect(reported.json().case).toMatchObject({ status: 'reported_to_bank', reportedToBankBy: 'supervisor' });
    expect(reported.json().case.reportedToBankAt).toBeTruthy();
    expect((await move({ to: 'resolved' })).statusCode).toBe(400);
    expect((await move({ to: 'resolved', resolution: '催收员停岗培训，向借款人道歉' })).statusCode).toBe(200);
    const done = await move({ to: 'followed_up', followUpNote: '回访借款人，表示满意' });
    expect(done.json().case).toMatchObject({ status: 'followed_up' });
    expect(done.json().case.closedAt).toBeTruthy();
    expect((await move({ to: 'investigating' })).statusCode).toBe(409);

    const { rows } = await api.db.query<{ before: { status: string }; after: { status: string } }>(
      `SELECT before, after FROM audit_events WHERE action = 'case.transition' AND entity_id = $1 ORDER BY id`, [String(id)],
    );
    expect(rows.map((r) => `${r.before.status}->${r.after.status}`)).toEqual([
      'open->investigating', 'investigating->confirmed', 'confirmed->reported_to_bank', 'reported_to_bank->resolved', 'resolved->followed_up',
    ]);
  });

  it('assigns only to supervisors, adds notes, and keeps the timeline in order', async () => {
    await seed();
    const list = (await api.request('supervisor', { method: 'GET', url: '/api/cases?open=true' })).json();
    const id = list.items[0].id as number;
    expect((await api.request('supervisor', { method: 'PUT', url: `/api/cases/${id}/assignee`, payload: { assignee: 'qa_reviewer' } })).statusCode).toBe(400);
    const ok = await api.request('supervisor', { method: 'PUT', url: `/api/cases/${id}/assignee`, payload: { assignee: 'supervisor' } });
    expect(ok.json().case.assignedTo).toBe('supervisor');
    expect((await api.request('supervisor', { method: 'POST', url: `/api/cases/${id}/notes`, payload: { text: '   ' } })).statusCode).toBe(400);
    const note = await api.request('supervisor', { method: 'POST', url: `/api/cases/${id}/notes`, payload: { text: '已调取录音' } });
    expect(note.statusCode).toBe(200);
    const kase = (await api.request('supervisor', { method: 'GET', url: `/api/cases/${id}` })).json();
    const kinds = kase.events.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(-2)).toEqual(['assigned', 'note']);
    expect((await api.request('supervisor', { method: 'GET', url: '/api/cases/999999' })).statusCode).toBe(404);
  });

  it('lists overdue cases first', async () => {
    await seed();
    const list = (await api.request('supervisor', { method: 'GET', url: '/api/cases?open=true' })).json();
    const last = list.items[list.items.length - 1];
    await api.db.query(`UPDATE cases SET sla_due_at = now() - interval '2 hours' WHERE id = $1`, [last.id]);
    const again = (await api.request('supervisor', { method: 'GET', url: '/api/cases?open=true' })).json();
    expect(again.items[0].id).toBe(last.id);
    expect(again.items[0].sla.state).toBe('overdue');
  });
});
