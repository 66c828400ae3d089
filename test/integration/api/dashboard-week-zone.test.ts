import { beforeAll, describe, expect, it } from 'vitest';
import { getWeekTimeZone, setWeekTimeZone } from '../../../src/store/index.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { useApi } from './api-test-kit.ts';

/**
 * The week boundary follows the deployment's week time zone (schema 128), everywhere a week is
 * counted: the rollups, the figures read from tables, the drill-down, the scorecard's weeks and the
 * QA sample. Two calls six and a half hours apart: Sunday 23:30 in Shanghai (15:30 UTC) and Monday
 * 07:00 in Shanghai (Sunday 23:00 UTC). In Shanghai weeks they fall in different weeks; in UTC
 * weeks both are Sunday, the same week.
 */
// Monday 2026-11-30 07:30 in Shanghai, still Sunday in UTC.
const clock = new ManualClock(Date.parse('2026-11-29T23:30:00Z'));
const api = useApi({ deps: { clock }, api: { qaSampling: { percent: 100, minimum: 1, claimMinutes: 30 } } });

const SUNDAY_LATE = '2026-11-29T15:30:00Z';
const MONDAY_EARLY = '2026-11-29T23:00:00Z';

beforeAll(async () => {
  await api.db.query(
    `INSERT INTO calls (id, agent_id, agent_name, team, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status, audio_sha256)
     VALUES ('w-sun', 'wa', '王芳', 'WT', 'WeekBank', 'W-1', 'outbound', $1, 480, 'zh-CN', 'done', repeat('a', 64)),
            ('w-mon', 'wa', '王芳', 'WT', 'WeekBank', 'W-2', 'outbound', $2, 480, 'zh-CN', 'done', repeat('b', 64)),
            ('w-sun-quiet', 'wa', '王芳', 'WT', 'WeekBank', 'W-3', 'outbound', $1::timestamptz + interval '1 minute', 480, 'zh-CN', 'done', repeat('c', 64)),
            ('w-mon-quiet', 'wa', '王芳', 'WT', 'WeekBank', 'W-4', 'outbound', $2::timestamptz + interval '1 minute', 480, 'zh-CN', 'done', repeat('d', 64))`,
    [SUNDAY_LATE, MONDAY_EARLY],
  );
  // A verdict five minutes after each call: the verdicts fall in the calls' weeks.
  await api.db.query(
    `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote, verdict, verdict_by, verdict_at)
     SELECT c.id, 'R-W', '1', 'abuse', 'high', 'agent', 0, 1000, '', 'confirmed', 'rev-w', c.started_at + interval '5 minutes'
       FROM calls c WHERE c.id IN ('w-sun', 'w-mon')`,
  );
  await api.db.query(
    `INSERT INTO cases (id, kind, bank, borrower_id, status, opened_reason, opened_at, sla_due_at)
       OVERRIDING SYSTEM VALUE
     VALUES (951, 'risk', 'WeekBank', 'W-1', 'open', 'risk_threshold', $1, $1::timestamptz + interval '1 day'),
            (952, 'risk', 'WeekBank', 'W-2', 'open', 'risk_threshold', $2, $2::timestamptz + interval '1 day')`,
    [SUNDAY_LATE, MONDAY_EARLY],
  );
  await api.db.query(`INSERT INTO case_calls (case_id, call_id, added_by) VALUES (951, 'w-sun', 'triage'), (952, 'w-mon', 'triage')`);
});

