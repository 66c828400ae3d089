import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/api/audit-chain.ts';
import { connectDatabase } from '../../../src/store/index.ts';
import { purgeAuditPrefix } from '../../../src/store/retention/retention-sql.ts';
import { grantRuntimeRole } from '../../../src/store/runtime-role.ts';
import { useTestDatabase } from '../../helpers/db.ts';

/**
 * Purging the audit log's oldest rows (migration 146): only a prefix of the chain, never the newest
 * row, never a row younger than a year; a checkpoint keeps the last purged row's hash so the chain
 * still verifies; and only the purge function can do it, never the runtime role directly.
 */
const t = useTestDatabase();
const role = `cg_runtime_${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  await t.db.query(`DROP OWNED BY ${role}`).catch(() => undefined);
  await t.db.query(`DROP ROLE IF EXISTS ${role}`);
});

async function event(at: string, i: number): Promise<void> {
  await t.db.query(
    `INSERT INTO audit_events (at, actor, action, entity_type, entity_id, after) VALUES ($1, 'sup', 'case.note', 'case', $2, '{"n": 1}')`,
    [at, String(i)],
  );
}

describe('audit log purge', () => {
  it('removes the oldest rows in steps, leaves a checkpoint the chain verifies from, and records itself in the chain', async () => {
    for (let i = 1; i <= 6; i++) await event(`2020-01-0${i}T00:00:00Z`, i);
    await event('2026-01-01T00:00:00Z', 7); // not due: stops the prefix
    await event('2020-02-01T00:00:00Z', 8); // due by date, but after a row that is not: stays (prefix only)
    await event(new Date().toISOString(), 9);

    expect(await purgeAuditPrefix(t.db, new Date('2022-01-01T00:00:00Z'), 4, 'system:retention')).toEqual({ purged: 4, throughSeq: 4 });
    expect(await purgeAuditPrefix(t.db, new Date('2022-01-01T00:00:00Z'), 4, 'system:retention')).toEqual({ purged: 2, throughSeq: 6 });
    expect(await purgeAuditPrefix(t.db, new Date('2022-01-01T00:00:00Z'), 4, 'system:retention')).toEqual({ purged: 0, throughSeq: null });

    const { rows } = await t.db.query<{ seq: number; action: string }>('SELECT seq, action FROM audit_events ORDER BY seq');
    expect(rows.map((r) => r.seq)).toEqual([7, 8, 9, 10, 11]);
    expect(rows.slice(3).map((r) => r.action)).toEqual(['retention.purge_audit', 'retention.purge_audit']);
    const { rows: purgeEvent } = await t.db.query<{ after: { throughSeq: number; checkpointHash: string } }>(
      `SELECT after FROM audit_events WHERE seq = 11`,
    );
    const { rows: cp } = await t.db.query<{ hash: string }>('SELECT hash FROM audit_chain_checkpoints WHERE seq = 6');
    expect(purgeEvent[0]!.after).toMatchObject({ throughSeq: 6, checkpointHash: cp[0]!.hash });

    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 5, head: { seq: '11' }, checkpoint: { seq: '6' } });
  });

  it('never purges a row younger than a year, nor the newest row, whatever cutoff it is given', async () => {
    await t.db.query(`INSERT INTO audit_events (at, actor, action, entity_type, entity_id) VALUES (now() - interval '11 months', 'sup', 'case.note', 'case', '12')`);
    const young = async () => (await t.db.query<{ seq: number }>(`SELECT seq FROM audit_events WHERE at > now() - interval '1 year' ORDER BY seq`)).rows;
    const before = await young();
    const head = (await t.db.query<{ seq: number }>('SELECT max(seq) AS seq FROM audit_events')).rows[0]!.seq;
    await purgeAuditPrefix(t.db, new Date('2100-01-01T00:00:00Z'), 1000, 'system:retention');
    const after = (await young()).map((r) => r.seq);
    for (const r of before) expect(after).toContain(r.seq);
    expect((await t.db.query('SELECT 1 FROM audit_events WHERE seq = $1', [head])).rowCount).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('notices a row removed after the checkpoint', async () => {
    await t.db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
    try {
      await t.db.query('DELETE FROM audit_events WHERE seq = (SELECT min(seq) FROM audit_events)');
    } finally {
      await t.db.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
    }
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, broken: { problem: 'gap' } });
  });

  it('lets the runtime role purge only through the function: no direct delete, no forged checkpoint, no case history removed', async () => {
    await t.db.query(`CREATE ROLE ${role} LOGIN`);
    await grantRuntimeRole(t.db, role);
    const url = new URL(t.url);
    url.username = role;
    const app = connectDatabase(url.toString(), { maxConnections: 1 });
    try {
      await app.query(`INSERT INTO cases (bank, borrower_id, opened_reason, sla_due_at) VALUES ('b', 'x', 'manual', now())`);
      await app.query(`INSERT INTO case_events (case_id, actor, kind) SELECT max(id), 'sup', 'opened' FROM cases`);
      await app.transaction(async (tx) => {
        await tx.query(`SELECT set_config('callguard.retention_purge', 'on', true)`);
        await expect(tx.query('DELETE FROM audit_events')).rejects.toThrow(/permission denied/);
      });
      await app.transaction(async (tx) => {
        await tx.query(`SELECT set_config('callguard.retention_purge', 'on', true)`);
        await expect(tx.query('DELETE FROM case_events')).rejects.toThrow(/append-only/);
      });
      await expect(app.query(`INSERT INTO audit_chain_checkpoints (seq, hash, rows_purged, cutoff) VALUES (999, 'x', 1, now())`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`SELECT * FROM retention_purge_audit('2000-01-01', 10, 'system:retention')`)).resolves.toBeDefined();
    } finally {
      await app.close();
    }
  });
});
