import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { verifyEvidenceBundle } from '../../src/reports/evidence-bundle.ts';
import { SCREENSHOT_DIR, useReviewApp } from './browser-kit.ts';

describe('the report panel in Chromium', () => {
  const app = useReviewApp();

  it('lets a supervisor choose the calls, save the selection and download the Word report and the evidence bundle', { timeout: 180_000 }, async () => {
    const { rows } = await app.db.query<{ id: number }>(`SELECT id FROM cases WHERE borrower_id = 'B-1002' ORDER BY id LIMIT 1`);
    const caseId = rows[0]!.id;
    const { page, errors } = await app.signIn('supervisor');
    await page.goto(`${app.baseUrl}/cases/${caseId}`);
    await page.waitForSelector('[data-testid=report-panel]');
    // The default takes the call with findings and the dialer rows, flagged as having no recording.
    expect(await page.isChecked('[data-testid=report-call-zh-abusive] > label input')).toBe(true);
    const missing = await page.$$eval('[data-testid^=report-call-D-]', (els) => els.map((e) => e.textContent ?? ''));
    expect(missing.length).toBeGreaterThan(0);
    for (const text of missing) expect(text).toContain('录音缺失');

    // Leave the dialer rows out and save: the server keeps the choice.
    for (const el of await page.$$('[data-testid^=report-call-D-] > label input')) await el.uncheck();
    await page.click('[data-testid=report-save-selection]');
    await page.waitForSelector('[data-testid=report-message]:has-text("已保存选择")');
    const stored = await app.db.query<{ selection: { callIds: string[] } }>('SELECT selection FROM bank_report_drafts WHERE case_id = $1', [caseId]);
    expect(stored.rows[0]!.selection.callIds.filter((id) => id.startsWith('D-'))).toEqual([]);
    expect(stored.rows[0]!.selection.callIds).toContain('zh-abusive');
    if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-panel.png'), fullPage: true });

    const [docx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=report-docx]')]);
    expect(docx.suggestedFilename()).toBe(`case-${caseId}-report.docx`);
    const word = await (await JSZip.loadAsync(readFileSync(await docx.path()))).file('word/document.xml')!.async('string');
    expect(word).toContain('关于投诉案件的调查处理报告');

    // The bundle cuts clips with ffmpeg: on a loaded machine it takes longer than a page action.
    const [bundle] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid=report-bundle]')]);
    expect(bundle.suggestedFilename()).toBe(`case-${caseId}-evidence.zip`);
    expect((await verifyEvidenceBundle(readFileSync(await bundle.path()))).ok).toBe(true);
    // The panel lists what was made.
    await page.waitForSelector('[data-testid=report-history] li:nth-child(2)');
    expect(await page.textContent('[data-testid=report-history]')).toMatch(/BUNDLE[\s\S]*DOCX/);
    expect(errors).toEqual([]);
  });
});
