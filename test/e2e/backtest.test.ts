import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessBacktestRunner, type BacktestRunner } from '../../src/api/backtest-runner.ts';
import { createLogger } from '../../src/logger.ts';
import { SCREENSHOT_DIR, useReviewApp } from './browser-kit.ts';

const INSULT_RULE = '  - id: zh.abuse.insult\n';
let runner: BacktestRunner | undefined;

describe('backtesting a draft in Chromium', () => {
  const app = useReviewApp({
    deps: (db) => {
      runner = inProcessBacktestRunner(db, 'rules', createLogger('silent'));
      return { backtest: runner };
    },
  });
  afterAll(async () => {
    await runner?.close();
  });

  it('lets a compliance officer see a broken draft\'s problem at its line, run a draft that turns a rule off, and open a removed finding\'s call', async () => {
    const { page, errors } = await app.signIn('compliance_officer');
    await page.click('[data-testid=nav-backtest]');
    await page.waitForURL('**/backtest');
    // The first file of the current pack (the rules directory's: nothing is published) is in the editor.
    await expect.poll(() => page.textContent('[data-testid=yaml-editor] .cm-content'), { timeout: 10_000 }).toContain('zh.abuse.profanity');

    // The file replaced in the editor by one with a key the rule language does not know, on line 3.
    await page.click('[data-testid=yaml-editor] .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('language: zh-CN\nrules: []\ncolour: red\n');
    await page.click('[data-testid=backtest-check]');
    await expect.poll(() => page.textContent('[data-testid=backtest-section]'), { timeout: 10_000 }).toMatch(/abuse\.yaml:3:1 .*colour/);
    await page.waitForSelector('[data-testid=yaml-editor] .cm-lint-marker-error');

    // The draft: the shipped abuse.yaml with zh.abuse.insult switched off, uploaded as a file.
    const shipped = readFileSync(path.resolve('rules/zh-CN/abuse.yaml'), 'utf8');
    expect(shipped).toContain(INSULT_RULE);
    const draft = shipped.replace(INSULT_RULE, `${INSULT_RULE}    enabled: false\n`);
    await page.setInputFiles('[data-testid=backtest-upload]', { name: 'abuse.yaml', mimeType: 'text/yaml', buffer: Buffer.from(draft) });
    await page.click('[data-testid=backtest-run]');
    await page.waitForSelector('[data-testid=backtest-report]', { timeout: 30_000 });

    // Every insult finding the calls' last scans stored is removed; the others stay.
    const { rows } = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM findings WHERE rule_id = 'zh.abuse.insult'`);
    const stored = rows[0]!.n;
    expect(stored).toBeGreaterThan(0);
    const row = await page.textContent('[data-testid="backtest-rule-zh.abuse.insult"]');
    expect(row).toContain(`−${stored}`);
    expect(row).toContain('+0');
    expect(await page.textContent('[data-testid=backtest-summary]')).toContain(`移除 ${stored} 条`);
    await page.click('[data-testid="drill-zh.abuse.insult"]');
    await page.waitForSelector('[data-testid=removed-samples] a');
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'backtest.png'), fullPage: true });

    const href = await page.getAttribute('[data-testid=removed-samples] a', 'href');
    await page.click('[data-testid=removed-samples] a');
    await page.waitForURL(`**${href!}`);
    // The call page's player has the recording loaded (its metadata at least).
    await page.waitForSelector('[data-testid=audio]', { state: 'attached' });
    await expect.poll(() => page.$eval('[data-testid=audio]', (a) => (a as unknown as { readyState: number }).readyState), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('keeps QA reviewers and supervisors out of the backtest page', async () => {
    for (const role of ['qa_reviewer', 'supervisor'] as const) {
      const { page } = await app.signIn(role);
      expect(await page.$('[data-testid=nav-backtest]')).toBeNull();
      await page.goto(`${app.baseUrl}/backtest`);
      await page.waitForSelector('[data-testid=forbidden]');
    }
  });
});
