/**
 * The report to the bank, rendered:  npx tsx bench/bank-report.ts [--runs N] [--calls N]
 *
 * One synthetic case of N calls (each 60 transcript lines, 6 findings of the three groups) through
 * `buildBankReport`, then, interleaved run by run so machine load hits each alike:
 * - PDF (pdfkit, the format the report had before: the baseline),
 * - DOCX (docx), the same blocks,
 * - the evidence bundle with both files, each call's recording (a fixture m4a) and an ffmpeg clip
 *   per cited finding.
 * Prints medians and the ratio to the PDF, as Markdown for docs/benchmarks.md (## Report to the bank).
 */
import path from 'node:path';
import { cutClips } from '../src/audio/cut-clip.ts';
import type { Case } from '../src/domain/case.ts';
import { buildBankReport } from '../src/reports/bank-report.ts';
import { renderBankReportDocx } from '../src/reports/bank-report-docx.ts';
import { renderBankReportPdf } from '../src/reports/bank-report-pdf.ts';
import { buildEvidenceBundle } from '../src/reports/evidence-bundle.ts';
import type { StoredCall, StoredFinding } from '../src/store/index.ts';
import { median } from './lib/timing.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const runs = Math.max(1, Number(option('runs', '5')));
const callCount = Math.max(1, Number(option('calls', '10')));
const RECORDING = path.resolve(import.meta.dirname, '../fixtures/calls/zh-abusive.m4a');

const kase = { id: 1, kind: 'complaint', bank: '建设银行', borrowerId: 'B-1', status: 'resolved', openedReason: 'complaint', riskScore: 0,
  openedAt: new Date(0), slaDueAt: new Date(0), receivedAt: new Date(0), firstResponseAt: new Date(0), assignedTo: 'sup', acceptedAt: new Date(0),
  complainantName: null, complainantRelation: 'borrower', complainantContact: null, complaintChannel: 'phone', complainantRequest: '要求道歉',
  promisedResponseAt: null, investigatingAt: null, bankNotifiedAt: new Date(0), explainedAt: new Date(0), solutionText: '道歉并更换催收员', solutionDueAt: new Date(0),
  solutionProposedAt: new Date(0), outcome: 'founded', causeAnalysis: '催收员情绪失控'.repeat(20), reviewedAt: null, regulatorExtensionDays: 0,
  regulatorExtensionReason: null, reopenedAt: null, reportedToBankAt: null, reportedToBankBy: null, resolvedAt: new Date(0), resolution: null,
  followedUpAt: null, followUpNote: null, followUpCallId: null, closedAt: null, updatedAt: new Date(0) } satisfies Case;
const categories = ['abuse', 'threat', 'third_party_disclosure', 'complaint_risk', 'vulnerability', 'misrepresentation'] as const;

const calls = Array.from({ length: callCount }, (_, n) => {
  const id = `call-${n}`;
  const segments = Array.from({ length: 60 }, (_, i) => ({
    speaker: i % 2 ? 'customer' as const : 'agent' as const, startMs: i * 300, endMs: i * 300 + 280,
    text: i % 2 ? '我现在真的没有钱，电话13912345678，你们别再打了' : '你这个老赖，再不还钱就上门找你单位',
  }));
  const findings = categories.map((category, k): StoredFinding => ({
    id: n * 10 + k + 1, callId: id, ruleId: `zh.${category}`, ruleVersion: 'v1', title: category, category, severity: 'high', speaker: 'agent',
    startMs: (k * 8 + 2) * 300, endMs: (k * 8 + 2) * 300 + 280, quote: segments[k * 8 + 2]!.text, matched: [], source: '《催收规范》', segmentIndex: k * 8 + 2,
    packHash: null, createdAt: new Date(0), verdict: k % 2 ? 'confirmed' : null, verdictReason: null, verdictNote: null, verdictBy: null, verdictAt: null,
    origin: 'rule', createdBy: null,
  }));
  const call = { id, source: 'recording', agentId: '8107', agentName: null, startedAt: '2026-03-02T21:20:00+08:00', utcOffsetMinutes: 480, durationMs: 18000,
    direction: 'outbound', language: 'zh-CN', audioSha256: 'a'.repeat(64), audioFormat: 'm4a', status: 'done', failedStage: null } as StoredCall;
  return { call, findings, segments };
});
const report = buildBankReport({
  case: kase, calls, chosenCallIds: [], complaints: [], contacts: [], events: [], draft: { causeAnalysis: '', disputeHandling: '规范话术', lessonsLearned: '培训' },
  selection: null, agency: { name: '某某资产管理有限公司', lines: ['北京市'], signature: ['质检主管'] }, generatedBy: 'sup', generatedAt: new Date(0),
});
const clips = report.calls.reduce((n, c) => n + [...c.confirmed, ...c.unreviewed, ...c.signals].filter((f) => f.cited && !f.wholeCall).length, 0);

const timed = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};
const pdf: number[] = [];
const docx: number[] = [];
const bundle: number[] = [];
let sizes = { pdf: 0, docx: 0, zip: 0 };
await renderBankReportPdf(report);
await renderBankReportDocx(report);
for (let r = 0; r < runs; r++) {
  let p: Buffer = Buffer.alloc(0);
  let d: Buffer = Buffer.alloc(0);
  pdf.push(await timed(async () => { p = await renderBankReportPdf(report); }));
  docx.push(await timed(async () => { d = await renderBankReportDocx(report); }));
  let zip: Buffer = Buffer.alloc(0);
  bundle.push(await timed(async () => {
    const b = await buildEvidenceBundle(report, { docx: await renderBankReportDocx(report), pdf: await renderBankReportPdf(report) }, {
      withAudio: (_callId, work) => work(RECORDING),
      cutClips: (file, spans) => cutClips(file, spans),
    });
    zip = b.zip;
  }));
  sizes = { pdf: p.length, docx: d.length, zip: zip.length };
}
const base = median(pdf);
const row = (name: string, xs: number[], bytes: number) => `| ${name} | ${median(xs).toFixed(0)} | ${(median(xs) / base).toFixed(2)} | ${(bytes / 1024).toFixed(0)} |`;
process.stdout.write([
  `## Report to the bank`,
  '',
  `One case of ${callCount} calls (60 transcript lines and 6 findings each; ${clips} cited findings cut as clips), ${runs} runs, medians:`,
  '',
  '| output | ms | × PDF | KiB |',
  '|---|---|---|---|',
  row('PDF (pdfkit, baseline)', pdf, sizes.pdf),
  row('DOCX (docx)', docx, sizes.docx),
  row('evidence bundle (both files, recordings, ffmpeg clips, manifest)', bundle, sizes.zip),
  '',
].join('\n'));
