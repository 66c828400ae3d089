import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/api/auth/password.ts';
import { insertUser } from '../../../src/store/review-app/users.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { PASSWORD, useApi } from './api-test-kit.ts';
import { DASHBOARD_NOW, seedDashboardData } from './dashboard-seed.ts';

/** The dashboard figures, drill-downs and scorecards against the hand-built set (dashboard-seed.ts). */
const clock = new ManualClock(DASHBOARD_NOW);
const api = useApi({ deps: { clock } });

let bankA: { cookie: string; csrf: string };
beforeAll(async () => {
  await seedDashboardData(api.db);
  await insertUser(api.db, { username: 'sup-a', role: 'supervisor', passwordHash: await hashPassword(PASSWORD), banks: ['BankA'] });
  bankA = await api.login('sup-a');
});

async function get(url: string, role: 'supervisor' | 'compliance_officer' | 'qa_reviewer' | 'bankA' = 'supervisor') {
  const res = role === 'bankA'
    ? await api.inject({ method: 'GET', url, headers: { cookie: bankA.cookie } })
    : await api.request(role, { method: 'GET', url });
  return res;
}
async function json<T = Record<string, unknown>>(url: string, role?: Parameters<typeof get>[1]): Promise<T> {
  const res = await get(url, role);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}
type Dash = {
  findingsPerWeek: unknown[]; violationRates: Record<string, unknown[]>; topRules: { byHits: { ruleId: string }[]; byConfirmed: { ruleId: string }[] };
  cases: unknown[]; qa: Record<string, unknown>; engines: unknown[];
};

