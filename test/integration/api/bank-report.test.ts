import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidenceBundle } from '../../../src/reports/evidence-bundle.ts';
import { useApi } from './api-test-kit.ts';
import { locateSeededAudio, PII_PHONE, seedReviewData } from './seed-review-data.ts';

const LETTERHEAD = { name: '华信资产管理有限公司', lines: ['北京市朝阳区建国路 1 号', '电话 010-0000 0000'], signature: ['质检主管：王五'] };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Share of a rendered page's pixels that are not white: a page with text has some, a blank one none. */
function inkShare(pgm: Buffer): number {
  // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'))!;
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const p of pixels) if (p < 128) dark++;
  return dark / pixels.length;
}

describe('the report to the bank: routes, DOCX, PDF, evidence bundle', () => {
  const api = useApi({ deps: { locateAudio: locateSeededAudio }, api: { reportLetterhead: LETTERHEAD } });
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-bank-report-'));
  let caseId = 0;
  /** A dialer row of the borrower's in the case: a call with no recording. */
  let dialerId = '';
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    await seedReviewData(api.db);
    const list = (await api.request('supervisor', { method: 'GET', url: '/api/cases?borrowerId=B-1002' })).json();
    caseId = list.items[0].id;
    const sel = (await api.request('supervisor', { method: 'GET', url: `/api/cases/${caseId}/report/selection` })).json();
    dialerId = sel.calls.find((c: { id: string }) => c.id.startsWith('D-')).id;
  });

  const post = (url: string) => api.request('supervisor', { method: 'POST', url });
  const docxText = async (bytes: Buffer) => {
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    return xml.replace(/<w:p[ >][\s\S]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, '')}\n`).replace(/<[^>]+>/g, '');
  };

  it('proposes a default selection: the calls with findings and every call without a recording', async () => {
    const res = await api.request('supervisor', { method: 'GET', url: `/api/cases/${caseId}/report/selection` });
    expect(res.statusCode).toBe(200);
    const sel = res.json();
    expect(sel.isDefault).toBe(true);
    const dialer = sel.calls.filter((c: { id: string }) => c.id.startsWith('D-'));
    expect(dialer.length).toBeGreaterThan(0);
    for (const d of dialer) {
      expect(d.recording).toBe('missing');
      expect(sel.callIds).toContain(d.id);
    }
    expect(sel.callIds).toContain('zh-abusive');
    expect(sel.findingIds).toBeNull();
  });

  it('refuses a selection naming another case\'s call or a finding of a call not chosen, and audits a good one', async () => {
    const sel = (await api.request('supervisor', { method: 'GET', url: `/api/cases/${caseId}/report/selection` })).json();
    const put = (payload: Record<string, unknown>) => api.request('supervisor', { method: 'PUT', url: `/api/cases/${caseId}/report/selection`, payload });
    const foreign = await put({ callIds: ['zh-compliant'], findingIds: null });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error).toBe('bad_selection');
    const abusive = sel.calls.find((c: { id: string }) => c.id === 'zh-abusive');
    const other = sel.calls.find((c: { id: string; findings: unknown[] }) => c.id !== 'zh-abusive' && c.findings.length > 0);
    if (other) expect((await put({ callIds: ['zh-abusive'], findingIds: [other.findings[0].id] })).statusCode).toBe(400);
    const cited = abusive.findings.find((f: { group: string; wholeCall: boolean }) => f.group !== 'signal' && f.group !== 'quality' && !f.wholeCall);
    const ok = await put({ callIds: ['zh-abusive', dialerId], findingIds: [cited.id] });
    expect(ok.statusCode).toBe(200);
    const after = (await api.request('supervisor', { method: 'GET', url: `/api/cases/${caseId}/report/selection` })).json();
    expect(after).toMatchObject({ isDefault: false, callIds: ['zh-abusive', dialerId], findingIds: [cited.id] });
    const audits = await api.db.query(`SELECT after FROM audit_events WHERE action = 'case.report_selection' AND entity_id = $1`, [String(caseId)]);
    expect(audits.rows.at(-1)?.after.selection.callIds).toEqual(['zh-abusive', dialerId]);
  });

  it('renders the same content to DOCX and PDF, in Chinese, with the letterhead, missing recordings said as such', async () => {
    const docx = await post(`/api/cases/${caseId}/report.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const wordText = await docxText(docx.rawPayload);

    const pdf = await post(`/api/cases/${caseId}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    const file = path.join(dir, 'r.pdf');
    writeFileSync(file, pdf.rawPayload);
    const pdfText = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

    const expected = [
      LETTERHEAD.name, '北京市朝阳区建国路 1 号', '关于投诉案件的调查处理报告', '一、投诉事实', '二、相关通话与证据', '三、沟通记录（解释说明）',
      '四、原因分析', '五、处理结果与解决方案', '六、回访', '七、此类争议的处理措施', '八、经验教训', '九、处理经过',
      '录音缺失', 'zh-abusive', '质检主管：王五', '签字：',
    ];
    for (const s of [...expected, dialerId]) {
      expect(wordText, `DOCX: ${s}`).toContain(s);
      expect(pdfText.replace(/ {2,}/g, ' '), `PDF: ${s}`).toContain(s);
    }
    // The dialer row is never reported clean; the calls left out are counted.
    const dialerPara = wordText.split('\n').findIndex((l) => l.includes(`通话 ${dialerId}`));
    expect(wordText.split('\n')[dialerPara + 2]).toMatch(/^录音缺失/);
    expect(wordText).toMatch(/本案另有 \d+ 通通话未引用/);
    for (const text of [wordText, pdfText]) expect(text).not.toContain(PII_PHONE);

    // The PDF's first page, rendered, has ink on it (Chinese glyphs, not empty boxes or a blank page).
    execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    const page = readFileSync(path.join(dir, 'page-1.pgm'));
    expect(inkShare(page)).toBeGreaterThan(0.005);

    const events = await api.db.query(`SELECT body FROM case_events WHERE case_id = $1 AND kind = 'report_generated' ORDER BY id`, [caseId]);
    expect(events.rows.map((r) => r.body.format)).toEqual(['docx', 'pdf']);
  });

  it('builds an evidence bundle whose manifest hashes match its files, with clips cut by ffmpeg', async () => {
    const res = await post(`/api/cases/${caseId}/report-bundle.zip`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const bytes = res.rawPayload;
    const zip = await JSZip.loadAsync(bytes);
    const manifestBytes = await zip.file('manifest.json')!.async('nodebuffer');
    expect(res.headers['x-manifest-sha256']).toBe(sha256(manifestBytes));
    const manifest = JSON.parse(manifestBytes.toString('utf8'));
    for (const f of manifest.files) {
      const data = await zip.file(f.path)!.async('nodebuffer');
      expect(sha256(data), f.path).toBe(f.sha256);
      expect(data.length).toBe(f.bytes);
    }
    const paths = manifest.files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining([
      `report/case-${caseId}-report.docx`, `report/case-${caseId}-report.pdf`, 'transcripts/zh-abusive.txt', 'README.txt',
    ]));
    expect(paths.some((p: string) => /^audio\/zh-abusive\.\w+$/.test(p))).toBe(true);
    expect(manifest.missingAudio).toEqual([{ callId: dialerId, reason: 'recording_missing' }]);

    // One clip per cited finding: a real WAV around the finding, 5 s either side.
    const clips = manifest.files.filter((f: { kind: string }) => f.kind === 'clip');
    expect(clips).toHaveLength(1);
    const clipFile = path.join(dir, 'clip.wav');
    writeFileSync(clipFile, await zip.file(clips[0].path)!.async('nodebuffer'));
    const probed = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', clipFile], { encoding: 'utf8' }));
    expect(probed.streams[0].codec_name).toBe('pcm_s16le');
    // 5 s either side, within the recording.
    const whole = manifest.files.find((f: { kind: string; callId: string }) => f.kind === 'audio' && f.callId === 'zh-abusive');
    const wholeFile = path.join(dir, `whole${path.extname(whole.path)}`);
    writeFileSync(wholeFile, await zip.file(whole.path)!.async('nodebuffer'));
    const wholeMs = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', wholeFile], { encoding: 'utf8' })) * 1000;
    const expectedMs = Math.min(clips[0].endMs + 5000, wholeMs) - Math.max(0, clips[0].startMs - 5000);
    expect(expectedMs).toBeGreaterThan(clips[0].endMs - clips[0].startMs);
    expect(Math.abs(Number(probed.format.duration) * 1000 - expectedMs)).toBeLessThan(600);

    // Masked transcript; SHA256SUMS checks with the system's sha256sum, no callguard needed.
    expect(await zip.file('transcripts/zh-abusive.txt')!.async('string')).not.toContain(PII_PHONE);
    const out = path.join(dir, 'bundle');
    for (const [p, entry] of Object.entries(zip.files)) {
      if (entry.dir) continue;
      const target = path.join(out, p);
      execFileSync('mkdir', ['-p', path.dirname(target)]);
      writeFileSync(target, await entry.async('nodebuffer'));
    }
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).not.toMatch(/FAILED/);

    expect(await verifyEvidenceBundle(bytes)).toEqual({ ok: true, problems: [], manifestSha256: sha256(manifestBytes) });
    // A changed transcript is caught.
    zip.file('transcripts/zh-abusive.txt', 'altered');
    const altered = await zip.generateAsync({ type: 'nodebuffer' });
    expect((await verifyEvidenceBundle(altered)).problems).toEqual(['transcripts/zh-abusive.txt: SHA-256 differs from the manifest', 'transcripts/zh-abusive.txt: size differs from the manifest']);

    const event = await api.db.query(`SELECT body FROM case_events WHERE case_id = $1 AND kind = 'report_generated' ORDER BY id DESC LIMIT 1`, [caseId]);
    expect(event.rows[0]?.body).toMatchObject({ format: 'bundle', manifestSha256: sha256(manifestBytes) });
    const audits = await api.db.query(`SELECT after FROM audit_events WHERE action = 'case.report_export' AND entity_id = $1 ORDER BY id`, [String(caseId)]);
    expect(audits.rows.map((r) => r.after.format)).toEqual(['docx', 'pdf', 'bundle']);
    expect([...(audits.rows[2]?.after.callIds ?? [])].sort()).toEqual([dialerId, 'zh-abusive'].sort());
  });

  it('fails the bundle, recording nothing, when a clip cannot be cut', async () => {
    const before = await api.db.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND kind = 'report_generated'`, [caseId]);
    // A "recording" that is not audio: ffmpeg refuses it.
    const { audioFiles } = await import('./seed-review-data.ts');
    const junk = path.join(dir, 'junk.m4a');
    writeFileSync(junk, 'not audio at all');
    audioFiles.set('zh-abusive', junk);
    try {
      const res = await post(`/api/cases/${caseId}/report-bundle.zip`);
      expect(res.statusCode).toBe(500);
    } finally {
      audioFiles.delete('zh-abusive');
    }
    const after = await api.db.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND kind = 'report_generated'`, [caseId]);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});
