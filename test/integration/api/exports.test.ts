import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/api/auth/password.ts';
import { insertUser } from '../../../src/store/review-app/users.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { PASSWORD, useApi } from './api-test-kit.ts';
import { DASHBOARD_NOW, seedDashboardData } from './dashboard-seed.ts';

/** Exports (CSV and XLSX) on the hand-built set: contents, masking as seen, formula safety, bank scope, audit. */
const api = useApi({ deps: { clock: new ManualClock(DASHBOARD_NOW) }, api: { rateLimits: {
  login: { max: 1000, windowMs: 60_000 }, search: { max: 1000, windowMs: 60_000 }, upload: { max: 10, windowMs: 60_000 }, export: { max: 1000, windowMs: 60_000 },
} } });
let bankA: { cookie: string };
beforeAll(async () => {
  await seedDashboardData(api.db);
  await insertUser(api.db, { username: 'qa-a', role: 'qa_reviewer', passwordHash: await hashPassword(PASSWORD), banks: ['BankA'] });
  bankA = await api.login('qa-a');
});

type Role = 'qa_reviewer' | 'supervisor' | 'compliance_officer';
async function download(url: string, role: Role | 'bankA' = 'supervisor') {
  const res = role === 'bankA'
    ? await api.inject({ method: 'GET', url, headers: { cookie: bankA.cookie } })
    : await api.request(role, { method: 'GET', url });
  return res;
}
async function xlsx(url: string, role?: Role | 'bankA'): Promise<ExcelJS.Workbook> {
  const res = await download(url, role);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="callguard-[a-z]+-2026-11-20\.xlsx"$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}
async function csv(url: string, role?: Role | 'bankA'): Promise<Record<string, string>[]> {
  const res = await download(url, role);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.body.startsWith('\uFEFF')).toBe(true);
  return parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
}
/** A sheet's rows as objects keyed by the header row. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const out: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return out;
}
async function lastAudit(action: string) {
  const { rows } = await api.db.query<{ actor: string; entity_id: string; after: Record<string, unknown> }>(
    `SELECT actor, entity_id, after FROM audit_events WHERE action = $1 ORDER BY id DESC LIMIT 1`, [action],
  );
  return rows[0];
}

describe('findings export', () => {
  it('holds each finding with its verdict; numbers unmasked only for a role that sees them', async () => {
    const sup = rowsOf((await xlsx('/api/exports/findings?finding=confirmed')).getWorksheet('findings')!);
    expect(sup.map((r) => [r.call, r.rule, r.verdict, r.by])).toEqual([['d-c4', 'R3', 'confirmed', 'rev1'], ['d-c1', 'R1', 'confirmed', 'rev1']]);
    expect(sup.find((r) => r.call === 'd-c1')!.quote).toBe('你这个老赖，电话13912345678');
    const qa = rowsOf((await xlsx('/api/exports/findings?finding=confirmed', 'qa_reviewer')).getWorksheet('findings')!);
    const quote = qa.find((r) => r.call === 'd-c1')!.quote as string;
    expect(quote).not.toContain('13912345678');
    expect(quote).toBe(`你这个老赖，电话${'*'.repeat(7)}5678`);
  });

  it('audits who exported what, how many rows, masked or not', async () => {
    await xlsx('/api/exports/findings?bank=BankA&finding=any', 'qa_reviewer');
    const event = await lastAudit('export.findings');
    expect(event).toMatchObject({ actor: 'qa_reviewer', entity_id: 'findings', after: { format: 'xlsx', rows: 4, unmasked: false, truncated: false, filters: { bank: 'BankA', finding: 'any' } } });
  });

  it('writes a quote that looks like a formula as text, in CSV and in XLSX', async () => {
    const rows = await csv('/api/exports/findings?format=csv&agentId=a1');
    expect(rows.map((r) => r.call)).toEqual(['d-c2', 'd-c1', 'd-c1']);
    expect(rows[0]!.quote).toBe(`'=HYPERLINK("http://x")`);
    const sheet = (await xlsx('/api/exports/findings?agentId=a1')).getWorksheet('findings')!;
    const quoteCol = (sheet.getRow(1).values as unknown[]).indexOf('quote');
    const cell = sheet.getRow(2).getCell(quoteCol);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://x")');
  });

  it("keeps to the exporter's banks", async () => {
    const rows = await csv('/api/exports/findings?format=csv', 'bankA');
    expect(new Set(rows.map((r) => r.bank))).toEqual(new Set(['BankA']));
    expect(await csv('/api/exports/findings?format=csv&bank=BankB', 'bankA')).toEqual([]);
  });
});

describe('queue, cases, dashboard and search exports', () => {
  it('exports the queue with its filters', async () => {
    const rows = await csv('/api/exports/queue?format=csv&reviewState=all');
    expect(rows.map((r) => r.call).sort()).toEqual(['d-c1', 'd-c2', 'd-c4', 'd-c5']);
    expect((await lastAudit('export.queue'))!.after).toMatchObject({ format: 'csv', rows: 4, filters: { reviewState: 'all' } });
  });

  it('exports cases with every deadline of their procedure and where each stands, for supervisors', async () => {
    const rows = rowsOf((await xlsx('/api/exports/cases')).getWorksheet('cases')!);
    // The risk case's own clock is its review (72 h from opening), past due at the clock's now; a
    // complaint case has no risk review, and its first response was given.
    expect(rows.map((r) => [r.case, r.kind, r['risk review due'], r['risk review'], r['first response']])).toEqual([
      [902, 'risk', '2026-11-13T04:00:00.000Z', 'breached', null],
      [903, 'complaint', null, null, 'met'],
      [901, 'complaint', null, null, 'met'],
    ]);
    for (const deadline of ['first response', 'report to bank', 'solution', 'written report', 'follow up', 'risk review', 'regulator']) {
      expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining([deadline, `${deadline} due`]));
    }
    expect((await download('/api/exports/cases', 'qa_reviewer')).statusCode).toBe(403);
  });

  it("exports the dashboard's tables: every table as a sheet, or one as CSV", async () => {
    const wb = await xlsx('/api/exports/dashboard');
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'findingsPerWeek', 'agents', 'teams', 'banks', 'rulesByHits', 'rulesByConfirmed', 'rulesByMissed', 'cases', 'qaWeeks', 'reviewers', 'backlog',
      'engines', 'signals', 'samples',
    ]);
    const agents = await csv('/api/exports/dashboard?format=csv&table=agents');
    expect(agents.map((r) => [r.agent, r.calls, r['confirmed-violation rate']])).toEqual([['b1', '1', '1'], ['a1', '2', '0.5'], ['a2', '2', '0']]);
    expect((await download('/api/exports/dashboard?format=csv')).statusCode).toBe(400);
    expect((await download('/api/exports/dashboard', 'qa_reviewer')).statusCode).toBe(403);
  });

  it('exports search results as the search showed them', async () => {
    const rows = await csv('/api/exports/search?format=csv&q=%E9%82%84%E9%8C%A2', 'qa_reviewer');
    expect(rows.map((r) => [r.call, r.speaker, r.line]).sort()).toEqual([['d-c2', 'agent', '喂，還錢'], ['d-c3', 'customer', '是的，我会还钱']]);
    const event = await lastAudit('export.search');
    expect(event!.after).toMatchObject({ format: 'csv', rows: 2, filters: { q: '還錢' } });
    expect((event!.after.callIds as string[]).sort()).toEqual(['d-c2', 'd-c3']);
  });
});
