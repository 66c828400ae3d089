import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { lastCompleteWeekStart } from '../../src/domain/week.ts';
import { hashPassword } from '../../src/api/auth/password.ts';
import { repositories } from '../../src/store/index.ts';
import { insertUser } from '../../src/store/review-app/users.ts';
import { PII_CALL_PHONE, PII_ID_CARD, PII_PHONE } from '../integration/api/seed-review-data.ts';
import { PASSWORD, SCREENSHOT_DIR, useReviewApp } from './browser-kit.ts';

/**
 * The QA floor in Chromium: a supervisor draws the week's sample and assigns it, a reviewer takes
 * the next call and records "nothing found", then adds a finding the rules missed by selecting
 * words of the transcript, naming any rule of the call's pack; the queue is exported as the reviewer sees it.
 */
describe('the QA floor in Chromium', () => {
  const app = useReviewApp();
  // The test database keeps the default week time zone.
  const week = lastCompleteWeekStart(new Date(), 'Asia/Shanghai');
  /**
   * The supervisor signed in at the queue (their own context, kept for the file): starting from a
   * page, sign-in stays there instead of opening the role's landing page.
   */
  let supervisor: { page: import('playwright-core').Page; errors: string[] } | undefined;
  async function signInSupervisor() {
    if (supervisor) return supervisor;
    const context = await app.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.baseUrl}/queue`);
    await page.fill('input[name=username]', 'supervisor');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=who]');
    supervisor = { page, errors };
    return supervisor;
  }
  const BANK = '建设银行';

  /** Unflagged, analysed calls of the last complete week, generated in SQL (no recording file behind them). */
  async function unflaggedCalls(): Promise<string[]> {
    const { rows } = await app.db.query<{ id: string }>(
      `INSERT INTO calls (id, agent_id, agent_name, team, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status, audio_sha256)
       SELECT 'qa-' || a || '-' || g, 'QA' || a, '坐席' || a, '二组', $2, 'QB-' || g, 'outbound',
              $1::date + interval '1 day' + g * interval '7 minutes', 480, 'zh-CN', 'done',
              encode(sha256(convert_to('qa-e2e-' || a || '-' || g, 'UTF8')), 'hex')
         FROM generate_series(1, 2) a, generate_series(1, 6) g
       RETURNING id`,
      [week, BANK],
    );
    return rows.map((r) => r.id);
  }

  it('lets a supervisor draw the week\'s sample of unflagged calls, shown with its outcome', async () => {
    const ids = await unflaggedCalls();
    const { page, errors } = await signInSupervisor();
    await page.goto(`${app.baseUrl}/queue`);
    await page.waitForSelector('[data-testid=qa-sample]');
    await expect(page.textContent('[data-testid=sample-summary]')).resolves.toContain('尚未抽取');
    await page.click('[data-testid=draw-sample]');
    await page.waitForSelector('[data-testid=sample-table]');
    const rows = await page.$$eval('[data-testid^=sample-row-]', (trs) => trs.map((tr) => tr.getAttribute('data-testid')!.replace('sample-row-', '')));
    // Two agents with six calls each: 2 % rounds up to 1, the minimum (2) wins: two per agent.
    expect(rows.filter((r) => r.startsWith('qa-1-'))).toHaveLength(2);
    expect(rows.filter((r) => r.startsWith('qa-2-'))).toHaveLength(2);
    expect(rows.every((r) => ids.includes(r) || !r.startsWith('qa-'))).toBe(true);
    await expect(page.textContent('[data-testid=sample-summary]')).resolves.toMatch(/已抽取/);
    // Drawn once: the button is gone, and the week's draw in the database is the one shown.
    expect(await page.$('[data-testid=draw-sample]')).toBeNull();
    const draw = await repositories(app.db).qaSamples.getDraw(week);
    expect(draw).toMatchObject({ drawnBy: 'supervisor', seed: week });
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'qa-sample.png') });
    expect(errors).toEqual([]);
  });

  it('lets a supervisor assign the sample in bulk, and the reviewer take the next call and record "nothing found"', async () => {
    const sup = await signInSupervisor();
    await sup.page.goto(`${app.baseUrl}/queue`);
    await sup.page.click('[data-testid=qa-assign] summary');
    await sup.page.waitForSelector('[data-testid=assign-reviewer] option[value=qa_reviewer]', { state: 'attached' });
    await sup.page.selectOption('[data-testid=assign-reviewer]', 'qa_reviewer');
    await sup.page.selectOption('[data-testid=assign-bank]', BANK);
    await sup.page.check('[data-testid=assign-sampled]');
    await sup.page.click('[data-testid=assign-submit]');
    await expect.poll(() => sup.page.textContent('[data-testid=assign-result]').catch(() => '')).toContain('已分配 4 通给 qa_reviewer');
    await sup.page.waitForSelector('[data-testid=reviewer-loads]:has-text("qa_reviewer")');

    const { page, errors } = await app.signIn('qa_reviewer');
    await page.goto(`${app.baseUrl}/queue`);
    await expect.poll(() => page.textContent('[data-testid=my-queue-count]')).toContain('4');
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'qa-my-queue.png') });
    await page.click('[data-testid=next-call]');
    await page.waitForURL('**/calls/qa-*');
    const callId = decodeURIComponent(page.url().split('/calls/')[1]!);
    await page.waitForSelector('[data-testid=call-claim]');
    await expect(page.textContent('[data-testid=call-claim]')).resolves.toContain('qa_reviewer');
    await page.click('[data-testid=mark-clean]');
    await expect.poll(() => page.textContent('[data-testid=call-sample]')).toContain('未发现问题');
    expect(await repositories(app.db).qaSamples.get(callId)).toMatchObject({ outcome: 'clean', reviewedBy: 'qa_reviewer' });

    // Reviewed calls leave the queue: the next one is another call.
    await page.goto(`${app.baseUrl}/queue`);
    await expect.poll(() => page.textContent('[data-testid=my-queue-count]')).toContain('3');
    await page.click('[data-testid=next-call]');
    await page.waitForURL((url) => url.pathname.startsWith('/calls/qa-') && !url.pathname.endsWith(callId));
    expect(errors).toEqual([]);
  });

  it('lets a reviewer select words of the transcript and save them as a missed finding, shown as manual', async () => {
    const { page, errors } = await app.signIn('qa_reviewer');
    await page.goto(`${app.baseUrl}/calls/zh-abusive`);
    await page.waitForSelector('article.finding');
    const before = await page.$$eval('article.finding', (a) => a.length);
    await page.click('[data-testid=add-missed]');
    await page.waitForSelector('[data-testid=manual-finding-form]');
    await page.selectOption('[data-testid=mf-segment]', '0');
    const text = (await page.textContent('[data-testid=mf-text]'))!;
    expect(text.length).toBeGreaterThan(4);
    // Select the segment's first four characters, as a mouse drag over them would.
    await page.$eval('[data-testid=mf-text]', (p) => {
      // Typed by hand: the test project's TypeScript has no DOM library.
      interface RangeLike { setStart(node: unknown, offset: number): void; setEnd(node: unknown, offset: number): void }
      const el = p as unknown as {
        firstChild: unknown;
        ownerDocument: { createRange(): RangeLike; getSelection(): { removeAllRanges(): void; addRange(r: RangeLike): void } };
      };
      const range = el.ownerDocument.createRange();
      range.setStart(el.firstChild, 0);
      range.setEnd(el.firstChild, 4);
      const sel = el.ownerDocument.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    });
    await expect.poll(() => page.textContent('[data-testid=mf-selection]').catch(() => '')).toContain(text.slice(0, 4));
    await page.selectOption('[data-testid=mf-rule]', '');
    await page.selectOption('[data-testid=mf-category]', 'misrepresentation');
    await page.selectOption('[data-testid=mf-severity]', 'medium');
    await page.fill('[data-testid=mf-note]', '开场未说明身份');
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'qa-missed-finding.png') });
    await page.click('[data-testid=mf-save]');
    await page.waitForSelector('[data-testid=manual-finding-form]', { state: 'detached' });
    await page.waitForSelector('.pill[data-testid^=manual-]');
    expect(await page.$$eval('article.finding', (a) => a.length)).toBe(before + 1);
    await expect(page.textContent('.pill[data-testid^=manual-]')).resolves.toContain('qa_reviewer');

    const stored = (await repositories(app.db).findings.listByCall('zh-abusive')).filter((f) => f.origin === 'manual');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      ruleId: 'manual.missed', category: 'misrepresentation', severity: 'medium', createdBy: 'qa_reviewer',
      verdict: 'confirmed', quote: text.slice(0, 4), segmentIndex: 0, verdictNote: '开场未说明身份',
    });
    // Shown after a reload like any other finding, still marked manual.
    await page.reload();
    await page.waitForSelector(`[data-testid=manual-${stored[0]!.id}]`);
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'qa-manual-finding-saved.png') });
    expect(errors).toEqual([]);
  });
  it('gives borrower signals noted / acted on instead of confirm / dismiss, and escalates the call to the borrower\'s case', async () => {
    const { rows } = await app.db.query<{ id: number; call_id: string }>(
      `SELECT id, call_id FROM findings WHERE category IN ('complaint_risk', 'cease_request', 'vulnerability') AND origin = 'rule' ORDER BY id LIMIT 1`,
    );
    const signal = rows[0]!;
    const { page, errors } = await app.signIn('qa_reviewer');
    await page.goto(`${app.baseUrl}/calls/${encodeURIComponent(signal.call_id)}`);
    await page.waitForSelector(`[data-testid=noted-${signal.id}]`);
    expect(await page.$(`[data-testid=confirm-${signal.id}]`)).toBeNull();
    expect(await page.$(`[data-testid=dismiss-${signal.id}]`)).toBeNull();
    await page.click(`[data-testid=acted-${signal.id}]`);
    await expect.poll(() => page.textContent(`[data-testid=verdict-${signal.id}]`)).toContain('已处理');
    expect((await repositories(app.db).findings.get(signal.id))!.verdict).toBe('acted_on');

    await page.click('[data-testid=escalate]');
    await expect.poll(() => page.textContent('[data-testid=qa-message]').catch(() => '')).toMatch(/案件 #\d+/);
    const cases = await repositories(app.db).cases.listOfCall(signal.call_id);
    expect(cases.some((c) => c.status !== 'dismissed' && c.status !== 'followed_up')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('saves a time range of the audio, taken from the playhead, as a missed finding', async () => {
    const { page, errors } = await app.signIn('qa_reviewer');
    await page.goto(`${app.baseUrl}/calls/zh-abusive`);
    await page.waitForSelector('article.finding');
    await page.click('[data-testid=add-missed]');
    await page.selectOption('[data-testid=mf-segment]', '');
    // Seek by clicking a transcript line (as on the waveform), then take the playhead as the start.
    await page.click('[data-testid=segment-1]');
    await page.click('[data-testid=mf-start-here]');
    const start = Number(await page.inputValue('[data-testid=mf-start]'));
    expect(start).toBeGreaterThan(0);
    await page.fill('[data-testid=mf-end]', String(start + 2));
    await page.selectOption('[data-testid=mf-category]', 'threat');
    await page.click('[data-testid=mf-save]');
    await page.waitForSelector('[data-testid=manual-finding-form]', { state: 'detached' });
    const stored = (await repositories(app.db).findings.listByCall('zh-abusive')).filter((f) => f.origin === 'manual' && f.category === 'threat');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ startMs: Math.round(start * 1000), endMs: Math.round((start + 2) * 1000), quote: '' });
    expect(stored[0]!.segmentIndex).toBeUndefined();
    expect(errors).toEqual([]);
  });
  it('runs a blind calibration of two reviewers and shows the supervisor agreement per category', async () => {
    await insertUser(app.db, { username: 'qa2', role: 'qa_reviewer', passwordHash: await hashPassword(PASSWORD), displayName: 'qa2' });
    const sup = await signInSupervisor();
    await sup.page.goto(`${app.baseUrl}/calibration`);
    await sup.page.click('[data-testid=create-calibration] summary');
    await sup.page.fill('[data-testid=cal-call]', 'zh-abusive');
    await sup.page.check('[data-testid=cal-reviewer-qa_reviewer]');
    await sup.page.check('[data-testid=cal-reviewer-qa2]');
    await sup.page.click('[data-testid=cal-create]');
    await sup.page.waitForURL('**/calibration?id=*');
    const id = Number(new URL(sup.page.url()).searchParams.get('id'));
    const findings = (await repositories(app.db).findings.listByCall('zh-abusive')).filter((f) => !['complaint_risk', 'cease_request', 'vulnerability'].includes(f.category));
    expect(findings.length).toBeGreaterThanOrEqual(3);

    /** Each reviewer answers every agent finding: qa_reviewer confirms all, qa2 dismisses the last. */
    const answer = async (page: import('playwright-core').Page, dismissLast: boolean) => {
      await page.goto(`${app.baseUrl}/calibration?id=${id}`);
      await page.waitForSelector('[data-testid=calibration-form]');
      await expect(page.textContent('[data-testid=calibration-form]')).resolves.toContain('盲审');
      for (const [i, f] of findings.entries()) {
        await page.check(`[data-testid=cal-${f.id}-${dismissLast && i === findings.length - 1 ? 'dismissed' : 'confirmed'}]`);
      }
      await page.click('[data-testid=cal-submit]');
      await page.waitForSelector('[data-testid=cal-done]');
    };
    const first = await app.signIn('qa_reviewer');
    await answer(first.page, false);
    if (SCREENSHOT_DIR) await first.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'qa-calibration.png') });

    const context = await app.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.fill('input[name=username]', 'qa2');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=who]');
    // Blind: before answering, qa2's call page shows no verdict of anyone.
    await page.goto(`${app.baseUrl}/calls/zh-abusive`);
    await page.waitForSelector('article.finding');
    const shown = await page.$$eval('[data-testid^=verdict-]', (els) => els.map((e) => e.textContent ?? ''));
    expect(shown.every((v) => v.startsWith('待审'))).toBe(true);
    await answer(page, true);
    await context.close();

    await sup.page.goto(`${app.baseUrl}/calibration?id=${id}`);
    await sup.page.waitForSelector('[data-testid=agreement]');
    await sup.page.waitForSelector('[data-testid=cal-all-verdicts]');
    // The disagreed finding's category: the one reviewer always confirmed, so pₑ = pₒ and κ = 0; every
    // other category was confirmed by both throughout, κ undefined.
    const disputed = findings[findings.length - 1]!.category;
    const kappaOf = async (category: string) => (await sup.page.textContent(`[data-testid=agreement-${category}] td:last-child`))!.trim();
    await expect(kappaOf(disputed)).resolves.toBe('0.00');
    for (const c of new Set(findings.map((f) => f.category))) if (c !== disputed) await expect(kappaOf(c)).resolves.toBe('无法计算');
    if (SCREENSHOT_DIR) await sup.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'qa-agreement.png'), fullPage: true });
    expect(sup.errors).toEqual([]);
  });

  it("lists every rule of the call's language pack by category, searchable, and saves a miss of a rule that never fired", async () => {
    const { page, errors } = await app.signIn('qa_reviewer');
    const fired = (await app.db.query<{ rule_id: string }>(`SELECT DISTINCT rule_id FROM findings WHERE origin = 'rule'`)).rows.map((r) => r.rule_id);
    await page.goto(`${app.baseUrl}/calls/en-violation`);
    await page.waitForSelector('article.finding');
    await page.click('[data-testid=add-missed]');
    await page.waitForSelector('[data-testid=mf-rule] optgroup', { state: 'attached' });
    const groups = await page.$$eval('[data-testid=mf-rule] optgroup', (gs) => gs.map((g) => ({
      label: g.getAttribute('label'), ids: [...g.querySelectorAll('option')].map((o) => o.getAttribute('value')),
    })));
    const listed = groups.flatMap((g) => g.ids);
    // A threat rule of the pack that has raised nothing in this data set.
    const NEVER_FIRED = listed.find((id) => id!.startsWith('en.threat.') && !fired.includes(id!))!;
    expect(NEVER_FIRED).toBeDefined();
    // The en-US pack's rules only, each once, under its category; "no rule: missed" first.
    expect(listed.length).toBeGreaterThan(30);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.every((id) => id!.startsWith('en.'))).toBe(true);
    expect(listed).toContain(NEVER_FIRED);
    expect(groups.find((g) => g.ids.includes(NEVER_FIRED))!.label).toBe('威胁');
    expect(await page.$eval('[data-testid=mf-rule] > option:first-child', (o) => o.getAttribute('value'))).toBe('');

    // Searching by id narrows the list; by title too.
    const shownOptions = () => page.$$eval('[data-testid=mf-rule] optgroup option', (os) => os.map((o) => o.getAttribute('value')!));
    await page.fill('[data-testid=mf-rule-search]', NEVER_FIRED);
    await expect.poll(shownOptions).toContain(NEVER_FIRED);
    expect((await shownOptions()).every((id) => id.includes(NEVER_FIRED))).toBe(true);
    const title = (await page.textContent(`[data-testid=mf-rule] option[value="${NEVER_FIRED}"]`))!.replace(/ \(.*\)$/, '');
    await page.fill('[data-testid=mf-rule-search]', title.toUpperCase());
    await expect.poll(shownOptions).toContain(NEVER_FIRED);
    await page.fill('[data-testid=mf-rule-search]', 'no rule has this');
    await expect.poll(() => page.$$eval('[data-testid=mf-rule] optgroup', (gs) => gs.length)).toBe(0);
    await page.fill('[data-testid=mf-rule-search]', 'threat');
    await page.selectOption('[data-testid=mf-rule]', NEVER_FIRED);
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'qa-missed-finding-rule-search.png') });

    await page.selectOption('[data-testid=mf-segment]', '');
    await page.fill('[data-testid=mf-start]', '1');
    await page.fill('[data-testid=mf-end]', '2');
    await page.click('[data-testid=mf-save]');
    await page.waitForSelector('[data-testid=manual-finding-form]', { state: 'detached' });
    const stored = (await repositories(app.db).findings.listByCall('en-violation')).filter((f) => f.origin === 'manual');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ ruleId: NEVER_FIRED, category: 'threat', title, createdBy: 'qa_reviewer', verdict: 'confirmed' });
    expect(stored[0]!.ruleVersion).not.toBe('manual');
    expect(errors).toEqual([]);
  });

  it('exports the review queue as the reviewer sees it, XLSX and CSV, masked and audited', async () => {
    const { page, errors } = await app.signIn('qa_reviewer');
    await page.goto(`${app.baseUrl}/queue?reviewState=all&bank=${encodeURIComponent(BANK)}`);
    await page.waitForSelector('[data-testid=queue] tbody tr');
    const onScreen = await page.$$eval('[data-testid=queue] tbody tr', (trs) => trs.map((tr) => {
      const td = [...tr.querySelectorAll('td')].map((c) => c.textContent?.trim() ?? '');
      return { call: td[1]!.split(' ').pop(), borrower: td[6] };
    }));
    expect(onScreen.length).toBeGreaterThan(1);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=queue-export]')]);
    expect(xlsx.suggestedFilename()).toMatch(/^callguard-queue-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('queue')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const sheetRows = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1));
    expect(sheetRows.map((r) => ({ call: r[header.indexOf('call')], borrower: r[header.indexOf('borrower')] }))).toEqual(onScreen);
    expect(sheetRows.every((r) => r[header.indexOf('bank')] === BANK)).toBe(true);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=queue-export-csv]')]);
    expect(csv.suggestedFilename()).toMatch(/^callguard-queue-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records = parse(text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(records.map((r) => ({ call: r.call, borrower: r.borrower }))).toEqual(onScreen);
    // Nothing the reviewer sees masked on screen (the borrower's numbers) is in either file.
    for (const secret of [PII_CALL_PHONE, PII_PHONE, PII_ID_CARD]) {
      expect(text).not.toContain(secret);
      expect(sheetRows.flat().map(String).some((v) => v.includes(secret))).toBe(false);
    }

    const { rows: events } = await app.db.query<{ actor: string; after: { format: string; rows: number; unmasked: boolean; filters: Record<string, string> } }>(
      `SELECT actor, after FROM audit_events WHERE action = 'export.queue' ORDER BY id`,
    );
    expect(events.map((e) => [e.actor, e.after.format, e.after.rows, e.after.unmasked])).toEqual([
      ['qa_reviewer', 'xlsx', onScreen.length, false], ['qa_reviewer', 'csv', onScreen.length, false],
    ]);
    expect(events[0]!.after.filters).toMatchObject({ reviewState: 'all', bank: BANK });
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'queue-export.png') });
    expect(errors).toEqual([]);
  });
});
