import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { BankReport } from './bank-report.ts';
import { REPORT_LABELS } from './report-labels.ts';
import { reportBlocks, type ReportBlock } from './report-document.ts';

/**
 * Renders the report to the bank as a Word document (the `docx` package): banks edit, sign and file
 * Word files. The content is the report's blocks (report-document.ts), the same the PDF prints.
 * Fonts are named for both scripts (East Asian: 宋体-compatible SimSun / Noto; Latin: Calibri) so
 * Word and LibreOffice pick a face with Chinese glyphs.
 */
const FONT = { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'SimSun' };
const COLOR = { normal: '111111', muted: '777777', alert: 'A3141B' } as const;

const run = (text: string, o: { bold?: boolean; size?: number; color?: string; italics?: boolean } = {}) =>
  new TextRun({ text, font: FONT, bold: o.bold ?? false, size: o.size ?? 21, color: o.color ?? COLOR.normal, italics: o.italics ?? false });

export async function renderBankReportDocx(report: BankReport): Promise<Buffer> {
  const L = REPORT_LABELS[report.language];
  const paragraphs = reportBlocks(report).flatMap((b: ReportBlock): Paragraph[] => {
    switch (b.kind) {
      case 'letterhead':
        return [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [run(b.name, { bold: true, size: 28, color: '1F3B5B' })] }),
          ...b.lines.map((l, i) => new Paragraph({
            alignment: AlignmentType.CENTER, children: [run(l, { size: 18, color: '444444' })],
            ...(i === b.lines.length - 1 ? { border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: '1F3B5B', space: 4 } } } : {}),
          })),
        ];
      case 'title': return [new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { before: 240 }, children: [run(b.text, { bold: true, size: 36 })] })];
      case 'subtitle': return [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(b.text, { size: 22, color: '444444' })] })];
      case 'heading': return [new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 240, after: 80 }, children: [run(b.text, { bold: true, size: 26, color: '1F3B5B' })] })];
      case 'subheading': return [new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 160 }, children: [run(b.text, { bold: true, size: 22 })] })];
      case 'field': return [new Paragraph({ children: [run(`${b.label}${L.colon}`, { bold: true }), run(b.value)] })];
      case 'para': return [new Paragraph({ children: [run(b.text, { color: COLOR[b.tone], bold: b.tone === 'alert' })] })];
      case 'item': return [new Paragraph({ bullet: { level: 0 }, children: [run(b.text, { size: 20, color: COLOR[b.tone] })] })];
      case 'quote': return [new Paragraph({ indent: { left: 720 }, children: [run(b.text, { size: 20, color: '333333' })] })];
      case 'meta': return [new Paragraph({ indent: { left: 360 }, children: [run(b.text, { size: 17, color: '666666' })] })];
      case 'line': return [new Paragraph({ indent: { left: 720 }, children: [run(b.text, { size: 19, bold: b.bold })] })];
      case 'signature':
        return [
          new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 480 }, children: [run(b.name, { bold: true, size: 22 })] }),
          ...b.lines.map((l) => new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(l)] })),
          new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 240, after: 240 }, children: [run(b.signLine)] }),
        ];
    }
  });
  const doc = new Document({
    creator: 'callguard',
    title: `${L.title} #${report.caseId}`,
    description: L.subtitle(report.caseId, report.bank),
    sections: [{ properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children: paragraphs }],
  });
  return Packer.toBuffer(doc);
}
