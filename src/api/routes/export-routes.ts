import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/case.ts';
import { CATEGORIES } from '../../domain/category.ts';
import { SEVERITIES } from '../../domain/severity.ts';
import { toCsv } from '../../reports/csv-export.ts';
import type { ExportTable } from '../../reports/export-table.ts';
import { toXlsx } from '../../reports/xlsx-export.ts';
import { listCases } from '../../store/review-app/case-list.ts';
import { FINDING_STATES } from '../../store/review-app/dashboard-calls.ts';
import { listFindingsForExport } from '../../store/review-app/findings-export.ts';
import { listReviewQueue, REVIEW_STATES } from '../../store/review-app/review-queue.ts';
import { apiClock } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { dashboardData } from '../dashboard-data.ts';
import { DashboardQueryShape, dashboardFilter } from '../dashboard-query.ts';
import { casesTable, DASHBOARD_TABLES, dashboardTables, findingsTable, queueTable, searchTable } from '../export-tables.ts';
import { badRequest } from '../http-error.ts';
import { type AuthedRouteContext, defineRoute } from '../route-def.ts';
import { deadlinesOf } from '../case-dossier.ts';
import { dossierClocks } from './case-routes.ts';
import { runTranscriptSearch, SearchQueryShape, toInstant } from '../transcript-search-query.ts';
import { MANAGERS } from './dashboard-routes.ts';

/**
 * Exports for spreadsheets: CSV (formula-safe, UTF-8 with a byte-order mark) or XLSX (exceljs) of
 * the review queue, findings with verdicts, cases with their deadlines, the dashboard's tables and
 * search results. Each is what its reader sees on screen: the same bank scope, the same masking.
 * Every export is an audit event naming the filters and how many rows left.
 */
const READERS = ['qa_reviewer', 'supervisor', 'compliance_officer'] as const;
const SUPERVISORS = ['supervisor'] as const;
/** The most rows one export holds; a larger selection is cut here and the audit event says so. */
export const EXPORT_MAX_ROWS = 50_000;

const Format = { format: z.enum(['csv', 'xlsx']).default('xlsx') };
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Day = z.iso.date();

async function send(ctx: AuthedRouteContext, kind: string, format: 'csv' | 'xlsx', tables: ExportTable[], filters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const rows = tables.reduce((n, t) => n + t.rows.length, 0);
  const body = format === 'csv' ? Buffer.from(toCsv(tables[0]!), 'utf8') : await toXlsx(tables);
  await audit(ctx.deps.db, ctx, {
    action: `export.${kind}`, entityType: 'export', entityId: kind,
    after: { format, filters, rows, truncated: tables.some((t) => t.rows.length >= EXPORT_MAX_ROWS), unmasked: ctx.unmasked, ...extra },
  });
  const stamp = apiClock(ctx.deps).now().toISOString().slice(0, 10);
  ctx.reply.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MIME);
  ctx.reply.header('content-disposition', `attachment; filename="callguard-${kind}-${stamp}.${format}"`);
  return ctx.reply.send(body);
}

