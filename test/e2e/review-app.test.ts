import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repositories } from '../../src/store/index.ts';
import { MARKUP, PII_CALL_ID, PII_ID_CARD, PII_PHONE } from '../integration/api/seed-review-data.ts';
import { SCREENSHOT_DIR, useReviewApp } from './browser-kit.ts';

interface AudioState {
  currentTime: number;
  paused: boolean;
  readyState: number;
}
// Polled from Node: the app's Content-Security-Policy (no 'unsafe-eval') refuses string predicates in the page.
const audioState = (page: Page) =>
  page.$eval('[data-testid=audio]', (a) => {
    const el = a as unknown as AudioState;
    return { currentTime: el.currentTime, paused: el.paused, readyState: el.readyState };
  });
const audioTime = async (page: Page) => (await audioState(page)).currentTime;
const waitAudio = (page: Page, ok: (a: AudioState) => boolean) =>
  expect.poll(async () => ok(await audioState(page)), { timeout: 10_000, interval: 50 }).toBe(true);
const findingIdOf = async (page: Page, ruleId: string) =>
  Number(
    await page.$$eval(
      'article.finding',
      (els, rule) => els.find((e) => e.textContent?.includes(rule as string))?.getAttribute('data-testid')?.replace('finding-', '') ?? '',
      ruleId,
    ),
  );

