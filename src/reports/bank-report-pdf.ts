import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { BankReport } from './bank-report.ts';
import { REPORT_LABELS } from './report-labels.ts';
import { reportBlocks, type ReportBlock } from './report-document.ts';

/**
 * Renders the report to the bank as a PDF with the Noto CJK font (Debian fonts-noto-cjk, installed
 * by scripts/setup.sh): pdfkit's built-in fonts have no Chinese glyphs. The content is the report's
 * blocks (report-document.ts), the same the DOCX prints.
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

const TONE = { normal: '#111', muted: '#777', alert: '#a3141b' } as const;

export function renderBankReportPdf(report: BankReport, fonts = { regular: CJK_FONT_REGULAR, bold: CJK_FONT_BOLD }): Promise<Buffer> {
  for (const f of [fonts.regular, fonts.bold]) if (!existsSync(f)) throw new ReportFontMissingError(f);
  const L = REPORT_LABELS[report.language];
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: `${L.title} #${report.caseId}`, Author: report.agency.name, Creator: 'callguard' },
  });
  doc.registerFont('body', fonts.regular, REGULAR_FACE);
  doc.registerFont('bold', fonts.bold, BOLD_FACE);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const body = (size = 10.5, color: string = TONE.normal) => doc.font('body').fontSize(size).fillColor(color);

  const draw = (b: ReportBlock) => {
    switch (b.kind) {
      case 'letterhead':
        doc.font('bold').fontSize(14).fillColor('#1f3b5b').text(b.name, { align: 'center' });
        for (const line of b.lines) body(9, '#444').text(line, { align: 'center' });
        doc.moveDown(0.3).strokeColor('#1f3b5b').moveTo(56, doc.y).lineTo(doc.page.width - 56, doc.y).stroke().moveDown(0.6);
        break;
      case 'title': doc.font('bold').fontSize(18).fillColor(TONE.normal).text(b.text, { align: 'center' }); break;
      case 'subtitle': body(11, '#444').text(b.text, { align: 'center' }).moveDown(0.5); break;
      case 'heading': doc.moveDown(0.8).font('bold').fontSize(13).fillColor('#1f3b5b').text(b.text).moveDown(0.3); break;
      case 'subheading': doc.moveDown(0.4).font('bold').fontSize(11).fillColor(TONE.normal).text(b.text); break;
      case 'field': doc.font('bold').fontSize(10.5).fillColor(TONE.normal).text(`${b.label}${L.colon}`, { continued: true }).font('body').text(b.value); break;
      case 'para': body(10.5, TONE[b.tone]).text(b.text, { lineGap: 2 }); break;
      case 'item': body(10, TONE[b.tone]).text(`• ${b.text}`, { indent: 8 }); break;
      case 'quote': body(10, '#333').text(b.text, { indent: 20 }); break;
      case 'meta': body(8.5, '#666').text(b.text, { indent: 8 }); break;
      case 'line': doc.font(b.bold ? 'bold' : 'body').fontSize(9.5).fillColor(TONE.normal).text(b.text, { indent: 16 }); break;
      case 'signature':
        doc.moveDown(1.5);
        doc.font('bold').fontSize(11).fillColor(TONE.normal).text(b.name, { align: 'right' });
        for (const line of b.lines) body(10.5).text(line, { align: 'right' });
        body(10.5).moveDown(0.8).text(b.signLine, { align: 'right' }).moveDown(1);
        break;
    }
  };
  for (const b of reportBlocks(report)) draw(b);
  doc.end();
  return done;
}
