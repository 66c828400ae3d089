import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RulePacksRepository } from '../../src/store/index.ts';
import { SCREENSHOT_DIR, useReviewApp } from './browser-kit.ts';

/**
 * The Rules page in Chromium, as a compliance officer: reading a rule (examples, word classes,
 * precision), a broken upload refused with file:line:col, publishing the server's directory, the
 * re-scan button after it, and a rollback from the versions list.
 */
describe('rules page', () => {
  const app = useReviewApp();

  it('lets a compliance officer read the rules, publish, re-scan and roll back; a broken pack is refused', async () => {
    const { page, errors } = await app.signIn('compliance_officer');
    await page.goto(`${app.baseUrl}/rules`);
    await page.waitForSelector('[data-testid=rules]');
    expect(await page.textContent('[data-testid=pack-zh-CN]')).toContain('服务器规则目录');

    // A rule opened: its examples, word classes and precision per version.
    await page.fill('[data-testid=rule-search]', 'en.abuse.insult');
    await page.click('[data-testid="rule-en.abuse.insult"]');
    await page.waitForSelector('[data-testid="rule-detail-en.abuse.insult"]');
    const detail = page.locator('[data-testid="rule-detail-en.abuse.insult"]');
    expect(await detail.locator('[data-testid=examples-match] li').count()).toBeGreaterThanOrEqual(3);
    expect(await detail.locator('[data-testid=examples-no-match] li').count()).toBeGreaterThanOrEqual(3);
    expect(await detail.textContent()).toContain('abuse.yaml:');

    // A broken file uploaded: refused, naming the file, line and column; nothing stored.
    await page.selectOption('[data-testid=publish-language]', 'en-US');
    await page.setInputFiles('[data-testid=publish-files]', [{ name: 'abuse.yaml', mimeType: 'application/yaml', buffer: Buffer.from('rules:\n  - id: en.broken\n    colour: red\n') }]);
    await page.fill('[data-testid=publish-message]', 'try a broken file');
    await page.click('[data-testid=publish-submit]');
    await page.waitForSelector('[data-testid=publish-result].error');
    expect(await page.textContent('[data-testid=publish-result]')).toMatch(/en-US\/abuse\.yaml:\d+:\d+/);
    // (The seed's scans recorded the directory packs, inactive: nothing was published.)
    expect(await new RulePacksRepository(app.db).listActivations()).toEqual([]);
    expect(await new RulePacksRepository(app.db).getActive('en-US')).toBeNull();

    // Publish the server's directory (zh-CN), then re-scan from the button that appears.
    await page.selectOption('[data-testid=publish-language]', 'zh-CN');
    await page.check('[data-testid=publish-from-server]');
    await page.fill('[data-testid=publish-message]', '首次发布');
    await page.click('[data-testid=publish-submit]');
    await page.waitForSelector('[data-testid=publish-result]:not(.error)');
    const v1 = (await new RulePacksRepository(app.db).getActive('zh-CN'))!;
    expect(v1).toMatchObject({ publishedBy: 'compliance_officer', note: '首次发布' });
    await page.waitForSelector(`[data-testid=version-${v1.id}] [data-testid=active]`);
    await page.fill('[data-testid=rescan-since]', '2026-01-01');
    await page.click('[data-testid=rescan-submit]');
    await page.waitForSelector('[data-testid=rescan-result]');
    const rescans = app.dispatched.filter((j) => (j.payload as { rescan?: boolean }).rescan);
    expect(rescans.length).toBeGreaterThan(0);
    expect(rescans.every((j) => j.name === 'scan' && (j.payload as { packVersion?: string }).packVersion !== undefined)).toBe(true);
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'rules-page.png'), fullPage: false });

    // A second version through the API, then a rollback from the list (the prompt answered).
    const second = await page.evaluate(`(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const files = ${JSON.stringify(v1.files.map((f) => ({ path: f.path, content: f.path === 'abuse.yaml' ? `${f.content}\n# reviewed\n` : f.content })))};
      const res = await fetch('/api/rules/publish', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ language: 'zh-CN', files, message: 'comment only' }) });
      return res.status;
    })()`);
    expect(second).toBe(200);
    await page.reload();
    await page.waitForSelector(`[data-testid=rollback-${v1.id}]`);
    page.once('dialog', (d) => void d.accept('回到首次发布'));
    await page.click(`[data-testid=rollback-${v1.id}]`);
    await page.waitForSelector('[data-testid=rollback-result]:not(.error)');
    expect((await new RulePacksRepository(app.db).getActive('zh-CN'))?.contentHash).toBe(v1.contentHash);
    await page.click(`[data-testid=diff-${v1.id}]`);
    await page.waitForSelector('[data-testid=diff]');
    expect(errors).toEqual([]);
  });
});