describe('the dashboard figures', () => {
  it('counts findings per local week, category and severity', async () => {
    const d = await json<Dash>('/api/dashboard');
    expect(d.findingsPerWeek).toEqual([
      { week: '2026-11-02', category: 'abuse', severity: 'high', hits: 1, confirmed: 1, dismissed: 0, missed: 0 },
      { week: '2026-11-02', category: 'disclosure_missing', severity: 'medium', hits: 1, confirmed: 0, dismissed: 0, missed: 0 },
      { week: '2026-11-02', category: 'threat', severity: 'critical', hits: 1, confirmed: 1, dismissed: 0, missed: 0 },
      // d-c5 is Sunday in UTC but Monday for the borrower: it counts in the week of 9 November.
      { week: '2026-11-09', category: 'abuse', severity: 'high', hits: 2, confirmed: 0, dismissed: 1, missed: 0 },
    ]);
  });

  it('gives the confirmed-violation rate per agent, team and bank, worst first', async () => {
    const d = await json<Dash>('/api/dashboard');
    expect(d.violationRates.agent).toEqual([
      { key: 'b1', calls: 1, flaggedCalls: 1, violationCalls: 1, confirmedFindings: 1, reviewedFindings: 1, missedFindings: 0 },
      { key: 'a1', calls: 2, flaggedCalls: 2, violationCalls: 1, confirmedFindings: 1, reviewedFindings: 2, missedFindings: 0 },
      { key: 'a2', calls: 2, flaggedCalls: 1, violationCalls: 0, confirmedFindings: 0, reviewedFindings: 0, missedFindings: 0 },
    ]);
    expect(d.violationRates.team).toEqual([
      { key: 'T3', calls: 1, flaggedCalls: 1, violationCalls: 1, confirmedFindings: 1, reviewedFindings: 1, missedFindings: 0 },
      { key: 'T1', calls: 2, flaggedCalls: 2, violationCalls: 1, confirmedFindings: 1, reviewedFindings: 2, missedFindings: 0 },
      { key: '', calls: 1, flaggedCalls: 1, violationCalls: 0, confirmedFindings: 0, reviewedFindings: 0, missedFindings: 0 },
      { key: 'T2', calls: 1, flaggedCalls: 0, violationCalls: 0, confirmedFindings: 0, reviewedFindings: 0, missedFindings: 0 },
    ]);
    expect(d.violationRates.bank).toEqual([
      { key: 'BankB', calls: 1, flaggedCalls: 1, violationCalls: 1, confirmedFindings: 1, reviewedFindings: 1, missedFindings: 0 },
      { key: 'BankA', calls: 4, flaggedCalls: 3, violationCalls: 1, confirmedFindings: 1, reviewedFindings: 2, missedFindings: 0 },
    ]);
  });

  it('ranks rules by hits and by confirmed hits', async () => {
    const d = await json<Dash>('/api/dashboard');
    expect(d.topRules.byHits).toEqual([
      { ruleId: 'R1', category: 'abuse', hits: 3, confirmed: 1, dismissed: 1, missed: 0 },
      { ruleId: 'R2', category: 'disclosure_missing', hits: 1, confirmed: 0, dismissed: 0, missed: 0 },
      { ruleId: 'R3', category: 'threat', hits: 1, confirmed: 1, dismissed: 0, missed: 0 },
    ]);
    expect(d.topRules.byConfirmed.map((r) => r.ruleId)).toEqual(['R1', 'R3']);
  });

  it('counts cases opened, closed and their first-response SLA per week', async () => {
    const d = await json<Dash>('/api/dashboard');
    expect(d.cases).toEqual([
      { week: '2026-11-02', opened: 2, complaintOpened: 2, closed: 0, slaMet: 1, slaBreached: 1 },
      // Case 902 is still unanswered past its due time at the clock's now: breached.
      { week: '2026-11-09', opened: 1, complaintOpened: 0, closed: 1, slaMet: 0, slaBreached: 1 },
    ]);
  });

  it('shows QA throughput per verdict week and reviewer, and the backlog', async () => {
    const d = await json<Dash>('/api/dashboard');
    expect(d.qa).toEqual({
      weeks: [{ week: '2026-11-02', confirmed: 2, dismissed: 0, noted: 0, actedOn: 0 }, { week: '2026-11-09', confirmed: 0, dismissed: 1, noted: 0, actedOn: 0 }],
      reviewers: [{ reviewer: 'rev1', reviews: 2, confirmed: 2, dismissed: 0 }, { reviewer: 'rev2', reviews: 1, confirmed: 0, dismissed: 1 }],
      backlog: [{ week: '2026-11-02', unreviewed: 1 }, { week: '2026-11-09', unreviewed: 1 }],
      backlogTotal: 2,
    });
  });

  it('shows the engine mix and mean transcript quality', async () => {
    const d = await json<Dash>('/api/dashboard');
    expect(d.engines).toEqual([
      { week: '2026-11-02', engine: 'pocketsphinx', transcripts: 1, meanQuality: null, lowQuality: 0 },
      { week: '2026-11-02', engine: 'sidecar', transcripts: 1, meanQuality: 0.9, lowQuality: 0 },
      { week: '2026-11-02', engine: 'whisper', transcripts: 1, meanQuality: 0.8, lowQuality: 0 },
      { week: '2026-11-09', engine: 'whisper', transcripts: 1, meanQuality: 0.3, lowQuality: 1 },
    ]);
  });

  it('applies the filters: team (empty = no team), agent, language, date range', async () => {
    const byTeam = await json<Dash>('/api/dashboard?team=');
    expect(byTeam.violationRates.agent).toEqual([{ key: 'a2', calls: 1, flaggedCalls: 1, violationCalls: 0, confirmedFindings: 0, reviewedFindings: 0, missedFindings: 0 }]);
    const en = await json<Dash>('/api/dashboard?language=en-US');
    expect(en.topRules.byHits.map((r) => r.ruleId)).toEqual(['R3']);
    expect(en.cases).toEqual([{ week: '2026-11-02', opened: 1, complaintOpened: 1, closed: 0, slaMet: 0, slaBreached: 1 }]);
    const lastWeek = await json<Dash>('/api/dashboard?from=2026-11-11&to=2026-11-15');
    expect(lastWeek.findingsPerWeek).toEqual([{ week: '2026-11-09', category: 'abuse', severity: 'high', hits: 2, confirmed: 0, dismissed: 1, missed: 0 }]);
    const agent = await json<Dash>('/api/dashboard?agentId=a1');
    expect(agent.violationRates.bank).toEqual([{ key: 'BankA', calls: 2, flaggedCalls: 2, violationCalls: 1, confirmedFindings: 1, reviewedFindings: 2, missedFindings: 0 }]);
  });

  it("keeps to the user's banks whatever the query asks", async () => {
    const d = await json<Dash>('/api/dashboard', 'bankA');
    expect(d.violationRates.bank).toEqual([{ key: 'BankA', calls: 4, flaggedCalls: 3, violationCalls: 1, confirmedFindings: 1, reviewedFindings: 2, missedFindings: 0 }]);
    expect(d.topRules.byHits.map((r) => r.ruleId)).toEqual(['R1', 'R2']);
    expect(d.cases).toEqual([
      { week: '2026-11-02', opened: 1, complaintOpened: 1, closed: 0, slaMet: 1, slaBreached: 0 },
      { week: '2026-11-09', opened: 1, complaintOpened: 0, closed: 1, slaMet: 0, slaBreached: 1 },
    ]);
    const other = await json<Dash>('/api/dashboard?bank=BankB', 'bankA');
    expect(other.findingsPerWeek).toEqual([]);
    expect(other.violationRates.bank).toEqual([]);
    expect(other.cases).toEqual([]);
    const filters = await json<{ banks: string[]; agents: { id: string }[] }>('/api/dashboard/filters', 'bankA');
    expect(filters.banks).toEqual(['BankA']);
    expect(filters.agents.map((a) => a.id)).toEqual(['a1', 'a2']);
  });

  it('is for supervisors and compliance officers', async () => {
    expect((await get('/api/dashboard', 'qa_reviewer')).statusCode).toBe(403);
    expect((await get('/api/dashboard', 'compliance_officer')).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/api/dashboard' })).statusCode).toBe(401);
    expect((await get('/api/dashboard?from=last-week')).statusCode).toBe(400);
  });
});

describe('the calls behind a number', () => {
  const ids = async (url: string, role?: Parameters<typeof get>[1]) =>
    (await json<{ items: { callId: string }[]; total: number }>(url, role)).items.map((i) => i.callId).sort();

  it('lists the calls each figure counted', async () => {
    expect(await ids('/api/dashboard/calls?week=2026-11-09&category=abuse&severity=high')).toEqual(['d-c2', 'd-c5']);
    expect(await ids('/api/dashboard/calls?finding=confirmed')).toEqual(['d-c1', 'd-c4']);
    expect(await ids('/api/dashboard/calls?finding=violation')).toEqual(['d-c1', 'd-c4']);
    expect(await ids('/api/dashboard/calls?finding=confirmed&agentId=a1')).toEqual(['d-c1']);
    expect(await ids('/api/dashboard/calls?ruleId=R1&finding=dismissed')).toEqual(['d-c2']);
    expect(await ids('/api/dashboard/calls?team=&finding=any')).toEqual(['d-c5']);
    expect(await ids('/api/dashboard/calls?engine=whisper&lowQuality=true')).toEqual(['d-c2']);
    expect(await ids('/api/dashboard/calls?reviewer=rev1&reviewWeek=2026-11-02')).toEqual(['d-c1', 'd-c4']);
    expect(await ids('/api/dashboard/calls?caseWeek=2026-11-02&caseState=breached')).toEqual(['d-c4']);
    expect(await ids('/api/dashboard/calls?caseWeek=2026-11-09&caseState=closed')).toEqual(['d-c1']);
    expect(await ids('/api/dashboard/calls?week=2026-11-02&team=T2')).toEqual(['d-c3']);
  });

  it("keeps to the user's banks", async () => {
    expect(await ids('/api/dashboard/calls?finding=confirmed', 'bankA')).toEqual(['d-c1']);
    expect(await ids('/api/dashboard/calls?bank=BankB', 'bankA')).toEqual([]);
  });

  it('pages, saying whether another page follows', async () => {
    const first = await json<{ items: { callId: string }[]; hasMore: boolean }>('/api/dashboard/calls?limit=2&offset=0');
    expect(first.items.map((i) => i.callId)).toEqual(['d-c2', 'd-c5']);
    expect(first.hasMore).toBe(true);
    const last = await json<{ items: { callId: string }[]; hasMore: boolean }>('/api/dashboard/calls?limit=2&offset=4');
    expect(last.items.map((i) => i.callId)).toEqual(['d-c1']);
    expect(last.hasMore).toBe(false);
  });

  it('pages a week newest first, the probes of findings applied to the sorted week', async () => {
    const page = (offset: number) => json<{ items: { callId: string }[]; hasMore: boolean }>(`/api/dashboard/calls?week=2026-11-09&category=abuse&finding=any&limit=1&offset=${offset}`);
    const first = await page(0);
    const second = await page(1);
    expect([...first.items, ...second.items].map((i) => i.callId)).toEqual(['d-c2', 'd-c5']);
    expect([first.hasMore, second.hasMore]).toEqual([true, false]);
  });
});

describe('the agent scorecard', () => {
  type Card = {
    from: string; to: string; totals: Record<string, number>; weeks: { week: string; calls: number }[];
    categories: unknown[]; toListen: { callId: string }[]; cases: { id: number }[];
  };

  it('covers the last 12 weeks with the agent figures, categories, calls to listen to and cases', async () => {
    const card = await json<Card>('/api/agents/a1/scorecard');
    expect(card.from).toBe('2026-08-31');
    expect(card.to).toBe('2026-11-16');
    expect(card.weeks).toHaveLength(12);
    expect(card.weeks.filter((w) => w.calls > 0)).toEqual([
      { week: '2026-11-02', calls: 1, flaggedCalls: 1, violationCalls: 1, confirmedFindings: 1 },
      { week: '2026-11-09', calls: 1, flaggedCalls: 1, violationCalls: 0, confirmedFindings: 0 },
    ]);
    expect(card.totals).toEqual({ calls: 2, flaggedCalls: 2, violationCalls: 1, confirmedFindings: 1 });
    expect(card.categories).toEqual([{ category: 'abuse', confirmed: 1, hits: 2, missed: 0 }, { category: 'disclosure_missing', confirmed: 0, hits: 1, missed: 0 }]);
    expect(card.toListen.map((c) => c.callId).sort()).toEqual(['d-c1', 'd-c2']);
    // The complaint case first.
    expect(card.cases.map((c) => c.id)).toEqual([901, 902]);
  });

  it('answers an agent outside your banks like an unknown one', async () => {
    expect((await get('/api/agents/b1/scorecard', 'bankA')).statusCode).toBe(404);
    expect((await get('/api/agents/nobody/scorecard')).statusCode).toBe(404);
  });
});

describe('the rollups', () => {
  async function snapshot() {
    const out: Record<string, unknown[]> = {};
    for (const t of ['dash_call_weeks', 'dash_finding_weeks', 'dash_review_weeks', 'dash_transcript_weeks']) {
      const { rows } = await api.db.query(`SELECT * FROM ${t} WHERE ${t === 'dash_transcript_weeks' ? 'transcripts' : t === 'dash_review_weeks' ? 'reviews' : t === 'dash_call_weeks' ? 'calls' : 'hits'} <> 0 ORDER BY 1, 2, 3, 4, 5, 6`);
      out[t] = rows;
    }
    return out;
  }

  it('follow verdicts given in the app, moved and deleted calls, exactly as a rebuild counts', async () => {
    const { rows } = await api.db.query<{ id: number }>(`SELECT id FROM findings WHERE call_id = 'd-c5'`);
    const res = await api.request('supervisor', { method: 'PUT', url: `/api/findings/${rows[0]!.id}/verdict`, payload: { verdict: 'confirmed' } });
    expect(res.statusCode).toBe(200);
    const d = await json<Dash>('/api/dashboard?agentId=a2');
    expect(d.violationRates.agent).toEqual([{ key: 'a2', calls: 2, flaggedCalls: 1, violationCalls: 1, confirmedFindings: 1, reviewedFindings: 1, missedFindings: 0 }]);

    // A call moved to another agent takes its findings and transcript with it.
    await api.db.query(`UPDATE calls SET agent_id = 'a9' WHERE id = 'd-c3'`);
    // Two findings of one call in one statement: the call is flagged once.
    await api.db.query(
      `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms)
       VALUES ('d-c3', 'R4', '1', 'abuse', 'low', 'agent', 1, 2), ('d-c3', 'R5', '1', 'abuse', 'low', 'agent', 3, 4)`,
    );
    const after = await json<Dash>('/api/dashboard?agentId=a9');
    expect(after.violationRates.agent).toEqual([{ key: 'a9', calls: 1, flaggedCalls: 1, violationCalls: 0, confirmedFindings: 0, reviewedFindings: 0, missedFindings: 0 }]);
    await api.db.query(`DELETE FROM findings WHERE call_id = 'd-c3' AND rule_id = 'R4'`);
    await api.db.query(`UPDATE findings SET verdict = NULL, verdict_by = NULL, verdict_at = NULL WHERE call_id = 'd-c1' AND rule_id = 'R1'`);
    // Deleting a call (retention) takes away everything it counted.
    await api.db.query(`DELETE FROM case_calls WHERE call_id = 'd-c4'`);
    await api.db.query(`DELETE FROM calls WHERE id = 'd-c4'`);

    const incremental = await snapshot();
    expect(incremental.dash_call_weeks!.some((r) => (r as { agent_id: string }).agent_id === 'b1')).toBe(false);
    await api.db.query('SELECT dash_rebuild()');
    expect(await snapshot()).toEqual(incremental);
  });
});
