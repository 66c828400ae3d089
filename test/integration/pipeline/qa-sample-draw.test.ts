import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { drawWeekSample } from '../../../src/pipeline/operations/qa-sample-draw.ts';
import { startQaSampleSchedule } from '../../../src/pipeline/operations/qa-sample-schedule.ts';
import type { Db } from '../../../src/store/index.ts';
import { CLI_TEST_TIMEOUT_MS } from '../../helpers/cli-timeout.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { runCliProcess } from './pipeline-helpers.ts';

/** The weekly draw against PostgreSQL: once per week under concurrency, the periodic job, and the CLI. */
const t = useTestDatabase();
const settings = { percent: 10, minimum: 2 };

/** n done, recorded, unflagged calls of one agent at `at`, generated in SQL. */
async function calls(prefix: string, agent: string, n: number, at: string): Promise<void> {
  await t.db.query(
    `INSERT INTO calls (id, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status, audio_sha256)
     SELECT $1 || g, $2, 'bank-x', 'B' || g, 'outbound', $4::timestamptz + g * interval '1 minute', 480, 'zh-CN', 'done',
            encode(sha256(convert_to($1 || g, 'UTF8')), 'hex')
       FROM generate_series(1, $3::int) g`,
    [prefix, agent, n, at],
  );
}

describe('the weekly QA sample', () => {
  it('is drawn once when two draws of the week race, both answering the same calls', async () => {
    await calls('r-a-', 'A', 30, '2026-11-02T01:00:00Z');
    await calls('r-b-', 'B', 5, '2026-11-03T01:00:00Z');
    const now = new Date('2026-11-10T00:00:00Z');
    const [x, y] = await Promise.all([
      drawWeekSample(t.db, { weekStart: '2026-11-02', settings, by: 'sup1', now }),
      drawWeekSample(t.db, { weekStart: '2026-11-02', settings, by: 'sup2', now }),
    ]);
    expect([x.drawn, y.drawn].sort()).toEqual([false, true]);
    expect([...x.callIds].sort()).toEqual([...y.callIds].sort());
    expect(x.callIds.filter((c) => c.startsWith('r-a-'))).toHaveLength(3); // 10 % of 30
    expect(x.callIds.filter((c) => c.startsWith('r-b-'))).toHaveLength(2); // the minimum
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM qa_samples WHERE week_start = '2026-11-02'`);
    expect(rows[0]!.n).toBe(5);
  });

  it('is drawn by the periodic job for the last complete week, once, and again when a new week has ended', async () => {
    await calls('p1-', 'P', 4, '2026-11-16T05:00:00Z');
    await calls('p2-', 'P', 4, '2026-11-23T05:00:00Z');
    const clock = new ManualClock(Date.parse('2026-11-24T09:00:00Z'));
    const schedule = startQaSampleSchedule({ db: t.db, settings, logger: pino({ level: 'silent' }), intervalMs: 3600_000, clock });
    try {
      const first = await schedule.tick();
      // The loop's own first tick may have drawn it already: either way the week is drawn exactly once.
      expect(['drawn', 'already']).toContain(first.outcome);
      const again = await schedule.tick();
      expect(again.outcome).toBe('already');
      if (again.outcome !== 'failed') expect(again.result.draw.weekStart).toBe('2026-11-16');
      clock.advance(7 * 86_400_000);
      const next = await schedule.tick();
      expect(next.outcome === 'drawn' || next.outcome === 'already').toBe(true);
      if (next.outcome !== 'failed') expect(next.result.callIds.every((c) => c.startsWith('p2-'))).toBe(true);
      const { rows } = await t.db.query<{ week: string; by: string }>(
        `SELECT to_char(week_start, 'YYYY-MM-DD') AS week, drawn_by AS by FROM qa_sample_draws WHERE week_start >= '2026-11-16' ORDER BY 1`,
      );
      expect(rows).toEqual([{ week: '2026-11-16', by: 'system' }, { week: '2026-11-23', by: 'system' }]);
    } finally {
      await schedule.stop();
    }
  });

  it('logs a failed tick and keeps going (the database away)', async () => {
    const refused = () => Promise.reject(new Error('connection refused'));
    const broken = { query: refused, transaction: refused } as unknown as Db;
    const schedule = startQaSampleSchedule({ db: broken, settings, logger: pino({ level: 'silent' }), intervalMs: 3600_000, clock: new ManualClock() });
    try {
      const tick = await schedule.tick();
      expect(tick.outcome).toBe('failed');
      if (tick.outcome === 'failed') expect(tick.error.message).toBe('connection refused');
    } finally {
      await schedule.stop();
    }
  });

  it('is drawn on demand by `callguard qa sample`, which reports a week already drawn and refuses a day that is not a Monday', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    await calls('c-', 'C', 3, '2026-10-26T05:00:00Z');
    const env = { DATABASE_URL: t.url, USER: 'ops' };
    const first = await runCliProcess(['qa', 'sample', '--week', '2026-10-26', '--seed', 's1'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^drew week of 2026-10-26: 2 of 3 unflagged calls \(2 %, at least 2 per agent, seed s1\)/);
    expect(first.stdout.trim().split('\n').filter((l) => l.startsWith('c-'))).toHaveLength(2);
    const again = await runCliProcess(['qa', 'sample', '--week', '2026-10-26'], env);
    expect(again.stdout).toMatch(/^already drawn by cli:ops at .*: 2 of 3/);
    const bad = await runCliProcess(['qa', 'sample', '--week', '2026-10-27'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/give the Monday/);
  });
});
