import { z } from 'zod';
import { cutClips } from '../../audio/cut-clip.ts';
import { buildBankReport, findingGroup, recordingState, type BankReport } from '../../reports/bank-report.ts';
import { renderBankReportDocx } from '../../reports/bank-report-docx.ts';
import { renderBankReportPdf, ReportFontMissingError } from '../../reports/bank-report-pdf.ts';
import { buildEvidenceBundle } from '../../reports/evidence-bundle.ts';
import { defaultSelection } from '../../reports/report-selection.ts';
import { repositories } from '../../store/index.ts';
import { saveReportSelection } from '../../store/review-app/report-selection.ts';
import { apiClock, DEFAULT_REPORT_LETTERHEAD } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { loadBankReportInput } from '../bank-report-input.ts';
import { canSeeBank } from '../call-access.ts';
import { HttpError, notFound } from '../http-error.ts';
import { ReportSelectionSavedSchema, ReportSelectionSchema } from '../report-schemas.ts';
import { asRecordingSource } from '../recording-source.ts';
import { defineRoute, type AuthedRouteContext } from '../route-def.ts';
import { caseBank } from '../../store/review-app/case-access.ts';

/** The report to the bank is the supervisors' work. */
const SUPERVISORS = ['supervisor'] as const;
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });

type Format = 'pdf' | 'docx' | 'bundle';

/** The report as data, read in one snapshot. */
async function loadReport(ctx: AuthedRouteContext, caseId: number): Promise<BankReport> {
  const now = apiClock(ctx.deps).now();
  const agency = ctx.deps.options.reportLetterhead ?? DEFAULT_REPORT_LETTERHEAD;
  const input = await ctx.deps.db.transaction((tx) => loadBankReportInput(tx, ctx.user, caseId, agency, now));
  return buildBankReport(input);
}

async function renderPdf(report: BankReport): Promise<Buffer> {
  try {
    return await renderBankReportPdf(report);
  } catch (err) {
    if (err instanceof ReportFontMissingError) throw new HttpError(503, 'report_font_missing', err.message);
    throw err;
  }
}

/**
 * Records that a report file was made and handed out: on the case timeline and in the audit log,
 * with what it cited (call and finding ids) and its size or, for a bundle, its manifest's hash.
 */
async function recordExport(ctx: AuthedRouteContext, report: BankReport, format: Format, facts: Record<string, unknown>): Promise<void> {
  const cited = { callIds: report.calls.map((c) => c.id), findingIds: report.calls.flatMap((c) => [...c.confirmed, ...c.unreviewed, ...c.signals].filter((f) => f.cited).map((f) => f.id)) };
  await ctx.deps.db.transaction(async (tx) => {
    await repositories(tx).caseEvents.append({
      caseId: report.caseId, actor: ctx.user.username, kind: 'report_generated', body: { format, ...facts }, at: report.generatedAt,
    });
    await audit(tx, ctx, {
      action: 'case.report_export', entityType: 'case', entityId: String(report.caseId),
      after: { format, status: report.status, ...facts, ...cited },
    });
  });
}

function send(ctx: AuthedRouteContext, bytes: Buffer, type: string, name: string) {
  ctx.reply.header('content-type', type);
  ctx.reply.header('content-disposition', `attachment; filename="${name}"`);
  return ctx.reply.send(bytes);
}

const SelectionBody = z.union([
  z.strictObject({
    callIds: z.array(z.string().min(1).max(200)).max(500),
    findingIds: z.array(z.number().int().positive()).max(5000).nullable(),
  }),
  // null: back to the default.
  z.null(),
]);

