import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { recordComplaint } from '../../src/cases/case-actions.ts';
import { transactionAsDb } from '../../src/api/transaction-db.ts';
import { PII_CALL_PHONE } from '../integration/api/seed-review-data.ts';
import { SCREENSHOT_DIR, useReviewApp } from './browser-kit.ts';

/**
 * A supervisor walks a complaint through the whole procedure in Chromium: intake finds the borrower
 * by a phone number typed with a country code and dashes (the bank chosen from the list), the risk
 * case triage opened for that borrower becomes the complaint case, and each step's form asks for
 * what the procedure requires. With CALLGUARD_SCREENSHOTS=1 each step is saved to docs/screenshots/.
 */
describe('the complaint procedure in Chromium', () => {
  const app = useReviewApp();
  const shot = async (page: Page, name: string) => {
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, `complaint-${name}.png`), fullPage: true });
  };

  it('takes a complaint from intake to closed, one form per step, and the first response is met by the explanation', async () => {
    const { page, errors } = await app.signIn('supervisor');
    await page.waitForSelector('[data-testid=cases-risk]');
    await page.click('[data-testid=new-complaint]');

    // Intake: the bank from the list, the borrower found by phone before anything is saved.
    await page.selectOption('[data-testid=complaint-bank]', '中国建设银行');
    await page.fill('[data-testid=complaint-phone]', `+86 ${PII_CALL_PHONE.slice(0, 3)}-${PII_CALL_PHONE.slice(3, 7)}-${PII_CALL_PHONE.slice(7)}`);
    expect(await page.isDisabled('[data-testid=complaint-submit]')).toBe(true);
    await page.click('[data-testid=complaint-find]');
    await page.waitForSelector('[data-testid=match-B-1002]');
    expect(await page.textContent('[data-testid=match-B-1002]')).toContain('zh-abusive');
    await page.selectOption('[data-testid=complaint-channel]', 'phone');
    await page.fill('[data-testid=complaint-content]', '借款人来电投诉：催收员在电话中辱骂，称其为“老赖”。');
    await page.fill('[data-testid=complaint-request]', '要求道歉，并更换催收员');
    await shot(page, '01-intake');
    await page.click('[data-testid=complaint-submit]');
    await page.waitForURL(/\/cases\/\d+$/);
    const caseId = Number(page.url().split('/').pop());
    await page.waitForSelector('[data-testid=case-call-zh-abusive]');
    expect(await page.textContent('[data-testid=case-status]')).toBe('已接收');
    expect(await page.textContent('[data-testid=case-kind]')).toBe('投诉案件');
    await page.waitForSelector('[data-testid=deadline-first_response][data-state=running]');
    await shot(page, '02-received');

    const step = async (action: string, fill: (p: Page) => Promise<void>, status: string, name: string) => {
      await page.click(`[data-testid=step-${action}]`);
      await page.waitForSelector('[data-testid=step-form]');
      await fill(page);
      await page.click('[data-testid=step-submit]');
      await expect.poll(() => page.textContent('[data-testid=case-status]'), { timeout: 10_000 }).toBe(status);
      await shot(page, name);
    };
    await step('accept', async (p) => {
      await p.fill('[data-testid=field-complainantName]', '借款人本人');
      await p.fill('[data-testid=field-complainantRequest]', '要求道歉，并更换催收员');
    }, '已受理', '03-accepted');
    // Accepting starts the clock for the report to the bank; the borrower has still not been answered.
    await page.waitForSelector('[data-testid=deadline-report_to_bank][data-state=running]');
    expect(await page.getAttribute('[data-testid=deadline-first_response]', 'data-state')).toBe('running');

    await step('investigate', async (p) => {
      expect(await p.isChecked('[data-testid=pick-zh-abusive]')).toBe(true);
    }, '调查中', '04-investigating');
    expect(await page.getAttribute('[data-testid=deadline-first_response]', 'data-state')).toBe('running');

    await step('explain', async (p) => {
      await p.fill('[data-testid=contact-summary]', '致电借款人，说明已调取录音，三个工作日内答复处理结果。');
    }, '已解释', '05-explained');
    expect(await page.getAttribute('[data-testid=deadline-first_response]', 'data-state')).toBe('met');
    expect(await page.$$eval('[data-testid=contacts] li', (li) => li.map((l) => l.getAttribute('data-party')))).toEqual(['borrower']);

    await step('propose_solution', async (p) => {
      await p.fill('[data-testid=field-solutionText]', '催收员停岗培训，由组长向借款人书面致歉，更换催收员。');
    }, '已提出方案', '06-solution');
    await step('resolve', async (p) => {
      await p.selectOption('[data-testid=field-outcome]', 'founded');
      await p.fill('[data-testid=field-causeAnalysis]', '催收员情绪失控，使用侮辱性语言，违反公司话术规范。');
    }, '已解决', '07-resolved');
    await step('report_to_bank', async (p) => {
      await p.fill('[data-testid=contact-summary]', '书面报告（含录音、原因分析、处理结果）已发送建设银行信用卡中心。');
    }, '已报告银行', '08-reported');
    await step('follow_up', async (p) => {
      await p.fill('[data-testid=field-followUpCallId]', 'zh-pii-markup');
      await p.fill('[data-testid=field-followUpNote]', '回访借款人，已收到致歉，对处理结果表示认可。');
    }, '已回访', '09-followed-up');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-report]')]);
    expect(readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');

    await step('close', async () => undefined, '已结案', '10-closed');
    expect(await page.$$eval('[data-testid^=step-]', (b) => b.map((x) => x.getAttribute('data-testid')))).toEqual(['step-reopen']);
    expect(await page.textContent('[data-testid=outcome]')).toBe('投诉成立');
    const timeline = await page.$$eval('[data-testid=timeline] li', (li) => li.map((l) => l.getAttribute('data-kind')));
    expect(timeline).toEqual(expect.arrayContaining(['kind_changed', 'complaint_added', 'status', 'contact_recorded', 'calls_chosen', 'report_generated']));
    const { rows } = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.transition' AND entity_id = $1`, [String(caseId)]);
    expect(rows[0]!.n).toBe(8);
    expect(errors).toEqual([]);
  });

  it('shows 23 hours left, 7 hours left, a warning, the last tenth and a breach each in its own colour, complaints apart from risk cases', async () => {
    const hoursAgo = [1, 17, 19, 22, 30];
    await app.db.transaction(async (tx) => {
      const db = transactionAsDb(tx, app.db);
      for (const [i, h] of hoursAgo.entries()) {
        await recordComplaint(db, { bank: '中国建设银行', borrowerId: `E-${i}`, channel: 'phone', receivedAt: new Date(Date.now() - h * 3_600_000), content: '投诉', createdBy: 'supervisor' }, 24);
      }
    });
    const { page, errors } = await app.signIn('supervisor');
    await page.goto(`${app.baseUrl}/cases`);
    await page.waitForSelector('[data-testid=cases-complaint]');
    const looks = await page.$$eval('[data-testid=cases-complaint] tbody tr', (rows) => rows.map((r) => {
      const label = r.querySelector('[data-testid^=deadline-]');
      const borrower = r.children[4]?.textContent ?? '';
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle;
      return { borrower, state: label?.getAttribute('data-state'), colour: label ? style(label).backgroundColor : '' };
    }));
    const of = (b: string) => looks.find((l) => l.borrower === b)!;
    // The list is by nearest deadline: the breached one first.
    expect(looks.slice(0, 5).map((l) => l.borrower)).toEqual(['E-4', 'E-3', 'E-2', 'E-1', 'E-0']);
    expect([of('E-0').state, of('E-1').state, of('E-2').state, of('E-3').state, of('E-4').state]).toEqual(['running', 'running', 'warning', 'critical', 'breached']);
    expect(new Set(['E-0', 'E-1', 'E-2', 'E-3', 'E-4'].map((b) => of(b).colour)).size).toBe(5);
    // Risk cases triage opened are listed apart.
    expect(await page.$$eval('[data-testid=cases-risk] tbody tr', (r) => r.length)).toBeGreaterThan(0);
    await shot(page, '00-cases');
    expect(errors).toEqual([]);
  });
});
