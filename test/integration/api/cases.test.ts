import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { useApi } from './api-test-kit.ts';
import { seedReviewData } from './seed-review-data.ts';
import { packBankGroups } from '../../../src/rules/pack-bank-groups.ts';

const bankGroups = packBankGroups('rules');

describe('supervisor cases and complaints API', () => {
  const api = useApi({ api: { bankGroups } });
  let seeded = false;
  const seed = async () => {
    if (!seeded) await seedReviewData(api.db);
    seeded = true;
  };

  it('records a complaint that opens the borrower’s complaint case and pulls in their calls', async () => {
    await seed();
    // B-1001 (招商银行) has one clean-ish call and no case yet.
    const res = await api.request('supervisor', {
      method: 'POST', url: '/api/complaints',
      payload: {
        bank: '招行', borrowerId: 'B-1001', selected: { bank: '招商银行', borrowerId: 'B-1001' }, channel: 'bank',
        receivedAt: new Date(Date.now() - 3600_000).toISOString(),
        content: '借款人来电称催收员态度恶劣，联系电话13900001111。', borrowerRequest: '要求道歉并停止骚扰',
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.opened).toBe(true);
    expect(body.addedCallIds).toEqual(['zh-compliant']);

    const kase = (await api.request('supervisor', { method: 'GET', url: `/api/cases/${body.caseId}` })).json();
    expect(kase.case).toMatchObject({ kind: 'complaint', status: 'received' });
    expect(kase.case.deadlines.find((d: { name: string }) => d.name === 'first_response').state).toBe('running');
    expect(kase.calls.map((c: { call: { id: string } }) => c.call.id)).toEqual(['zh-compliant']);
    expect(kase.complaints[0].content).toContain('13900001111'); // supervisors see numbers
    expect(kase.events.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'complaint_added', 'call_added']);

    const second = await api.request('supervisor', {
      method: 'POST', url: '/api/complaints',
      payload: { bank: '招商银行', borrowerId: 'B-1001', selected: { bank: '招商银行', borrowerId: 'B-1001' }, channel: 'regulator', receivedAt: new Date().toISOString(), content: '再次投诉' },
    });
    expect(second.json()).toMatchObject({ caseId: body.caseId, opened: false, addedCallIds: [] });

    const audits = await api.db.query(`SELECT action FROM audit_events WHERE action = 'complaint.create'`);
    expect(audits.rowCount).toBe(2);
  });

  it('reviews a risk case triage opened: refuses illegal steps and missing reasons, audits each step', async () => {
    await seed();
    const list = (await api.request('supervisor', { method: 'GET', url: '/api/cases?open=true&kind=risk' })).json();
    const target = list.items.find((c: { borrowerId: string }) => c.borrowerId === 'B-1002');
    expect(target).toMatchObject({ kind: 'risk', status: 'open', nearestDeadline: { name: 'risk_review' } });
    const id = target.id as number;
    const move = (payload: Record<string, unknown>) =>
      api.request('supervisor', { method: 'POST', url: `/api/cases/${id}/transition`, payload });

    expect((await move({ to: 'resolved' })).statusCode).toBe(409);
    expect((await move({ to: 'escalated' })).json()).toMatchObject({ error: 'missing_detail' });
    expect((await move({ to: 'escalated', reason: '录音确认辱骂' })).statusCode).toBe(200);
    expect((await move({ to: 'closed', reason: '已向银行报告，催收员停岗' })).json().case).toMatchObject({ status: 'closed' });
    expect((await move({ to: 'open' })).statusCode).toBe(409);

    const { rows } = await api.db.query<{ before: { status: string }; after: { status: string } }>(
      `SELECT before, after FROM audit_events WHERE action = 'case.transition' AND entity_id = $1 ORDER BY id`, [String(id)],
    );
    expect(rows.map((r) => `${r.before.status}->${r.after.status}`)).toEqual(['open->escalated', 'escalated->closed']);
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

  it('lists open cases by their nearest deadline: a breached one first', async () => {
    await seed();
    const list = (await api.request('supervisor', { method: 'GET', url: '/api/cases?open=true' })).json();
    const last = list.items[list.items.length - 1];
    await api.db.query(`UPDATE cases SET opened_at = now() - interval '10 days', received_at = CASE WHEN kind = 'complaint' THEN now() - interval '10 days' END WHERE id = $1`, [last.id]);
    const again = (await api.request('supervisor', { method: 'GET', url: '/api/cases?open=true' })).json();
    expect(again.items[0].id).toBe(last.id);
    expect(again.items[0].nearestDeadline.state).toBe('breached');
    const risk = (await api.request('supervisor', { method: 'GET', url: '/api/cases?kind=complaint' })).json();
    expect(risk.items.every((c: { kind: string }) => c.kind === 'complaint')).toBe(true);
  });
});

describe('deadlines on the server\'s clock', () => {
  // The server's time, not the test's: the first response runs, warns, turns critical and is breached as the clock moves.
  const clock = new ManualClock(Date.now());
  const api = useApi({ api: { bankGroups }, deps: { clock } });

  it('a complaint\'s first response runs from receipt; only a contact with the borrower meets it (here, late)', async () => {
    await seedReviewData(api.db);
    const receivedAt = new Date(clock.nowMs() - 3600_000);
    const res = await api.request('supervisor', {
      method: 'POST', url: '/api/complaints',
      payload: { bank: '招商银行', borrowerId: 'B-1001', selected: { bank: '招商银行', borrowerId: 'B-1001' }, channel: 'bank', receivedAt: receivedAt.toISOString(), content: '投诉催收方式' },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().caseId as number;
    const dueAt = new Date(receivedAt.getTime() + 24 * 3600_000);
    const first = async () => (await api.request('supervisor', { method: 'GET', url: `/api/cases/${id}` })).json().case.deadlines.find((d: { name: string }) => d.name === 'first_response');
    expect(await first()).toMatchObject({ state: 'running', dueAt: dueAt.toISOString(), remainingMs: 23 * 3600_000 });

    clock.set(new Date(receivedAt.getTime() + 18 * 3600_000));
    expect(await first()).toMatchObject({ state: 'warning', threshold: 0.75 });
    clock.set(new Date(receivedAt.getTime() + 22 * 3600_000));
    expect(await first()).toMatchObject({ state: 'critical', threshold: 0.9 });
    clock.set(new Date(dueAt.getTime() + 90 * 60_000));
    expect(await first()).toMatchObject({ state: 'breached', remainingMs: -90 * 60_000 });
    const list = (await api.request('supervisor', { method: 'GET', url: '/api/cases?open=true' })).json();
    expect(list.now).toBe(clock.now().toISOString());
    expect(list.items[0]).toMatchObject({ id, nearestDeadline: { name: 'first_response', state: 'breached' } });

    // Accepting the complaint does not answer the borrower; a contact record does.
    const accepted = await api.request('supervisor', {
      method: 'POST', url: `/api/cases/${id}/transition`,
      payload: { to: 'accepted', complainantName: '王女士', complainantRelation: 'borrower', complaintChannel: 'bank', complainantRequest: '道歉', promisedResponseAt: new Date(clock.nowMs() + 3600_000).toISOString() },
    });
    expect(accepted.statusCode).toBe(200);
    expect(await first()).toMatchObject({ state: 'breached' });
    const contact = await api.request('supervisor', {
      method: 'POST', url: `/api/cases/${id}/contacts`,
      payload: { at: clock.now().toISOString(), by: '张主管', party: 'borrower', channel: 'phone', summary: '致电说明已受理' },
    });
    expect(contact.statusCode).toBe(201);
    clock.advance(24 * 3600_000);
    expect(await first()).toMatchObject({ state: 'met_late', metAt: new Date(dueAt.getTime() + 90 * 60_000).toISOString() });
  });

  it('refuses a complaint received more than five minutes in the server\'s future', async () => {
    const at = (ms: number) => new Date(clock.nowMs() + ms).toISOString();
    const post = (receivedAt: string) => api.request('supervisor', {
      method: 'POST', url: '/api/complaints',
      payload: { bank: '招商银行', borrowerId: 'B-2002', confirmNoMatch: true, channel: 'bank', receivedAt, content: '投诉' },
    });
    expect((await post(at(5 * 60_000 + 1))).statusCode).toBe(400);
    expect((await post(at(5 * 60_000))).statusCode).toBe(201);
  });
});

describe('the report to the bank', () => {
  const api = useApi();

  it('renders a masked PDF with Chinese text, records the export, and refuses QA', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    await seedReviewData(api.db);
    const list = (await api.request('supervisor', { method: 'GET', url: '/api/cases?bank=%E5%BB%BA%E8%AE%BE%E9%93%B6%E8%A1%8C' })).json();
    const id = list.items[0].id as number;
    await api.request('supervisor', {
      method: 'PUT', url: `/api/cases/${id}/report-draft`,
      payload: { causeAnalysis: '催收员情绪失控，使用侮辱性语言。借款人电话13912345678。', disputeHandling: '24小时内调取录音并报告银行。', lessonsLearned: '加强话术培训。' },
    });
    const res = await api.request('supervisor', { method: 'POST', url: `/api/cases/${id}/report.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`case-${id}-report.pdf`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const dir = mkdtempSync(path.join(tmpdir(), 'cg-report-'));
    const file = path.join(dir, 'r.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const expected of ['关于投诉案件的调查处理报告', '原因分析', '经验教训', '此类争议的处理措施', '催收员情绪失控', '老赖', 'zh-abusive']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('11010519491231002X');
    expect(text).toContain('*******5678');
    // Rendered to an image, the first page is not blank.
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    const png = readFileSync(path.join(dir, 'page-1.png'));
    expect(png.length).toBeGreaterThan(5000);

    const events = (await api.request('supervisor', { method: 'GET', url: `/api/cases/${id}` })).json().events;
    expect(events.map((e: { kind: string }) => e.kind)).toContain('report_generated');
    const audits = await api.db.query(`SELECT 1 FROM audit_events WHERE action = 'case.report_export' AND entity_id = $1`, [String(id)]);
    expect(audits.rowCount).toBe(1);
    expect((await api.request('qa_reviewer', { method: 'POST', url: `/api/cases/${id}/report.pdf` })).statusCode).toBe(403);

    // A US creditor's case gets the English report, times at the calls' offset.
    const us = (await api.request('supervisor', { method: 'GET', url: '/api/cases?bank=First%20National%20Bank' })).json();
    const en = await api.request('supervisor', { method: 'POST', url: `/api/cases/${us.items[0].id}/report.pdf` });
    writeFileSync(file, en.rawPayload);
    const enText = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(enText).toContain('Complaint investigation report');
    expect(enText).toContain('Calls and evidence');
    expect(enText).toContain('UTC-05:00');
    expect(enText).not.toContain('(555) 234-5678');
  });
});
