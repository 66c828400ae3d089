import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/api/audit-chain.ts';
import { DEFAULT_API_OPTIONS } from '../../../src/api/api-deps.ts';
import { buildServer } from '../../../src/api/server.ts';
import { createLogger } from '../../../src/logger.ts';
import { verifyStoredAudio } from '../../../src/store/audio-store.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import { migrate, repositories } from '../../../src/store/index.ts';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { PASSWORD, useApi } from '../api/api-test-kit.ts';

/**
 * The restore drill of docs/operations.md ("Backup and restore"), as a test: pg_dump (custom format)
 * of a database with cases, calls, findings, holds and an audit chain; pg_restore into a new empty
 * database; a copy of the audio directory; then the app on the restored database serves the same
 * cases, the audit chain verifies to the same head, and every recording still hashes to its name.
 */
const run = promisify(execFile);
const scratch = await mkdtemp(path.join(tmpdir(), 'callguard-backup-'));
let restored: TestDatabase | undefined;
let restoredApp: FastifyInstance | undefined;
afterAll(async () => {
  await restoredApp?.close();
  await restored?.drop();
  await rm(scratch, { recursive: true, force: true });
});

describe('backup and restore', () => {
  // One clock for both servers: the cases' SLA figures are computed at "now".
  const clock = new ManualClock(new Date('2026-03-05T00:00:00Z'));
  const api = useApi({ deps: { clock } });

  it('restores a dump into a fresh database, and the app serves the same cases from it', async () => {
    const store = new DirectoryAudioStore(path.join(scratch, 'audio'));
    const { sha256 } = await store.putStream(Readable.from([Buffer.from('RIFF a recording worth keeping')]));
    const repos = repositories(api.db);
    await repos.calls.insertIfNew({
      meta: { id: 'call-1', agentId: '8107', borrowerId: 'B-1', bank: '招商银行', startedAt: '2026-03-03T10:05:00+08:00', direction: 'outbound', firstContact: true, language: 'zh-CN' },
      source: 'recording', audioSha256: sha256, audioFormat: 'wav', audioBytes: 30,
    });
    const openedAt = new Date('2026-03-03T03:00:00Z');
    const kase = (await repos.cases.insertOpen({ bank: '招商银行', borrowerId: 'B-1', openedReason: 'complaint', riskScore: 8, openedAt, slaDueAt: new Date(openedAt.getTime() + 86_400_000) }))!;
    await api.db.query(`INSERT INTO case_calls (case_id, call_id, added_by) VALUES ($1, 'call-1', 'triage')`, [kase.id]);
    await repos.complaints.insert({ caseId: kase.id, bank: '招商银行', borrowerId: 'B-1', channel: 'bank', receivedAt: openedAt, content: '投诉催收员辱骂', createdBy: 'supervisor' });
    const note = await api.request('supervisor', { method: 'POST', url: `/api/cases/${kase.id}/legal-holds`, payload: { reason: 'regulator inquiry 2026-03' } });
    expect(note.statusCode, note.body).toBe(200);

    const read = async (app: { inject: FastifyInstance['inject'] }, cookie: string) => {
      const get = async (url: string) => {
        const r = await app.inject({ method: 'GET', url, headers: { cookie } });
        expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
        return r.json() as unknown;
      };
      return { list: await get('/api/cases'), detail: await get(`/api/cases/${kase.id}`), holds: await get(`/api/cases/${kase.id}/legal-holds`) };
    };
    const before = await read(api.app, (await api.as('supervisor')).cookie);
    const chainBefore = await verifyAuditChain(api.db);
    expect(chainBefore.ok).toBe(true);

    // The backup: a consistent snapshot of the database (pg_dump runs in one repeatable-read
    // transaction), then the audio directory (content-addressed: a copy made after the dump holds
    // every recording the dump names).
    const dump = path.join(scratch, 'callguard.dump');
    const source = new URL(ADMIN_URL);
    source.pathname = `/${(await api.db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name}`;
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, source.toString()], { timeout: 60_000 });
    await cp(path.join(scratch, 'audio'), path.join(scratch, 'audio-backup'), { recursive: true });

    // The restore: a new empty database, pg_restore in one transaction, the audio copied back.
    restored = await createTestDatabase({ migrated: false });
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${restored.url}`, dump], { timeout: 60_000 });
    expect((await migrate(restored.db)).applied).toEqual([]);

    restoredApp = await buildServer({
      db: restored.db, logger: createLogger('silent'), locateAudio: async () => undefined, clock,
      options: { ...DEFAULT_API_OPTIONS, checkResponses: true },
    });
    // Accounts and password hashes come back with the rest: the same sign-in works.
    const login = await restoredApp.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = `cg_session=${login.cookies.find((c) => c.name === 'cg_session')!.value}`;
    const after = await read(restoredApp, cookie);
    expect(after).toEqual(before);
    expect(after.holds).toMatchObject({ held: true });

    // The restored audit chain verifies, and reaches the head the original had at dump time.
    const chainAfter = await verifyAuditChain(restored.db);
    expect(chainAfter).toMatchObject({ ok: true });
    const { rows } = await restored.db.query<{ hash: string }>('SELECT hash FROM audit_events WHERE seq = $1', [(chainBefore as { head: { seq: string } }).head.seq]);
    expect(rows[0]!.hash).toBe((chainBefore as { head: { hash: string } }).head!.hash);

    const restoredStore = new DirectoryAudioStore(path.join(scratch, 'audio-backup'));
    const { rows: shas } = await restored.db.query<{ sha: string }>('SELECT audio_sha256 AS sha FROM calls WHERE audio_sha256 IS NOT NULL');
    expect(shas).toHaveLength(1);
    for (const { sha } of shas) expect(await verifyStoredAudio(restoredStore, sha)).toBe(true);
  });

  it('refuses to restore into a database that is not empty, changing nothing there', async () => {
    const dump = path.join(scratch, 'callguard.dump');
    const target = await createTestDatabase();
    try {
      const before = (await target.db.query('SELECT count(*)::int AS n FROM migrations')).rows[0];
      await expect(run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${target.url}`, dump], { timeout: 60_000 }))
        .rejects.toThrow(/already exists/);
      expect((await target.db.query('SELECT count(*)::int AS n FROM migrations')).rows[0]).toEqual(before);
      expect((await target.db.query('SELECT count(*)::int AS n FROM cases')).rows[0]).toEqual({ n: 0 });
    } finally {
      await target.drop();
    }
  });
});
