import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { useApi } from './api-test-kit.ts';
import { DASHBOARD_NOW, seedDashboardData } from './dashboard-seed.ts';

/**
 * The dashboards with the QA floor's data (schema 120) on top of the hand-built set: a finding a
 * reviewer added to an unflagged call (a miss of the rules), a borrower signal noted rather than
 * confirmed, and the weekly sample of unflagged calls with its outcomes.
 */
const api = useApi({ deps: { clock: new ManualClock(DASHBOARD_NOW) } });
beforeAll(async () => {
  await seedDashboardData(api.db);
  await api.db.query(
    `INSERT INTO calls (id, agent_id, agent_name, team, bank, borrower_id, direction, started_at, utc_offset_minutes, language)
     VALUES ('d-c6', 'a2', '李娜', 'T2', 'BankA', 'X-6', 'outbound', '2026-11-11T10:00:00+08:00', 480, 'zh-CN')`,
  );
  // d-c3 was not flagged; the sample put it before a reviewer, who found abuse the rules missed.
  await api.db.query(
    `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote, origin, created_by,
                           verdict, verdict_by, verdict_at)
     VALUES ('d-c3', 'manual.missed', 'manual', 'abuse', 'high', 'agent', 100, 900, '你就是个骗子', 'manual', 'rev1', 'confirmed', 'rev1', '2026-11-05T01:00:00Z'),
            ('d-c2', 'R9', '1', 'complaint_risk', 'medium', 'customer', 1000, 2000, '我會投訴你們', 'rule', NULL, NULL, NULL, NULL)`,
  );
  await api.db.query(`UPDATE findings SET verdict = 'noted', verdict_by = 'rev2', verdict_at = '2026-11-12T01:00:00Z' WHERE rule_id = 'R9'`);
  await api.db.query(
    `INSERT INTO qa_samples (call_id, week_start, agent_id, sampled_at, reviewed_at, reviewed_by, outcome)
     VALUES ('d-c3', '2026-11-02', 'a2', '2026-11-09T00:00:00Z', '2026-11-10T00:00:00Z', 'rev1', 'violation'),
            ('d-c6', '2026-11-09', 'a2', '2026-11-16T00:00:00Z', '2026-11-17T00:00:00Z', 'rev2', 'clean')`,
  );
});

async function json<T = Record<string, unknown>>(url: string): Promise<T> {
  const res = await api.request('supervisor', { method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}
const ids = async (url: string) => (await json<{ items: { callId: string }[] }>(url)).items.map((i) => i.callId).sort();
type Dash = Record<string, unknown> & { violationRates: Record<string, { key: string }[]>; topRules: Record<string, unknown[]>; qa: { weeks: unknown[]; backlog: unknown[] } };

describe('the dashboards with manual findings, borrower signals and samples', () => {
  it('counts a manual finding as a miss and a violation, never as a hit or a flag', async () => {
    const d = await json<Dash>('/api/dashboard');
    expect(d.violationRates.agent!.find((r) => r.key === 'a2')).toEqual({
      key: 'a2', calls: 3, flaggedCalls: 1, violationCalls: 1, confirmedFindings: 0, reviewedFindings: 0, missedFindings: 1,
    });
    expect(d.topRules.byMissed).toEqual([{ ruleId: 'manual.missed', category: 'abuse', hits: 0, confirmed: 0, dismissed: 0, missed: 1 }]);
    expect((d.topRules.byHits as { ruleId: string }[]).map((r) => r.ruleId)).toEqual(['R1', 'R2', 'R3', 'R9']);
    expect(d.findingsPerWeek).toContainEqual({ week: '2026-11-02', category: 'abuse', severity: 'high', hits: 1, confirmed: 1, dismissed: 0, missed: 1 });
  });

  it('scores borrower signals apart: noted, not confirmed; out of the backlog', async () => {
    const d = await json<Dash>('/api/dashboard');
    expect(d.signals).toEqual([{ week: '2026-11-09', category: 'complaint_risk', raised: 1, noted: 1, actedOn: 0, awaiting: 0 }]);
    expect(d.qa.weeks).toEqual([
      // The manual finding is not a verdict on the machine's work: still two confirmations that week.
      { week: '2026-11-02', confirmed: 2, dismissed: 0, noted: 0, actedOn: 0 },
      { week: '2026-11-09', confirmed: 0, dismissed: 1, noted: 1, actedOn: 0 },
    ]);
    expect(d.qa.backlog).toEqual([{ week: '2026-11-02', unreviewed: 1 }, { week: '2026-11-09', unreviewed: 1 }]);
    // a1's violation figures are not raised by the borrower's complaint on d-c2.
    expect(d.violationRates.agent!.find((r) => r.key === 'a1')).toMatchObject({ violationCalls: 1, confirmedFindings: 1 });
  });

  it('shows the weekly sample: drawn, reviewed, clean, with a violation', async () => {
    const d = await json<Dash>('/api/dashboard');
    expect(d.samples).toEqual([
      { week: '2026-11-02', sampled: 1, reviewed: 1, clean: 0, violation: 1 },
      { week: '2026-11-09', sampled: 1, reviewed: 1, clean: 1, violation: 0 },
    ]);
    expect((await json<Dash>('/api/dashboard?bank=BankB')).samples).toEqual([]);
  });

  it('drills down to the calls behind each of these numbers', async () => {
    expect(await ids('/api/dashboard/calls?finding=missed')).toEqual(['d-c3']);
    expect(await ids('/api/dashboard/calls?finding=violation')).toEqual(['d-c1', 'd-c3', 'd-c4']);
    expect(await ids('/api/dashboard/calls?finding=any&category=abuse&week=2026-11-02')).toEqual(['d-c1']);
    expect(await ids('/api/dashboard/calls?finding=noted')).toEqual(['d-c2']);
    expect(await ids('/api/dashboard/calls?sample=violation')).toEqual(['d-c3']);
    expect(await ids('/api/dashboard/calls?sampleWeek=2026-11-09&sample=clean')).toEqual(['d-c6']);
  });

  it('exports manual findings marked as such, with who added them', async () => {
    const res = await api.request('supervisor', { method: 'GET', url: '/api/exports/findings?format=csv&finding=missed' });
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.call, r.rule, r['raised by'], r['added by'], r.verdict])).toEqual([['d-c3', 'manual.missed', 'manual', 'rev1', 'confirmed']]);
  });

  it('keeps the rollups equal to a rebuild from scratch', async () => {
    const snapshot = async () => {
      const out: unknown[] = [];
      for (const t of ['dash_call_weeks', 'dash_finding_weeks', 'dash_review_weeks', 'dash_transcript_weeks']) {
        out.push((await api.db.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6`)).rows.filter((r) => Object.values(r).some((v) => typeof v === 'number' && v !== 0)));
      }
      return out;
    };
    const incremental = await snapshot();
    await api.db.query('SELECT dash_rebuild()');
    expect(await snapshot()).toEqual(incremental);
  });
});
