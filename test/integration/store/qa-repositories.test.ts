import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/finding.ts';
import { repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';

const t = useTestDatabase();

/** Calls generated in SQL: status done, a recording, one agent per call id prefix. */
async function insertCalls(ids: string[], startedAt: string, opts: { status?: string; audio?: boolean } = {}): Promise<void> {
  await t.db.query(
    `INSERT INTO calls (id, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status, audio_sha256)
     SELECT id, split_part(id, '-', 1), 'bank-x', 'B-' || id, 'outbound', $2::timestamptz, 480, 'zh-CN', $3,
            CASE WHEN $4 THEN encode(sha256(id::bytea), 'hex') END
       FROM unnest($1::text[]) AS id`,
    [ids, startedAt, opts.status ?? 'done', opts.audio ?? true],
  );
}

const manual = (callId: string, over: Partial<Finding> = {}): Finding => ({
  callId, ruleId: 'manual.missed', ruleVersion: 'manual', title: 'missed threat', category: 'threat', severity: 'high',
  speaker: 'agent', startMs: 1200, endMs: 3400, quote: '你等着', matched: [], source: '', segmentIndex: 1, ...over,
});

describe('manual findings', () => {
  it('are stored confirmed by their author with origin manual, once per place, and count as misses of the rule they name', async () => {
    await insertCalls(['m1-1'], '2026-11-02T03:00:00Z');
    const r = repositories(t.db);
    const at = new Date('2026-11-03T10:00:00Z');
    const f = await r.findings.insertManual({ ...manual('m1-1'), createdBy: 'qa1', createdAt: at });
    expect(f).toMatchObject({ origin: 'manual', createdBy: 'qa1', verdict: 'confirmed', verdictBy: 'qa1', verdictAt: at, createdAt: at, ruleId: 'manual.missed' });
    expect(await r.findings.insertManual({ ...manual('m1-1'), createdBy: 'qa2', createdAt: at })).toBeNull();

    await r.findings.insertManual({ ...manual('m1-1', { ruleId: 'zh.threat.violence', ruleVersion: 'v3' }), createdBy: 'qa1', createdAt: at });
    await r.findings.upsertMany([{ ...manual('m1-1'), ruleId: 'zh.threat.violence', ruleVersion: 'v3', startMs: 9000, endMs: 9500, segmentIndex: 4 }]);
    const stats = await r.findings.verdictStats();
    expect(stats).toContainEqual({ ruleId: 'zh.threat.violence', ruleVersion: 'v3', confirmed: 0, dismissed: 0, unreviewed: 1, missed: 1 });
    const listed = await r.findings.listByCall('m1-1');
    expect(listed.map((x) => x.origin).sort()).toEqual(['manual', 'manual', 'rule']);
  });

  it('are refused by the database without an author, and verdicts outside the four kinds are refused', async () => {
    await insertCalls(['m2-1'], '2026-11-02T03:00:00Z');
    await expect(t.db.query(
      `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, origin)
       VALUES ('m2-1', 'manual.missed', 'manual', 'abuse', 'low', 'agent', 0, 1, 'manual')`,
    )).rejects.toThrow(/findings_manual_has_author/);
    const [f] = await repositories(t.db).findings.upsertMany([{ ...manual('m2-1'), category: 'complaint_risk' }]);
    const noted = await repositories(t.db).findings.setVerdict(f!.id, { verdict: 'acted_on', by: 'qa1' });
    expect(noted?.verdict).toBe('acted_on');
    await expect(t.db.query(`UPDATE findings SET verdict = 'maybe' WHERE id = $1`, [f!.id])).rejects.toThrow(/findings_verdict_check/);
  });
});

describe('QA samples', () => {
  it('lists as candidates only the done, recorded, unflagged calls of the week', async () => {
    // Weeks in the deployment's week time zone, Asia/Shanghai by default (UTC+8).
    await insertCalls(['s1-a', 's1-b'], '2026-11-09T01:00:00Z'); // Monday of the week
    await insertCalls(['s1-early'], '2026-11-08T16:00:00Z'); // Monday 00:00 in Shanghai, still Sunday in UTC
    await insertCalls(['s1-before'], '2026-11-08T15:59:00Z'); // Sunday 23:59 in Shanghai: the week before
    await insertCalls(['s1-c'], '2026-11-15T15:59:00Z'); // Sunday, last minute of the week in Shanghai
    await insertCalls(['s1-next'], '2026-11-15T16:00:00Z'); // next week
    await insertCalls(['s1-busy'], '2026-11-10T01:00:00Z', { status: 'scanned' });
    await insertCalls(['s1-cdr'], '2026-11-10T01:00:00Z', { audio: false });
    await insertCalls(['s1-flag'], '2026-11-10T01:00:00Z');
    await repositories(t.db).findings.upsertMany([manual('s1-flag')]);
    const c = await repositories(t.db).qaSamples.candidates('2026-11-09');
    expect(c).toEqual([{ callId: 's1-a', agentId: 's1' }, { callId: 's1-b', agentId: 's1' }, { callId: 's1-c', agentId: 's1' }, { callId: 's1-early', agentId: 's1' }]);
  });

  it('records a week once, keeps a sampled call once, and a violation outcome is not undone by a later clean', async () => {
    await insertCalls(['s2-a', 's2-b'], '2026-11-23T05:00:00Z');
    const r = repositories(t.db).qaSamples;
    const draw = { weekStart: '2026-11-23', seed: 'x', percent: 2, minimum: 1, candidates: 2, sampled: 1, drawnAt: new Date('2026-11-30T01:00:00Z'), drawnBy: 'system' };
    expect(await r.recordDraw(draw)).toBe(true);
    expect(await r.recordDraw({ ...draw, seed: 'y' })).toBe(false);
    expect((await r.getDraw('2026-11-23'))?.seed).toBe('x');
    await expect(r.recordDraw({ ...draw, weekStart: '2026-11-24' })).rejects.toThrow(/check/);

    expect(await r.insertMany('2026-11-23', [{ callId: 's2-a', agentId: 's2' }], draw.drawnAt)).toBe(1);
    expect(await r.insertMany('2026-11-23', [{ callId: 's2-a', agentId: 's2' }, { callId: 's2-b', agentId: 's2' }], draw.drawnAt)).toBe(1);
    expect((await r.listWeek('2026-11-23', ['bank-x'])).map((s) => s.callId)).toEqual(['s2-a', 's2-b']);
    expect(await r.listWeek('2026-11-23', ['bank-y'])).toEqual([]);

    const v = await r.setOutcome('s2-a', { outcome: 'violation', by: 'qa1', at: new Date('2026-12-01T00:00:00Z') });
    expect(v).toMatchObject({ outcome: 'violation', reviewedBy: 'qa1' });
    const after = await r.setOutcome('s2-a', { outcome: 'clean', by: 'qa2', at: new Date('2026-12-02T00:00:00Z') });
    expect(after).toMatchObject({ outcome: 'violation', reviewedBy: 'qa1' });
    expect(await r.setOutcome('nope', { outcome: 'clean', by: 'qa2', at: new Date() })).toBeNull();
  });
});