describe('the review app in Chromium', () => {
  const app = useReviewApp();

  it('signs each role in to its own landing page with its own navigation', async () => {
    const expected = {
      qa_reviewer: { path: '/queue', nav: ['nav-queue', 'nav-search'] },
      supervisor: { path: '/cases', nav: ['nav-cases', 'nav-complaints-new', 'nav-queue', 'nav-search', 'nav-upload', 'nav-attention'] },
      compliance_officer: { path: '/queue', nav: ['nav-queue', 'nav-search', 'nav-rules'] },
      admin: { path: '/admin', nav: ['nav-admin', 'nav-upload', 'nav-attention'] },
    } as const;
    for (const [role, want] of Object.entries(expected)) {
      const { page, errors } = await app.signIn(role as keyof typeof expected);
      await page.waitForURL(`**${want.path}`);
      const nav = await page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('data-testid')));
      expect(nav, role).toEqual(want.nav);
      expect(errors).toEqual([]);
    }
    const context = await app.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.fill('input[name=username]', 'qa_reviewer');
    await page.fill('input[name=password]', 'wrong password');
    await page.click('[data-testid=login-submit]');
    await expect(page.textContent('[data-testid=login-error]')).resolves.toContain('用户名或密码错误');
    await context.close();
  });

  it('lets a QA reviewer play a flagged call, seek by finding, line and region, confirm one finding and dismiss another', async () => {
    const { page, errors } = await app.signIn('qa_reviewer');
    await page.waitForSelector('[data-testid=queue-row-zh-abusive]');
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'queue.png') });
    await page.click('[data-testid=queue-row-zh-abusive] a');
    await page.waitForURL('**/calls/zh-abusive');
    await page.waitForSelector('article.finding');
    await waitAudio(page, (a) => a.readyState >= 1);

    // Play: the audio really advances.
    await page.click('[data-testid=play]');
    await waitAudio(page, (a) => a.currentTime > 0.3);
    await page.keyboard.press(' ');
    await waitAudio(page, (a) => a.paused);

    // Seek by clicking a finding: the player jumps to its start.
    const insult = await findingIdOf(page, 'zh.abuse.insult');
    const threat = await findingIdOf(page, 'zh.threat.exposure');
    const notice = await findingIdOf(page, 'zh.disclosure.recording-notice');
    expect(insult && threat && notice).toBeTruthy();
    await page.click(`[data-testid=finding-${insult}] header`);
    await waitAudio(page, (a) => Math.abs(a.currentTime - 6.471) < 0.05);
    // … by clicking its region on the waveform …
    await page.click(`[data-testid=region-${threat}]`);
    await waitAudio(page, (a) => Math.abs(a.currentTime - 10.878) < 0.05);
    // … and by clicking a transcript line.
    await page.click('[data-testid=segment-1]');
    await waitAudio(page, (a) => Math.abs(a.currentTime - 4.244) < 0.05);
    expect(await audioTime(page)).toBeCloseTo(4.244, 1);
    // The matched words are highlighted in the transcript.
    expect(await page.$$eval('[data-testid=segment-2] mark', (m) => m.map((x) => x.textContent).join(''))).toContain('老赖');

    // Confirm one finding with its button …
    await page.click(`[data-testid=confirm-${insult}]`);
    await expect.poll(() => page.textContent(`[data-testid=verdict-${insult}]`)).toContain('已确认');
    // … dismiss another with a reason and a note …
    await page.click(`[data-testid=dismiss-${notice}]`);
    await page.selectOption(`[data-testid=dismiss-reason-${notice}]`, 'context');
    await page.fill(`[data-testid=dismiss-note-${notice}]`, '开场白里已告知录音');
    await page.click(`[data-testid=dismiss-submit-${notice}]`);
    await expect.poll(() => page.textContent(`[data-testid=verdict-${notice}]`)).toContain('已驳回');
    // … and confirm a third from the keyboard: n selects the next finding, c confirms it.
    await page.click(`[data-testid=finding-${insult}] header`);
    await page.keyboard.press('n');
    const selected = Number((await page.getAttribute('article.finding.selected', 'data-testid'))!.replace('finding-', ''));
    expect(selected).not.toBe(insult);
    await page.keyboard.press('c');
    await expect.poll(() => page.textContent(`[data-testid=verdict-${selected}]`)).toContain('已确认');
    if (SCREENSHOT_DIR) {
      await page.click(`[data-testid=finding-${threat}] header`);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'call-page.png'), fullPage: true });
    }

    const { rows } = await app.db.query<{ id: number; verdict: string; verdict_reason: string | null; verdict_by: string; rule_version: string }>(
      `SELECT id, verdict, verdict_reason, verdict_by, rule_version FROM findings WHERE call_id = 'zh-abusive' AND verdict IS NOT NULL ORDER BY id`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(insult)).toMatchObject({ verdict: 'confirmed', verdict_by: 'qa_reviewer' });
    expect(byId.get(notice)).toMatchObject({ verdict: 'dismissed', verdict_reason: 'context' });
    expect(byId.get(selected)).toMatchObject({ verdict: 'confirmed' });
    expect(errors).toEqual([]);
  });

  it('keeps numbers masked for QA and shows transcript markup as text', async () => {
    const { page } = await app.signIn('qa_reviewer');
    await page.goto(`${app.baseUrl}/calls/${PII_CALL_ID}`);
    await page.waitForSelector('[data-testid=segment-2]');
    const body = await page.innerText('body');
    expect(body).not.toContain(PII_PHONE);
    expect(body).not.toContain(PII_ID_CARD);
    expect(body).not.toContain('13800138000');
    expect(body).toContain('*******5678');
    expect(await page.textContent('[data-testid=segment-2]')).toContain(MARKUP);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.$$eval('[data-testid=transcript] script, [data-testid=transcript] img', (e) => e.length)).toBe(0);
    // Search does not give the number away either.
    await page.goto(`${app.baseUrl}/search?q=${PII_PHONE}`);
    await page.waitForSelector('.notice');
    expect(await page.innerText('main')).not.toContain(`${PII_PHONE}，`);

    const sup = await app.signIn('supervisor');
    await sup.page.goto(`${app.baseUrl}/calls/${PII_CALL_ID}`);
    await sup.page.waitForSelector('[data-testid=segment-1]');
    expect(await sup.page.textContent('[data-testid=segment-1]')).toContain(PII_PHONE);
  });

  it('keeps a QA reviewer out of supervisor and admin pages and actions', async () => {
    const { page } = await app.signIn('qa_reviewer');
    for (const p of ['/cases', '/cases/1', '/complaints/new', '/admin', '/rules', '/upload', '/attention']) {
      await page.goto(`${app.baseUrl}${p}`);
      await page.waitForSelector('[data-testid=forbidden]');
    }
    const statuses = await page.evaluate<number[]>(`(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
      return [
        (await fetch('/api/cases')).status,
        (await fetch('/api/users')).status,
        (await fetch('/api/complaints', { method: 'POST', headers, body: '{}' })).status,
        (await fetch('/api/cases/1/transition', { method: 'POST', headers, body: JSON.stringify({ to: 'investigating' }) })).status,
        (await fetch('/api/cases/1/report.pdf', { method: 'POST', headers })).status,
      ];
    })()`);
    expect(statuses).toEqual([403, 403, 403, 403, 403]);

    // A compliance officer reads calls but has no verdict buttons.
    const co = await app.signIn('compliance_officer');
    await co.page.goto(`${app.baseUrl}/calls/zh-impersonation`);
    await co.page.waitForSelector('article.finding');
    expect(await co.page.$$('[data-testid^=confirm-]')).toHaveLength(0);
  });

  it('switches the interface to English', async () => {
    const { page } = await app.signIn('qa_reviewer');
    await page.waitForSelector('[data-testid=nav-queue]');
    expect(await page.textContent('[data-testid=nav-queue]')).toBe('质检队列');
    await page.click('[data-testid=lang]');
    expect(await page.textContent('[data-testid=nav-queue]')).toBe('Review queue');
    expect(await page.textContent('h1')).toBe('Calls to review');
    await page.click('[data-testid=lang]');
  });

  it('lists a failed call on the supervisor\'s Needs attention page and retries it from the step that failed', async () => {
    const calls = repositories(app.db).calls;
    await calls.insertIfNew({
      meta: { id: 'e2e-failed', agentId: '8107', borrowerId: 'B-7001', bank: '建设银行', startedAt: '2026-03-04T09:00:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN' },
      source: 'recording',
    });
    await calls.markFailed('e2e-failed', 'decode', 'e2e-failed.amr: the audio cannot be decoded (corrupt)');
    const { page, errors } = await app.signIn('supervisor');
    await page.click('[data-testid=nav-attention]');
    await page.waitForSelector('[data-testid=attention-row-e2e-failed]');
    const row = await page.textContent('[data-testid=attention-row-e2e-failed]');
    expect(row).toContain('解码');
    expect(row).toContain('the audio cannot be decoded (corrupt)');
    await page.click('[data-testid=retry-e2e-failed]');
    await page.waitForSelector('[data-testid=attention-message]');
    expect(await page.textContent('[data-testid=attention-message]')).toContain('e2e-failed');
    await page.waitForSelector('[data-testid=attention-row-e2e-failed]', { state: 'detached' });
    expect(app.dispatched).toContainEqual({ name: 'decode', payload: { callId: 'e2e-failed' } });
    expect((await calls.get('e2e-failed'))!.status).toBe('received');
    expect(errors).toEqual([]);
  });
});