export const exportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/exports/queue',
    roles: READERS,
    rateLimit: 'export',
    summary: 'The review queue with its filters, as CSV or XLSX (audited)',
    tags: ['exports'],
    produces: XLSX_MIME,
    query: z.strictObject({
      ...Format,
      team: z.string().min(1).optional(),
      agentId: z.string().min(1).optional(),
      bank: z.string().min(1).optional(),
      category: z.enum(CATEGORIES).optional(),
      minSeverity: z.enum(SEVERITIES).optional(),
      from: Day.optional(),
      to: Day.optional(),
      reviewState: z.enum(REVIEW_STATES).default('unreviewed'),
    }),
    async handler({ query }, ctx) {
      const { format, ...filters } = query;
      const { items } = await listReviewQueue(ctx.deps.db, {
        ...filters, banks: ctx.user.banks, weights: ctx.deps.options.severityWeights,
        from: toInstant(filters.from, false), to: toInstant(filters.to, true), limit: EXPORT_MAX_ROWS, offset: 0,
      });
      return send(ctx, 'queue', format, [queueTable(items)], filters);
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/exports/findings',
    roles: READERS,
    rateLimit: 'export',
    summary: 'Findings with their verdicts, by the dashboard filters plus category, severity, rule and verdict, as CSV or XLSX (audited)',
    tags: ['exports'],
    produces: XLSX_MIME,
    query: z.strictObject({
      ...Format,
      ...DashboardQueryShape,
      category: z.enum(CATEGORIES).optional(),
      severity: z.enum(SEVERITIES).optional(),
      ruleId: z.string().min(1).max(200).optional(),
      finding: z.enum(FINDING_STATES).optional(),
    }),
    async handler({ query }, ctx) {
      const { format, category, severity, ruleId, finding, ...rest } = query;
      const found = await listFindingsForExport(ctx.deps.db, {
        ...dashboardFilter(ctx.user, rest), category, severity, ruleId, finding, limit: EXPORT_MAX_ROWS,
      });
      return send(ctx, 'findings', format, [findingsTable(found, ctx.unmasked)], { ...rest, category, severity, ruleId, finding });
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/exports/cases',
    roles: SUPERVISORS,
    rateLimit: 'export',
    summary: "Cases with every deadline of their procedure and where each stands, as CSV or XLSX (audited)",
    tags: ['exports'],
    produces: XLSX_MIME,
    query: z.strictObject({
      ...Format,
      status: z.enum(CASE_STATUSES).optional(),
      bank: z.string().min(1).optional(),
      assignedTo: z.string().min(1).optional(),
    }),
    async handler({ query }, ctx) {
      const { format, ...filters } = query;
      const now = apiClock(ctx.deps).now();
      const cases = await listCases(ctx.deps.db, {
        banks: ctx.user.banks, statuses: filters.status ? [filters.status] : undefined, bank: filters.bank,
        assignedTo: filters.assignedTo, limit: EXPORT_MAX_ROWS,
      }, now);
      const clocks = dossierClocks(ctx, now);
      return send(ctx, 'cases', format, [casesTable(cases, (c) => deadlinesOf(c, clocks, now))], filters);
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/exports/dashboard',
    roles: MANAGERS,
    rateLimit: 'export',
    summary: "The dashboard's tables for the filters: XLSX with one sheet per table, or one table (`table`) as CSV (audited)",
    tags: ['exports'],
    produces: XLSX_MIME,
    query: z.strictObject({ ...Format, ...DashboardQueryShape, table: z.enum(DASHBOARD_TABLES).optional() }),
    async handler({ query }, ctx) {
      const { format, table, ...filters } = query;
      if (format === 'csv' && !table) throw badRequest(`a CSV holds one table: name it (table=${DASHBOARD_TABLES.join('|')})`);
      const tables = dashboardTables(await dashboardData(ctx.deps.db, dashboardFilter(ctx.user, filters), apiClock(ctx.deps).now()));
      const chosen = table ? [tables[table]] : DASHBOARD_TABLES.map((t) => tables[t]);
      return send(ctx, 'dashboard', format, chosen, { ...filters, table });
    },
  }),

  defineRoute({
    method: 'GET',
    url: '/api/exports/search',
    roles: READERS,
    rateLimit: 'export',
    summary: 'Transcript search results (the lines shown, masked as shown), as CSV or XLSX (audited)',
    tags: ['exports'],
    produces: XLSX_MIME,
    query: z.strictObject({ ...Format, ...SearchQueryShape }),
    async handler({ query }, ctx) {
      const { format, ...search } = query;
      const { hits } = await runTranscriptSearch(ctx.deps.db, ctx.user, ctx.unmasked, { ...search, limit: 100 });
      return send(ctx, 'search', format, [searchTable(hits)], search, { callIds: hits.map((h) => h.callId) });
    },
  }),
];