async function json<T>(url: string): Promise<T> {
  const res = await api.request('supervisor', { method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}
const ids = async (url: string) => (await json<{ items: { callId: string }[] }>(url)).items.map((i) => i.callId).sort();
type Dash = {
  findingsPerWeek: Array<{ week: string; hits: number }>;
  cases: Array<{ week: string; opened: number }>;
  qa: { weeks: Array<{ week: string; confirmed: number }> };
};
const RANGE = 'bank=WeekBank&from=2026-11-16&to=2026-12-06';

/** The rollup tables as rows, to compare what the triggers kept with a rebuild from scratch. */
async function rollups(): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const t of ['dash_call_weeks', 'dash_finding_weeks', 'dash_review_weeks', 'dash_transcript_weeks']) {
    const { rows } = await api.db.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6`);
    out.push(t, rows.map((r) => JSON.stringify(r)).sort());
  }
  return out;
}

describe('weeks in Asia/Shanghai (the default)', () => {
  it('is the default zone', async () => {
    expect(await getWeekTimeZone(api.db)).toBe('Asia/Shanghai');
  });

  it('puts Sunday 23:30 and Monday 07:00 Shanghai time in different weeks: findings, verdicts and cases', async () => {
    const d = await json<Dash>(`/api/dashboard?${RANGE}`);
    expect(d.findingsPerWeek.map((r) => [r.week, r.hits])).toEqual([['2026-11-23', 1], ['2026-11-30', 1]]);
    expect(d.qa.weeks.map((r) => [r.week, r.confirmed])).toEqual([['2026-11-23', 1], ['2026-11-30', 1]]);
    expect(d.cases.map((r) => [r.week, r.opened])).toEqual([['2026-11-23', 1], ['2026-11-30', 1]]);
  });

  it('lists the same calls behind each week in the drill-down', async () => {
    expect(await ids('/api/dashboard/calls?week=2026-11-23&finding=any')).toEqual(['w-sun']);
    expect(await ids('/api/dashboard/calls?week=2026-11-30&finding=any')).toEqual(['w-mon']);
    expect(await ids('/api/dashboard/calls?week=2026-11-30&bank=WeekBank')).toEqual(['w-mon', 'w-mon-quiet']);
    expect(await ids('/api/dashboard/calls?reviewer=rev-w&reviewWeek=2026-11-30')).toEqual(['w-mon']);
    expect(await ids('/api/dashboard/calls?caseWeek=2026-11-23&caseState=opened')).toEqual(['w-sun']);
    // The dashboard's date range selects weeks the same way: only the Shanghai week of 2026-11-30.
    expect(await ids('/api/dashboard/calls?from=2026-11-30&to=2026-11-30&finding=any')).toEqual(['w-mon']);
  });

  it("ends the scorecard's 12 weeks with this week in Shanghai, Monday already", async () => {
    const card = await json<{ from: string; to: string; weeks: Array<{ week: string; calls: number }> }>('/api/agents/wa/scorecard');
    expect([card.from, card.to]).toEqual(['2026-09-14', '2026-11-30']);
    expect(card.weeks).toHaveLength(12);
    expect(card.weeks.slice(-2).map((w) => [w.week, w.calls])).toEqual([['2026-11-23', 2], ['2026-11-30', 2]]);
  });

  it('draws the last complete Shanghai week as the QA sample, with only its unflagged calls', async () => {
    const res = await api.request('supervisor', { method: 'POST', url: '/api/qa/samples/draw', payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ drawn: true, draw: { weekStart: '2026-11-23', candidates: 1 }, callIds: ['w-sun-quiet'] });
    const overview = await json<{ weekStart: string; sampled: number; agentConfirmed: number }>('/api/qa/overview');
    expect(overview).toMatchObject({ weekStart: '2026-11-23', sampled: 1, agentConfirmed: 1 });
    // The current week has not ended in Shanghai.
    const early = await api.request('supervisor', { method: 'POST', url: '/api/qa/samples/draw', payload: { week: '2026-12-07' } });
    expect(early.statusCode).toBe(422);
  });
});

describe('changing the zone to UTC', () => {
  it('refuses an unknown zone and changes nothing', async () => {
    await expect(setWeekTimeZone(api.db, 'Mars/Olympus', 'cli:test')).rejects.toThrow(/time zone/);
    expect(await getWeekTimeZone(api.db)).toBe('Asia/Shanghai');
  });

  it('moves both calls into the UTC week they share, rollups and queries alike', async () => {
    await setWeekTimeZone(api.db, 'UTC', 'cli:test');
    expect(await getWeekTimeZone(api.db)).toBe('UTC');
    const d = await json<Dash>(`/api/dashboard?${RANGE}`);
    expect(d.findingsPerWeek.map((r) => [r.week, r.hits])).toEqual([['2026-11-23', 2]]);
    expect(d.qa.weeks.map((r) => [r.week, r.confirmed])).toEqual([['2026-11-23', 2]]);
    expect(d.cases.map((r) => [r.week, r.opened])).toEqual([['2026-11-23', 2]]);
    expect(await ids('/api/dashboard/calls?week=2026-11-23&finding=any')).toEqual(['w-mon', 'w-sun']);
    expect(await ids('/api/dashboard/calls?week=2026-11-30&finding=any')).toEqual([]);
    // Still Sunday in UTC: the scorecard ends with the week of 2026-11-23.
    const card = await json<{ to: string }>('/api/agents/wa/scorecard');
    expect(card.to).toBe('2026-11-23');
  });

  it('keeps the rollups equal to a rebuild as the triggers count new writes in the new zone', async () => {
    await api.db.query(
      `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote)
       VALUES ('w-mon-quiet', 'R-W2', '1', 'threat', 'high', 'agent', 0, 1000, '')`,
    );
    await api.db.query(`UPDATE findings SET verdict = 'dismissed', verdict_by = 'rev-w', verdict_at = $1 WHERE rule_id = 'R-W2'`, [MONDAY_EARLY]);
    await api.db.query(`UPDATE calls SET started_at = started_at + interval '2 hours' WHERE id = 'w-sun'`);
    const kept = await rollups();
    await api.db.query('SELECT dash_rebuild()');
    expect(await rollups()).toEqual(kept);
    await setWeekTimeZone(api.db, 'Asia/Shanghai', 'cli:test');
  });
});
