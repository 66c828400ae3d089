import { afterEach, describe, expect, it } from 'vitest';
import { buildRetentionPolicy, RetentionPolicyError } from '../../../src/domain/retention-policy.ts';
import { startRetentionSchedule, type RunningRetentionSchedule } from '../../../src/pipeline/operations/retention-schedule.ts';
import { createLogger } from '../../../src/logger.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

/**
 * The workers' daily purge: of several processes checking at once one claims the day in the
 * database, a failed run is tried again at the next check, an invalid policy purges nothing.
 */
const t = useTestDatabase();
const logger = createLogger('silent');
const HOUR = 3600_000;
// Ticks by hand only: a timer this long never fires while the test moves the clock by hours.
const NEVER = 10 * 365 * 24 * HOUR;
const running: RunningRetentionSchedule[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

async function seedDueCall(id: string): Promise<void> {
  await t.db.query(
    `INSERT INTO calls (id, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status, audio_sha256)
     VALUES ($1, 'A', 'b', 'B', 'outbound', '2020-01-01T00:00:00Z', 480, 'zh-CN', 'done', md5($1) || md5($1))`,
    [id],
  );
}

describe('retention schedule', () => {
  it('purges once per period across processes, and again when the period is over', async () => {
    const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
    const deleted: string[] = [];
    const schedule = (holder: string) => {
      const s = startRetentionSchedule({
        db: t.db, audio: { delete: async (sha) => void deleted.push(sha) }, loadPolicy: () => buildRetentionPolicy(undefined),
        logger, holder, periodMs: 24 * HOUR, checkEveryMs: NEVER, clock,
      });
      running.push(s);
      return s;
    };
    const a = schedule('host-a:1');
    const b = schedule('host-b:2');
    await seedDueCall('due-1');
    const [ta, tb] = await Promise.all([a.tick(), b.tick()]);
    expect([ta.outcome, tb.outcome].sort()).toEqual(['purged', 'skipped']);
    expect(deleted).toHaveLength(1);

    await seedDueCall('due-2');
    clock.advance(23 * HOUR);
    expect((await a.tick()).outcome).toBe('skipped');
    expect((await b.tick()).outcome).toBe('skipped');
    clock.advance(2 * HOUR);
    const next = await b.tick();
    expect(next).toMatchObject({ outcome: 'purged', report: { callsDeleted: 1 } });
    const { rows } = await t.db.query<{ holder: string; finished: boolean }>('SELECT holder, finished_at IS NOT NULL AS finished FROM retention_runs ORDER BY id');
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.finished)).toBe(true);
  });

  it('tries a failed run again at the next check, and purges nothing under an invalid policy', async () => {
    await t.db.query('DELETE FROM retention_runs');
    const clock = new ManualClock(new Date('2031-01-01T00:00:00Z'));
    let storeUp = false;
    let policyOk = false;
    const s = startRetentionSchedule({
      db: t.db,
      audio: { delete: async () => { if (!storeUp) throw new Error('object store unreachable'); } },
      loadPolicy: () => {
        if (!policyOk) throw new RetentionPolicyError(['retention.yaml: default.audio: 1y is below the legal minimum']);
        return buildRetentionPolicy(undefined);
      },
      logger, holder: 'host:1', periodMs: 24 * HOUR, checkEveryMs: NEVER, clock,
    });
    running.push(s);
    await seedDueCall('due-3');
    const invalid = await s.tick();
    expect(invalid.outcome).toBe('failed');
    expect((await t.db.query('SELECT 1 FROM retention_runs')).rowCount).toBe(0);

    policyOk = true;
    const failed = await s.tick();
    expect(failed).toMatchObject({ outcome: 'failed', error: { message: 'object store unreachable' } });
    storeUp = true;
    clock.advance(HOUR);
    expect(await s.tick()).toMatchObject({ outcome: 'purged', report: { callsDeleted: 1 } });
  });

  it('checks on its own timer', async () => {
    await t.db.query('DELETE FROM retention_runs');
    const clock = new ManualClock(new Date('2032-01-01T00:00:00Z'));
    await seedDueCall('due-4');
    const s = startRetentionSchedule({
      db: t.db, audio: { delete: async () => {} }, loadPolicy: () => buildRetentionPolicy(undefined),
      logger, holder: 'host:1', periodMs: 24 * HOUR, checkEveryMs: HOUR, clock,
    });
    running.push(s);
    // One round: asleep, an hour on, asleep again once the purge it woke for is over.
    await clock.step(HOUR);
    expect((await t.db.query('SELECT 1 FROM calls WHERE id = $1', ['due-4'])).rowCount).toBe(0);
  });
});
