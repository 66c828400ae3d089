import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, migrate, openDatabase, repositories, type Db } from '../../../src/store/index.ts';

/**
 * The embedded mode: PGlite under a data directory, served through pglite-socket, driven by the
 * same `pg` code, migrations and repositories as the server. One data directory for the file
 * (creating one costs seconds).
 */
let dataDir: string;
let db: Db;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'callguard-embedded-'));
  db = await openDatabase({ DATABASE_URL: undefined, CALLGUARD_DATA_DIR: dataDir });
});
afterAll(async () => {
  await db?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('embedded database', () => {
  it('runs the migrations and the repositories', async () => {
    expect(db.mode).toBe('embedded');
    const first = await migrate(db);
    expect(first.applied.length).toBeGreaterThan(0);
    expect((await migrate(db)).applied).toEqual([]);

    const r = repositories(db);
    const meta = { id: 'e1', agentId: 'A', borrowerId: 'B', bank: 'X', startedAt: '2026-03-01T21:30:00+08:00', direction: 'outbound' as const, firstContact: true, language: 'zh-CN' as const };
    expect((await r.calls.insertIfNew({ meta, source: 'recording', audioSha256: 'b'.repeat(64) }))?.startedAt).toBe(meta.startedAt);
    expect(await r.calls.insertIfNew({ meta: { ...meta, id: 'e2' }, source: 'recording', audioSha256: 'b'.repeat(64) })).toBeNull();
    const f = { callId: 'e1', ruleId: 'r', ruleVersion: 'v1', title: 't', category: 'abuse' as const, severity: 'high' as const, speaker: 'agent' as const, startMs: 0, endMs: 10, quote: 'q', matched: ['a'], source: 's', segmentIndex: 0 };
    expect(await r.findings.upsertMany([f])).toHaveLength(1);
    expect(await r.findings.upsertMany([f])).toHaveLength(0);
    const c = await r.cases.insertOpen({ bank: 'X', borrowerId: 'B', openedReason: 'manual', riskScore: 1, openedAt: new Date(), slaDueAt: new Date() });
    const e = await r.caseEvents.append({ caseId: c!.id, actor: 'x', kind: 'note' });
    await expect(db.query('DELETE FROM case_events WHERE id = $1', [e.id])).rejects.toThrow(/append-only/);
  });

  it('keeps concurrent transactions on several pooled connections isolated', async () => {
    await db.query('CREATE TABLE counter (n int NOT NULL)');
    await db.query('INSERT INTO counter VALUES (0)');
    // Read-modify-write in 12 concurrent transactions, a third of them rolled back (by the code or by an SQL error): if the socket
    // interleaved transactions, updates would be lost or a rollback would undo someone else's work.
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter FOR UPDATE');
          await new Promise((resolve) => setTimeout(resolve, 2));
          await tx.query('UPDATE counter SET n = $1', [rows[0]!.n + 1]);
          if (i % 6 === 0) throw new Error('roll me back');
          if (i % 6 === 3) await tx.query('SELECT 1 / 0'); // an SQL error aborts the transaction
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
    expect((await db.query<{ n: number }>('SELECT n FROM counter')).rows[0]!.n).toBe(8);
  });

  it('answers each of many concurrent parameterised queries with its own result', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => db.query<{ n: number; s: string }>('SELECT $1::int * 2 AS n, $2::text AS s', [i, `q${i}`])),
    );
    expect(results.map((r) => r.rows[0])).toEqual(Array.from({ length: 60 }, (_, i) => ({ n: i * 2, s: `q${i}` })));
  });

  it('refuses a second opener of the same data directory, and keeps the data across a reopen', async () => {
    await expect(openDatabase({ DATABASE_URL: undefined, CALLGUARD_DATA_DIR: dataDir })).rejects.toThrow(DataDirLockedError);
    // Served on a unix socket in a directory only this user can enter, removed on close.
    const socketDir = decodeURIComponent(/[?&]host=([^&]+)/.exec(db.connectionString)![1]!);
    expect((await stat(socketDir)).mode & 0o777).toBe(0o700);
    await db.close();
    await expect(stat(socketDir)).rejects.toThrow(/ENOENT/);
    db = await openDatabase({ DATABASE_URL: undefined, CALLGUARD_DATA_DIR: dataDir });
    expect((await migrate(db)).applied).toEqual([]);
    expect((await repositories(db).calls.get('e1'))?.borrowerId).toBe('B');
  });

  it('keeps every committed row when its process is killed, and the next process takes over the stale lock', async () => {
    await db.close();
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./helpers/embedded-writer.ts', import.meta.url))], {
      // The killed writer cannot remove its socket dir: keep it inside dataDir, removed afterwards.
      env: { ...process.env, CALLGUARD_DATA_DIR: dataDir, TMPDIR: await mkdtemp(path.join(dataDir, 'tmp-')) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let committed = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (/^\d+$/.test(line)) committed = Number(line);
        if (committed >= 30) resolve();
      });
    });
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(Number(await readFile(path.join(dataDir, 'pgdata.lock'), 'utf8'))).toBe(child.pid);

    db = await openDatabase({ DATABASE_URL: undefined, CALLGUARD_DATA_DIR: dataDir });
    const { rows } = await db.query<{ n: number; max: number }>('SELECT count(*) AS n, max(n) AS max FROM crash_rows');
    expect(rows[0]!.n).toBe(rows[0]!.max); // no gaps
    expect(rows[0]!.n).toBeGreaterThanOrEqual(committed);
    expect((await repositories(db).calls.get('e1'))?.borrowerId).toBe('B');
  });
});
