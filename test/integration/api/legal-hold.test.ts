import { describe, expect, it } from 'vitest';
import { repositories } from '../../../src/store/index.ts';
import { listAuditEvents } from '../../../src/store/review-app/audit-events.ts';
import { useApi } from './api-test-kit.ts';
import { addScopedUser, BANK_A, BANK_B, SCOPED_PASSWORD } from './privacy-seed.ts';

/**
 * Legal holds through the review API: who may place and release them, the bank scope, the rule that
 * a complaint's automatic hold stays until the case is closed, and the audit trail of each change.
 */
describe('legal holds', () => {
  const api = useApi();
  const ids = { risk: 0, complaint: 0, otherBank: 0 };
  let seeded = false;
  const seed = async () => {
    if (seeded) return;
    seeded = true;
    const cases = repositories(api.db).cases;
    const openedAt = new Date('2026-03-03T03:00:00Z');
    const open = async (bank: string, borrowerId: string) =>
      (await cases.insertOpen({ bank, borrowerId, openedReason: 'manual', riskScore: 1, openedAt, slaDueAt: new Date(openedAt.getTime() + 86_400_000) }))!.id;
    ids.risk = await open(BANK_A, 'B-1');
    ids.complaint = await open(BANK_A, 'B-2');
    ids.otherBank = await open(BANK_B, 'B-3');
    await repositories(api.db).complaints.insert({
      caseId: ids.complaint, bank: BANK_A, borrowerId: 'B-2', channel: 'bank', receivedAt: openedAt, content: '投诉', createdBy: 'supervisor',
    });
    await addScopedUser(api.db, 'sup-a', 'supervisor', [BANK_A]);
  };
  const asScoped = async (opts: { method: 'GET' | 'POST'; url: string; payload?: object }) => {
    const s = await api.login('sup-a', SCOPED_PASSWORD);
    return api.inject({ ...opts, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  };

  it('places a hold with a reason, lists it as active, and audits who, when and why', async () => {
    await seed();
    const before = await api.request('supervisor', { method: 'GET', url: `/api/cases/${ids.risk}/legal-holds` });
    expect(before.json()).toEqual({ held: false, caseClosed: false, items: [] });
    const placed = await api.request('supervisor', { method: 'POST', url: `/api/cases/${ids.risk}/legal-holds`, payload: { reason: 'litigation notice from the borrower' } });
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json().hold).toMatchObject({ caseId: ids.risk, origin: 'supervisor', reason: 'litigation notice from the borrower', placedBy: 'supervisor', releasedAt: null });
    const after = await api.request('supervisor', { method: 'GET', url: `/api/cases/${ids.risk}/legal-holds` });
    expect(after.json()).toMatchObject({ held: true, items: [{ id: placed.json().hold.id }] });
    const events = await listAuditEvents(api.db, { entityType: 'case', entityId: String(ids.risk), limit: 10, banks: null });
    expect(events[0]).toMatchObject({ actor: 'supervisor', actorRole: 'supervisor', action: 'legal_hold.place', after: { holdId: placed.json().hold.id, reason: 'litigation notice from the borrower' } });
  });

  it('releases a hold with the reason, audited with what was released; a second release finds nothing', async () => {
    await seed();
    const [hold] = (await api.request('supervisor', { method: 'GET', url: `/api/cases/${ids.risk}/legal-holds` })).json().items;
    const url = `/api/cases/${ids.risk}/legal-holds/${hold.id}/release`;
    const released = await api.request('supervisor', { method: 'POST', url, payload: { reason: 'litigation settled' } });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().hold).toMatchObject({ releasedBy: 'supervisor', releaseReason: 'litigation settled' });
    expect(Date.parse(released.json().hold.releasedAt)).not.toBeNaN();
    expect((await api.request('supervisor', { method: 'GET', url: `/api/cases/${ids.risk}/legal-holds` })).json().held).toBe(false);
    const events = await listAuditEvents(api.db, { entityType: 'case', entityId: String(ids.risk), limit: 10, banks: null });
    expect(events[0]).toMatchObject({ action: 'legal_hold.release', before: { holdId: hold.id, origin: 'supervisor' }, after: { releaseReason: 'litigation settled' } });
    const again = await api.request('supervisor', { method: 'POST', url, payload: { reason: 'litigation settled' } });
    expect(again.statusCode).toBe(404);
  });

  it("holds a complaint case by itself and refuses to release that hold while the case is open", async () => {
    await seed();
    const list = (await api.request('supervisor', { method: 'GET', url: `/api/cases/${ids.complaint}/legal-holds` })).json();
    expect(list).toMatchObject({ held: true, caseClosed: false, items: [{ origin: 'complaint', placedBy: 'system' }] });
    const url = `/api/cases/${ids.complaint}/legal-holds/${list.items[0].id}/release`;
    const refused = await api.request('supervisor', { method: 'POST', url, payload: { reason: 'no longer needed' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toBe('case_open');
    await api.db.query(`UPDATE cases SET status = 'dismissed', closed_at = now() WHERE id = $1`, [ids.complaint]);
    const ok = await api.request('supervisor', { method: 'POST', url, payload: { reason: 'case closed, bank confirmed' } });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('lets only supervisors act, answers a case outside their banks as missing, and wants a reason', async () => {
    await seed();
    for (const role of ['qa_reviewer', 'compliance_officer', 'admin'] as const) {
      const r = await api.request(role, { method: 'POST', url: `/api/cases/${ids.risk}/legal-holds`, payload: { reason: 'because I can' } });
      expect(r.statusCode, role).toBe(403);
    }
    expect((await asScoped({ method: 'GET', url: `/api/cases/${ids.otherBank}/legal-holds` })).statusCode).toBe(404);
    expect((await asScoped({ method: 'POST', url: `/api/cases/${ids.otherBank}/legal-holds`, payload: { reason: 'not mine to hold' } })).statusCode).toBe(404);
    expect((await asScoped({ method: 'GET', url: `/api/cases/${ids.risk}/legal-holds` })).statusCode).toBe(200);
    const noReason = await api.request('supervisor', { method: 'POST', url: `/api/cases/${ids.risk}/legal-holds`, payload: { reason: ' ' } });
    expect(noReason.statusCode).toBe(400);
    const { rows } = await api.db.query(`SELECT 1 FROM legal_holds WHERE case_id = $1 AND reason LIKE '%I can%'`, [ids.risk]);
    expect(rows).toHaveLength(0);
    expect((await api.request('supervisor', { method: 'GET', url: '/api/cases/999999/legal-holds' })).statusCode).toBe(404);
  });
});