export const reportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/cases/:id/report/selection',
    roles: SUPERVISORS,
    summary: 'What goes into the report to the bank: the chosen calls and cited findings (or the default), with every call of the case to choose from',
    tags: ['cases'],
    params: IdParams,
    response: ReportSelectionSchema,
    async handler({ params }, ctx) {
      const agency = ctx.deps.options.reportLetterhead ?? DEFAULT_REPORT_LETTERHEAD;
      const input = await ctx.deps.db.transaction((tx) => loadBankReportInput(tx, ctx.user, params.id, agency, apiClock(ctx.deps).now()));
      const effective = input.selection ?? defaultSelection(input);
      const chosen = new Set(input.chosenCallIds);
      return {
        isDefault: input.selection === null,
        callIds: effective.callIds,
        findingIds: effective.findingIds,
        calls: input.calls.map(({ call, findings }) => ({
          id: call.id,
          startedAt: call.startedAt,
          recording: recordingState(call),
          chosenByInvestigation: chosen.has(call.id),
          findings: findings.filter((f) => f.verdict !== 'dismissed').map((f) => ({
            id: f.id, group: findingGroup(f), category: f.category, severity: f.severity, title: f.title || f.ruleId, startMs: f.startMs, wholeCall: f.speaker === 'call' || f.segmentIndex === undefined,
          })),
        })),
        generated: input.events.filter((e) => e.kind === 'report_generated').reverse().slice(0, 10)
          .map((e) => ({ at: e.at.toISOString(), actor: e.actor, format: String(e.body.format ?? '') })),
      };
    },
  }),

  defineRoute({
    method: 'PUT',
    url: '/api/cases/:id/report/selection',
    roles: SUPERVISORS,
    summary: 'Choose the calls and the cited findings of the report to the bank (null: back to the default); audited',
    tags: ['cases'],
    params: IdParams,
    body: SelectionBody,
    response: ReportSelectionSavedSchema,
    async handler({ params, body }, ctx) {
      await ctx.deps.db.transaction(async (tx) => {
        const bank = await caseBank(tx, params.id);
        if (bank === undefined || !canSeeBank(ctx.user, bank)) throw notFound('case');
        if (body !== null) {
          const r = repositories(tx);
          const caseCalls = new Set(await r.cases.listCallIds(params.id));
          const foreign = body.callIds.filter((id) => !caseCalls.has(id));
          if (foreign.length > 0) throw new HttpError(400, 'bad_selection', `not calls of this case: ${foreign.join(', ')}`);
          if (body.findingIds !== null) {
            const ofCalls = new Set((await r.findings.listByCalls(body.callIds)).filter((f) => f.verdict !== 'dismissed').map((f) => f.id));
            const stray = body.findingIds.filter((id) => !ofCalls.has(id));
            if (stray.length > 0) throw new HttpError(400, 'bad_selection', `findings not of the chosen calls (or dismissed): ${stray.join(', ')}`);
          }
        }
        const selection = body === null ? null : { callIds: [...new Set(body.callIds)], findingIds: body.findingIds === null ? null : [...new Set(body.findingIds)] };
        await saveReportSelection(tx, params.id, selection, ctx.user.username);
        await audit(tx, ctx, { action: 'case.report_selection', entityType: 'case', entityId: String(params.id), after: { selection } });
      });
      return { ok: true as const };
    },
  }),

  defineRoute({
    // A POST: making the report is recorded (timeline, audit log), so no link, prefetch or HEAD may trigger it.
    method: 'POST',
    url: '/api/cases/:id/report.pdf',
    roles: SUPERVISORS,
    rateLimit: 'export',
    summary: 'Make the report to the bank as PDF (personal numbers masked); recorded on the case timeline and in the audit log',
    tags: ['cases'],
    params: IdParams,
    produces: 'application/pdf',
    async handler({ params }, ctx) {
      const report = await loadReport(ctx, params.id);
      const pdf = await renderPdf(report);
      await recordExport(ctx, report, 'pdf', { bytes: pdf.length });
      return send(ctx, pdf, 'application/pdf', `case-${params.id}-report.pdf`);
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/report.docx',
    roles: SUPERVISORS,
    rateLimit: 'export',
    summary: 'Make the report to the bank as a Word document, the same content as the PDF; recorded on the case timeline and in the audit log',
    tags: ['cases'],
    params: IdParams,
    produces: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    async handler({ params }, ctx) {
      const report = await loadReport(ctx, params.id);
      const docx = await renderBankReportDocx(report);
      await recordExport(ctx, report, 'docx', { bytes: docx.length });
      return send(ctx, docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', `case-${params.id}-report.docx`);
    },
  }),

  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/report-bundle.zip',
    roles: SUPERVISORS,
    rateLimit: 'export',
    summary: "Make the evidence bundle: the report (DOCX, PDF), the cited calls' audio and clips, masked transcripts, and a SHA-256 manifest; the manifest's hash is recorded and returned in X-Manifest-SHA256",
    tags: ['cases'],
    params: IdParams,
    produces: 'application/zip',
    async handler({ params }, ctx) {
      const report = await loadReport(ctx, params.id);
      const [docx, pdf] = [await renderBankReportDocx(report), await renderPdf(report)];
      const stored = new Map<string, { id: string; audioSha256: string | null; audioFormat: string | null }>();
      for (const c of await repositories(ctx.deps.db).calls.getMany(report.calls.map((c) => c.id))) stored.set(c.id, c);
      const bundle = await buildEvidenceBundle(report, { docx, pdf }, {
        withAudio: async (callId, work) => {
          const call = stored.get(callId);
          const located = call ? await ctx.deps.locateAudio(call) : undefined;
          return located === undefined ? undefined : asRecordingSource(located).withFile(work);
        },
        cutClips: (file, spans) => cutClips(file, spans),
      });
      await recordExport(ctx, report, 'bundle', { bytes: bundle.zip.length, manifestSha256: bundle.manifestSha256, files: bundle.manifest.files.length });
      ctx.reply.header('x-manifest-sha256', bundle.manifestSha256);
      return send(ctx, bundle.zip, 'application/zip', `case-${params.id}-evidence.zip`);
    },
  }),
];
