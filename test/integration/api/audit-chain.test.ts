import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '../../../src/api/audit-chain.ts';
import { auditVerifyCommand } from '../../../src/cli/audit-commands.ts';
import { connectDatabase, migrate } from '../../../src/store/index.ts';
import { insertAuditEvent } from '../../../src/store/review-app/audit-events.ts';
import { grantRuntimeRole } from '../../../src/store/runtime-role.ts';
import { useTestDatabase } from '../../helpers/db.ts';

/** Runs `callguard audit verify` in-process against `url`; returns its output and exit code. */
async function auditVerify(url: string): Promise<{ out: string; exitCode: number | undefined }> {
  const out: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const savedUrl = process.env.DATABASE_URL;
  const savedExit = process.exitCode;
  process.exitCode = undefined;
  try {
    process.env.DATABASE_URL = url;
    await auditVerifyCommand();
    return { out: out.join(''), exitCode: process.exitCode as number | undefined };
  } finally {
    write.mockRestore();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    process.exitCode = savedExit;
  }
}

describe('the audit log: a hash chain, and a runtime role that cannot rewrite it', () => {
  const t = useTestDatabase();
  const role = `cg_runtime_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    await t.db.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await t.db.query(`DROP ROLE IF EXISTS ${role}`);
  });
  const event = (i: number) => ({
    actor: 'supervisor', actorRole: 'supervisor', action: 'case.note', entityType: 'case', entityId: String(i),
    before: { 说明: '引号 " 反斜杠 \\ 换行\n', n: i }, after: { nested: { list: [1, 'two', null] } }, ip: '10.0.0.1',
  });

  it('chains every row to the one before it, also when many are written at once', async () => {
    for (let i = 1; i <= 5; i++) await insertAuditEvent(t.db, event(i));
    await Promise.all(Array.from({ length: 12 }, (_, i) => insertAuditEvent(t.db, event(100 + i))));
    await t.db.transaction(async (tx) => {
      await insertAuditEvent(tx, event(200));
      await insertAuditEvent(tx, { ...event(201), before: undefined, ip: null });
    });
    const result = await verifyAuditChain(t.db);
    expect(result).toMatchObject({ ok: true, rows: 19, head: { seq: '19' } });
    const v = await auditVerify(t.url);
    expect(v.exitCode).toBeUndefined();
    expect(v.out).toMatch(/audit chain intact: 19 rows, head seq 19 hash [0-9a-f]{64}/);
  });

  it('gives the runtime role INSERT and SELECT on the audit log, and nothing that could rewrite it', async () => {
    await t.db.query(`CREATE ROLE ${role} LOGIN`);
    await grantRuntimeRole(t.db, role);
    const url = new URL(t.url);
    url.username = role;
    const app = connectDatabase(url.toString(), { maxConnections: 2 });
    try {
      // The app starts as this role: migrate finds nothing to do and creates nothing.
      await migrate(app);
      await insertAuditEvent(app, event(300));
      const { rows } = await app.query<{ n: string }>('SELECT count(*) AS n FROM audit_events');
      expect(Number(rows[0]!.n)).toBe(20);
      // The rest of the app's tables are usable.
      await app.query(`INSERT INTO login_attempts (username, ip, success) VALUES ('x', '10.0.0.1', false)`);
      await expect(app.query(`UPDATE audit_events SET actor = 'someone else'`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`DELETE FROM audit_events`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`TRUNCATE audit_events`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`)).rejects.toThrow(/must be owner/);
      await expect(app.query(`DROP TABLE audit_events`)).rejects.toThrow(/must be owner/);
    } finally {
      await app.close();
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('reports the first broken link when the owner rewrites a row, even with its hash recomputed', async () => {
    const owner = t.db;
    const rewrite = async (sql: string) => {
      await owner.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
      try {
        await owner.query(sql);
      } finally {
        await owner.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
      }
    };
    await rewrite(`UPDATE audit_events SET after = '{"nested": "nothing to see"}' WHERE seq = 7`);
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: false, rows: 6, broken: { seq: '7', problem: 'hash' } });
    const v = await auditVerify(t.url);
    expect(v.exitCode).toBe(1);
    expect(v.out).toMatch(/audit chain broken at seq 7 \(id \d+\)/);
    // The row's own hash recomputed: the next row no longer follows it.
    await rewrite(`UPDATE audit_events a SET hash = audit_chain_hash(a) WHERE seq = 7`);
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: false, broken: { seq: '8', problem: 'link' } });
    // A row removed before it: a gap.
    await rewrite(`DELETE FROM audit_events WHERE seq = 3`);
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: false, rows: 2, broken: { seq: '4', problem: 'gap' } });
  });
});
