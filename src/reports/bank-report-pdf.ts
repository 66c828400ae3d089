import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { BankReport } from './bank-report.ts';
import { REPORT_LABELS } from './report-labels.ts';

/**
 * Renders the report to the bank as a PDF with the Noto CJK font (Debian fonts-noto-cjk, installed
 * by scripts/setup.sh): pdfkit's built-in fonts have no Chinese glyphs.
 */
export const CJK_FONT_REGULAR = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const CJK_FONT_BOLD = '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';
/** The face inside the collection: Simplified Chinese. */
const REGULAR_FACE = 'NotoSansCJKsc-Regular';
const BOLD_FACE = 'NotoSansCJKsc-Bold';

export class ReportFontMissingError extends Error {
  constructor(path: string) {
    super(`the report font ${path} is missing: install fonts-noto-cjk (scripts/setup.sh)`);
    this.name = 'ReportFontMissingError';
  }
}

/** An instant in the case's time zone (the offset of its calls), e.g. "2026-03-02 21:20 (UTC+08:00)". */
function localTime(d: Date | null, offsetMinutes: number, none: string): string {
  if (!d) return none;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ')} (${zone})`;
}
const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export function renderBankReportPdf(report: BankReport, fonts = { regular: CJK_FONT_REGULAR, bold: CJK_FONT_BOLD }): Promise<Buffer> {
  for (const f of [fonts.regular, fonts.bold]) if (!existsSync(f)) throw new ReportFontMissingError(f);
  const L = REPORT_LABELS[report.language];
  const cst = (d: Date | null) => localTime(d, report.utcOffsetMinutes, L.none);
  const { statuses: STATUS, reasons: REASON, channels: CHANNEL, categories: CATEGORY, severities: SEVERITY, speakers: SPEAKER, verdicts: VERDICT, events: EVENT } = L;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: `${L.title} #${report.caseId}`, Author: report.generatedBy, Creator: 'callguard' },
  });
  doc.registerFont('body', fonts.regular, REGULAR_FACE);
  doc.registerFont('bold', fonts.bold, BOLD_FACE);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const heading = (text: string) => {
    doc.moveDown(0.8).font('bold').fontSize(13).fillColor('#1f3b5b').text(text).moveDown(0.3);
    doc.font('body').fontSize(10.5).fillColor('#111');
  };
  const field = (label: string, value: string) => {
    doc.font('bold').text(`${label}${L.colon}`, { continued: true }).font('body').text(value);
  };
  const para = (text: string) => doc.font('body').fontSize(10.5).fillColor(text ? '#111' : '#888').text(text || L.notWritten, { lineGap: 2 }).fillColor('#111');

  doc.font('bold').fontSize(18).text(L.title, { align: 'center' });
  doc.font('body').fontSize(11).fillColor('#444').text(L.subtitle(report.caseId, report.bank), { align: 'center' }).fillColor('#111');
  doc.moveDown(0.5);

  heading(L.facts);
  field(L.borrower, report.borrowerId);
  field(L.opened, cst(report.openedAt));
  field(L.openedReason, REASON[report.openedReason] ?? report.openedReason);
  field(L.sla, cst(report.slaDueAt));
  field(L.firstResponse, cst(report.firstResponseAt));
  field(L.status, STATUS[report.status] ?? report.status);
  if (report.reportedToBankAt) field(L.reported, `${cst(report.reportedToBankAt)} · ${report.reportedToBankBy ?? ''}`);
  doc.moveDown(0.4);
  if (report.complaints.length === 0) para(L.noComplaint);
  report.complaints.forEach((c, i) => {
    doc.font('bold').text(`${L.complaintN(i + 1)} (${L.channel}${L.colon}${CHANNEL[c.channel] ?? c.channel}; ${L.received}${L.colon}${cst(c.receivedAt)})`);
    para(c.content);
    if (c.request) field(L.request, c.request);
    doc.moveDown(0.3);
  });

  heading(L.calls);
  for (const call of report.calls) {
    doc.font('bold').fontSize(11).text(`${L.call} ${call.id} · ${call.startedAt.replace('T', ' ')}`);
    doc.font('body').fontSize(10).fillColor('#444')
      .text(`${L.agent}${L.colon}${call.agent} · ${L.duration}${L.colon}${call.durationMs === null ? L.none : clock(call.durationMs)}`).fillColor('#111');
    if (call.findings.length === 0) para(L.noFindings);
    for (const f of call.findings) {
      const verdict = f.verdict ? ` (${VERDICT[f.verdict]})` : '';
      doc.font('body').fontSize(10).text(`• [${SEVERITY[f.severity] ?? f.severity}] ${clock(f.startMs)}–${clock(f.endMs)} ${f.title}${verdict}`, { indent: 8 });
      if (f.quote) doc.fillColor('#333').text(`“${f.quote}”`, { indent: 20 }).fillColor('#111');
      doc.fontSize(8.5).fillColor('#666').text(`${CATEGORY[f.category]} · ${f.ruleId} @ ${f.ruleVersion.slice(0, 12)} · ${f.source}`, { indent: 20 }).fillColor('#111').fontSize(10);
    }
    if (call.excerpt.length > 0) {
      doc.moveDown(0.2).font('bold').fontSize(9.5).text(L.excerpt, { indent: 8 });
      for (const line of call.excerpt) {
        doc.font(line.evidence ? 'bold' : 'body').fontSize(9.5)
          .text(`[${clock(line.startMs)}] ${SPEAKER[line.speaker] ?? line.speaker}${L.colon}${line.text}`, { indent: 16 });
      }
    }
    doc.moveDown(0.5);
  }

  heading(L.cause);
  para(report.causeAnalysis);
  heading(L.resolution);
  para(report.resolution);
  if (report.followUpNote) field(L.followUp, `${cst(report.followedUpAt)} · ${report.followUpNote}`);
  heading(L.handling);
  para(report.disputeHandling);
  heading(L.lessons);
  para(report.lessonsLearned);

  heading(L.timeline);
  for (const e of report.timeline) {
    const change = e.kind === 'status' && e.fromStatus && e.toStatus ? `${L.colon}${STATUS[e.fromStatus]} → ${STATUS[e.toStatus]}` : '';
    doc.font('body').fontSize(9.5).text(`${cst(e.at)} · ${e.actor} · ${EVENT[e.kind] ?? e.kind}${change}`);
  }
  doc.moveDown(1).fontSize(8.5).fillColor('#666').text(L.generated(report.generatedBy, cst(report.generatedAt)));
  doc.end();
  return done;
}
