import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDashboardData } from '../integration/api/dashboard-seed.ts';
import { SCREENSHOT_DIR, useReviewApp } from './browser-kit.ts';

/**
 * The management view in Chromium, on the review app's seeded calls plus the hand-built dashboard
 * set (test/integration/api/dashboard-seed.ts, two weeks of November 2026): the dashboards with a
 * drill-down, an agent's scorecard, an export downloaded and opened, search without a phrase.
 */
describe('the management view in Chromium', () => {
  const app = useReviewApp();
  beforeAll(async () => {
    await seedDashboardData(app.db);
  });
  const NOVEMBER = 'from=2026-11-02&to=2026-11-15';

  it('shows a supervisor the dashboards; a number opens the calls behind it', async () => {
    const { page, errors } = await app.signIn('supervisor');
    await page.click('[data-testid=nav-dashboard]');
    await page.waitForURL('**/dashboard');
    await page.goto(`${app.baseUrl}/dashboard?${NOVEMBER}`);
    await page.waitForSelector('[data-testid=chart-findings] svg');
    await page.waitForSelector('[data-testid=rates] [data-testid=violations-a1]');
    const rows = await page.$$eval('[data-testid=rates] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    // Worst rate first: b1 (1 of 1), a1 (1 of 2), a2 (0 of 2).
    expect(rows.map((r) => [r[0], r[1], r[3], r[4]])).toEqual([['b1', '1', '1', '100.0 %'], ['a1', '2', '1', '50.0 %'], ['a2', '2', '0', '0.0 %']]);
    expect(await page.textContent('[data-testid=rules-by-hits] tbody tr:first-child')).toContain('R1');
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'dashboard.png'), fullPage: true });

    await page.click('[data-testid=violations-a1]');
    await page.waitForURL('**/dashboard/calls?**');
    await page.waitForSelector('[data-testid=drill-calls]');
    const calls = await page.$$eval('[data-testid=drill-calls] tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    expect(calls).toEqual(['d-c1']);
    expect(await page.textContent('[data-testid=drill-range]')).toContain('1');
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'dashboard-drill-down.png') });

    // The filters narrow every figure: BankB only leaves b1.
    await page.goto(`${app.baseUrl}/dashboard?${NOVEMBER}`);
    await page.waitForSelector('[data-testid=rates] tbody tr');
    await page.selectOption('[data-testid=dash-bank]', 'BankB');
    await page.click('[data-testid=dash-apply]');
    await page.waitForURL('**bank=BankB**');
    await expect.poll(() => page.$$eval('[data-testid=rates] tbody tr td:first-child', (tds) => tds.map((td) => td.textContent))).toEqual(['b1']);
    expect(errors).toEqual([]);
  });

  it("opens an agent's scorecard from the dashboard", async () => {
    const { page, errors } = await app.signIn('supervisor');
    await page.goto(`${app.baseUrl}/dashboard?${NOVEMBER}`);
    await page.click('[data-testid=scorecard-a1]');
    await page.waitForURL('**/agents/a1?**');
    await page.waitForSelector('[data-testid=scorecard-trend] svg');
    expect(await page.textContent('[data-testid=scorecard-title]')).toContain('张伟 (a1)');
    expect(await page.textContent('[data-testid=score-violations]')).toBe('1');
    const categories = await page.$$eval('[data-testid=scorecard-categories] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(categories).toEqual([['辱骂', '1', '2', '0'], ['缺少告知', '0', '1', '0']]);
    const cases = await page.$$eval('[data-testid=scorecard-cases] tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    expect(cases).toEqual(['#901', '#902']);
    const listen = await page.$$eval('[data-testid=scorecard-listen] li a', (as) => as.map((a) => a.textContent).sort());
    expect(listen).toEqual(['d-c1', 'd-c2']);
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'scorecard.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('downloads the findings behind a number as XLSX, opens it and finds them, and the export is audited', async () => {
    const { page } = await app.signIn('supervisor');
    await page.goto(`${app.baseUrl}/dashboard/calls?${NOVEMBER}&agentId=a1&finding=confirmed`);
    await page.waitForSelector('[data-testid=drill-calls]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=drill-export]')]);
    expect(download.suggestedFilename()).toMatch(/^callguard-findings-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('findings')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(sheet.rowCount).toBe(2);
    expect([cell('call'), cell('rule'), cell('verdict'), cell('by')]).toEqual(['d-c1', 'R1', 'confirmed', 'rev1']);
    // A supervisor sees numbers unmasked on screen, and so in the export.
    expect(cell('quote')).toBe('你这个老赖，电话13912345678');
    const { rows } = await app.db.query<{ actor: string; after: { format: string; rows: number; unmasked: boolean } }>(
      `SELECT actor, after FROM audit_events WHERE action = 'export.findings' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({ actor: 'supervisor', after: { format: 'xlsx', rows: 1, unmasked: true } });
  });

  it('finds first calls without the 受托 wording, and keeps the dashboards from QA reviewers', async () => {
    const { page } = await app.signIn('compliance_officer');
    await page.goto(`${app.baseUrl}/search`);
    await page.fill('[data-testid=search-exclude]', '委托');
    await page.check('[data-testid=search-first]');
    await page.click('[data-testid=search-submit]');
    await page.waitForSelector('[data-testid=search-hits]');
    const hits = await page.$$eval('[data-testid=search-hits] > li > a', (as) => as.map((a) => a.textContent));
    expect(hits).toContain('d-c3');
    expect(hits).not.toContain('d-c1');
    await page.goto(`${app.baseUrl}/dashboard`);
    await page.waitForSelector('[data-testid=chart-findings] svg');

    const qa = await app.signIn('qa_reviewer');
    await qa.page.goto(`${app.baseUrl}/dashboard`);
    await qa.page.waitForSelector('text=/无权|may not/');
  });
});
