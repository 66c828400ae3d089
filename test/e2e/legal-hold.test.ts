import { describe, expect, it } from 'vitest';
import { repositories } from '../../src/store/index.ts';
import { useReviewApp } from './browser-kit.ts';

/** The case page's legal-hold panel in Chromium: place a hold with a reason, see it held, release it. */
describe('legal hold on the case page', () => {
  const app = useReviewApp();

  it('places a hold with a reason, shows the case held, and releases it with a reason; both audited', async () => {
    const openedAt = new Date('2026-03-03T03:00:00Z');
    const kase = (await repositories(app.db).cases.insertOpen({
      bank: '招商银行', borrowerId: 'B-HOLD-1', openedReason: 'manual', riskScore: 1, openedAt, slaDueAt: new Date(openedAt.getTime() + 86_400_000),
    }))!;
    const { page, errors } = await app.signIn('supervisor');
    await page.goto(`${app.baseUrl}/cases/${kase.id}`);
    await page.waitForSelector('[data-testid=legal-hold-state]');
    expect(await page.textContent('[data-testid=legal-hold-state]')).toContain('未保全');

    await page.fill('[data-testid=legal-hold-reason]', '借款人提起诉讼，法院通知保全证据');
    await page.click('[data-testid=legal-hold-place]');
    await expect.poll(async () => page.textContent('[data-testid=legal-hold-state]'), { timeout: 10_000 }).toContain('保全中');
    expect(await page.textContent('[data-testid=legal-hold]')).toContain('借款人提起诉讼，法院通知保全证据');

    const { rows: holds } = await app.db.query<{ id: number }>('SELECT id FROM legal_holds WHERE case_id = $1', [kase.id]);
    await page.click(`[data-testid=legal-hold-release-${holds[0]!.id}]`);
    await page.fill('[data-testid=legal-hold-release-reason]', '诉讼已和解');
    await page.click('[data-testid=legal-hold-release-submit]');
    await expect.poll(async () => page.textContent('[data-testid=legal-hold-state]'), { timeout: 10_000 }).toContain('未保全');
    expect(await page.textContent('[data-testid=legal-hold]')).toContain('诉讼已和解');

    const { rows: events } = await app.db.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_events WHERE entity_type = 'case' AND entity_id = $1 AND action LIKE 'legal_hold.%' ORDER BY seq`, [String(kase.id)],
    );
    expect(events).toEqual([{ action: 'legal_hold.place', actor: 'supervisor' }, { action: 'legal_hold.release', actor: 'supervisor' }]);
    expect(errors).toEqual([]);
  });
});
