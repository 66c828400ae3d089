import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { BankReport } from './bank-report.ts';

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

const L = {
  title: '关于投诉案件的调查处理报告',
  subtitle: (id: number, bank: string) => `案件编号 #${id} · 致 ${bank}`,
  facts: '一、投诉事实',
  calls: '二、相关通话与证据',
  cause: '三、原因分析',
  resolution: '四、处理结果',
  handling: '五、此类争议的处理措施',
  lessons: '六、经验教训',
  timeline: '七、处理经过',
  borrower: '借款人编号',
  opened: '立案时间',
  openedReason: '立案原因',
  sla: '首次响应时限',
  firstResponse: '首次响应',
  reported: '报告银行',
  status: '当前状态',
  noComplaint: '本案由通话质检发现，尚未收到借款人投诉。',
  complaintN: (n: number) => `投诉 ${n}`,
  channel: '渠道',
  received: '收到时间',
  request: '借款人诉求',
  call: '通话',
  agent: '催收员',
  duration: '时长',
  noFindings: '未发现违规。',
  excerpt: '录音转写摘录（时间为录音内位置；号码已脱敏）',
  notWritten: '（尚未填写）',
  followUp: '回访',
  generated: (by: string, at: string) => `由 ${by} 于 ${at} 生成。身份证、银行卡及电话号码已脱敏。`,
  none: '无',
};

const STATUS: Record<string, string> = {
  open: '新建', investigating: '调查中', confirmed: '确认违规', dismissed: '不成立', reported_to_bank: '已报告银行', resolved: '已解决', followed_up: '已回访结案',
};
const REASON: Record<string, string> = { risk_threshold: '风险分超过阈值', critical_finding: '严重违规', complaint: '借款人投诉', manual: '人工立案' };
const CHANNEL: Record<string, string> = { phone: '电话', letter: '信函', bank: '银行转来', regulator: '监管机构', other: '其他' };
const SEVERITY: Record<string, string> = { low: '低', medium: '中', high: '高', critical: '严重' };
const SPEAKER: Record<string, string> = { agent: '催收员', customer: '借款人', unknown: '未知' };
const VERDICT: Record<string, string> = { confirmed: '质检确认', dismissed: '已驳回' };
const EVENT: Record<string, string> = {
  opened: '立案', status: '状态变更', assigned: '指派', call_added: '关联通话', finding_added: '新增命中', complaint_added: '收到投诉',
  risk_updated: '风险更新', report_generated: '生成报告', follow_up_recorded: '回访记录', note: '备注',
};

/** China Standard Time for instants in the report: the bank and the agency work in it. */
function cst(d: Date | null): string {
  if (!d) return L.none;
  return `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')} (UTC+08:00)`;
}
const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export function renderBankReportPdf(report: BankReport, fonts = { regular: CJK_FONT_REGULAR, bold: CJK_FONT_BOLD }): Promise<Buffer> {
  for (const f of [fonts.regular, fonts.bold]) if (!existsSync(f)) throw new ReportFontMissingError(f);
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
    doc.font('bold').text(`${label}：`, { continued: true }).font('body').text(value);
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
    doc.font('bold').text(`${L.complaintN(i + 1)}（${L.channel}：${CHANNEL[c.channel] ?? c.channel}；${L.received}：${cst(c.receivedAt)}）`);
    para(c.content);
    if (c.request) field(L.request, c.request);
    doc.moveDown(0.3);
  });

  heading(L.calls);
  for (const call of report.calls) {
    doc.font('bold').fontSize(11).text(`${L.call} ${call.id} · ${call.startedAt.replace('T', ' ')}`);
    doc.font('body').fontSize(10).fillColor('#444')
      .text(`${L.agent}：${call.agent} · ${L.duration}：${call.durationMs === null ? L.none : clock(call.durationMs)}`).fillColor('#111');
    if (call.findings.length === 0) para(L.noFindings);
    for (const f of call.findings) {
      const verdict = f.verdict ? `（${VERDICT[f.verdict]}）` : '';
      doc.font('body').fontSize(10).text(`• [${SEVERITY[f.severity] ?? f.severity}] ${clock(f.startMs)}–${clock(f.endMs)} ${f.title}${verdict}`, { indent: 8 });
      if (f.quote) doc.fillColor('#333').text(`“${f.quote}”`, { indent: 20 }).fillColor('#111');
      doc.fontSize(8.5).fillColor('#666').text(`${f.ruleId} @ ${f.ruleVersion.slice(0, 12)} · ${f.source}`, { indent: 20 }).fillColor('#111').fontSize(10);
    }
    if (call.excerpt.length > 0) {
      doc.moveDown(0.2).font('bold').fontSize(9.5).text(L.excerpt, { indent: 8 });
      for (const line of call.excerpt) {
        doc.font(line.evidence ? 'bold' : 'body').fontSize(9.5)
          .text(`[${clock(line.startMs)}] ${SPEAKER[line.speaker] ?? line.speaker}：${line.text}`, { indent: 16 });
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
    const change = e.kind === 'status' && e.fromStatus && e.toStatus ? `：${STATUS[e.fromStatus]} → ${STATUS[e.toStatus]}` : '';
    doc.font('body').fontSize(9.5).text(`${cst(e.at)} · ${e.actor} · ${EVENT[e.kind] ?? e.kind}${change}`);
  }
  doc.moveDown(1).fontSize(8.5).fillColor('#666').text(L.generated(report.generatedBy, cst(report.generatedAt)));
  doc.end();
  return done;
}
