import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbStatusCommand, dbWeekZoneCommand } from '../../../src/cli/db-commands.ts';
import { connectDatabase } from '../../../src/store/db.ts';
import { loadMigrations, migrate, MigrationError, migrationStatus } from '../../../src/store/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./helpers/migrate-child.ts', import.meta.url));

const created: TestDatabase[] = [];
async function emptyDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase({ migrated: false });
  created.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(created.splice(0).map((t) => t.drop()));
});

async function tables(t: TestDatabase): Promise<string[]> {
  const { rows } = await t.db.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  return rows.map((r) => r.tablename);
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'callguard-migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}


/**
 * Runs a `callguard db` command in this process against the database at `url`: what it wrote to
 * stdout and stderr, in order, and the exit code it set. DATABASE_URL and the exit code are put back.
 */
async function inProcess(url: string, command: () => Promise<void>): Promise<{ out: string[]; exitCode: typeof process.exitCode }> {
  const out: string[] = [];
  const capture = (chunk: unknown) => {
    out.push(String(chunk));
    return true;
  };
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const error = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const savedUrl = process.env.DATABASE_URL;
  const savedExit = process.exitCode;
  try {
    process.env.DATABASE_URL = url;
    await command();
    return { out, exitCode: process.exitCode };
  } finally {
    write.mockRestore();
    error.mockRestore();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    process.exitCode = savedExit;
  }
}
describe('migrate', () => {
  it('builds the schema from zero, then does nothing the second time', async () => {
    const t = await emptyDatabase();
    const all = await loadMigrations();
    const first = await migrate(t.db);
    expect(first.applied).toEqual(all.map((m) => `${String(m.id).padStart(3, '0')}_${m.name}`));
    expect(first.current).toBe(all.at(-1)!.id);
    expect(await tables(t)).toEqual(expect.arrayContaining(['calls', 'transcripts', 'findings', 'cases', 'case_events', 'case_calls', 'complaints', 'rule_packs', 'stage_results', 'migrations']));
    const second = await migrate(t.db);
    expect(second).toEqual({ applied: [], current: first.current });
    expect((await migrationStatus(t.db)).every((m) => m.appliedAt && !m.unknown)).toBe(true);
  });

  it('applies each file once when several processes and pools start at the same moment', async () => {
    const t = await emptyDatabase();
    const env = { ...process.env, DATABASE_URL: t.url };
    const children = [1, 2].map(() => run(process.execPath, ['--import', 'tsx', CHILD], { env }));
    const pools = [1, 2].map(() => connectDatabase(t.url, { maxConnections: 2 }));
    const inProcess = pools.map((db) => migrate(db));
    const results = [
      ...(await Promise.all(children)).map((c) => JSON.parse(c.stdout) as { applied: string[] }),
      ...(await Promise.all(inProcess)),
    ];
    await Promise.all(pools.map((db) => db.close()));
    const all = await loadMigrations();
    const appliedEverywhere = results.flatMap((r) => r.applied).sort();
    expect(appliedEverywhere).toEqual(all.map((m) => `${String(m.id).padStart(3, '0')}_${m.name}`).sort());
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM migrations');
    expect(rows[0]!.n).toBe(all.length);
  });

  it('refuses a database migrated by a newer version', async () => {
    const t = await emptyDatabase();
    await migrate(t.db);
    await t.db.query(`INSERT INTO migrations (id, name, sha256) VALUES (998, 'from_the_future', 'x')`);
    await expect(migrate(t.db)).rejects.toThrow(MigrationError);
    await expect(migrate(t.db)).rejects.toThrow(/998 \(from_the_future\).*newer version/);
    expect((await migrationStatus(t.db)).find((m) => m.id === 998)?.unknown).toBe(true);
  });

  it('refuses an applied migration whose file was edited afterwards', async () => {
    const t = await emptyDatabase();
    const dir = await migrationsDir({ '001_one.sql': 'CREATE TABLE one (id int);' });
    try {
      await migrate(t.db, await loadMigrations(dir));
      await writeFile(path.join(dir, '001_one.sql'), 'CREATE TABLE one (id bigint);');
      await expect(migrate(t.db, await loadMigrations(dir))).rejects.toThrow(/changed after it was applied/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('rolls a failing file back whole, records nothing for it, and keeps the files before it', async () => {
    const t = await emptyDatabase();
    const dir = await migrationsDir({
      '001_good.sql': 'CREATE TABLE good (id int);',
      '002_bad.sql': 'CREATE TABLE half (id int); SELECT no_such_function();',
      '003_after.sql': 'CREATE TABLE after_bad (id int);',
    });
    try {
      await expect(migrate(t.db, await loadMigrations(dir))).rejects.toThrow(/002_bad failed: .*no_such_function/);
      expect(await tables(t)).toEqual(['good', 'migrations']);
      const { rows } = await t.db.query<{ id: number }>('SELECT id FROM migrations ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual([1]);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('102 fills failed_stage from the reason where its first word names a stage, and drops the status never written', async () => {
    const t = await emptyDatabase();
    const all = await loadMigrations();
    await migrate(t.db, all.filter((m) => m.id < 102));
    const insert = `INSERT INTO calls (id, source, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, first_contact, language, status, status_reason)
      VALUES ($1, 'recording', 'A1', 'bank-x', 'B-1', 'outbound', now(), 480, false, 'zh-CN', $2, $3)`;
    await t.db.query(insert, ['m1', 'failed', 'transcribe: no transcript was delivered']);
    await t.db.query(insert, ['m2', 'failed', 'recording unusable: no audio stream']);
    await t.db.query(insert, ['m3', 'triaged', null]);
    await t.db.query(insert, ['m4', 'done', null]);
    await migrate(t.db, all);
    const { rows } = await t.db.query<{ id: string; status: string; failed_stage: string | null }>('SELECT id, status, failed_stage FROM calls ORDER BY id');
    expect(rows).toEqual([
      { id: 'm1', status: 'failed', failed_stage: 'transcribe' },
      { id: 'm2', status: 'failed', failed_stage: null },
      // Triage resumes it from 'scanned' and records 'done'.
      { id: 'm3', status: 'scanned', failed_stage: null },
      { id: 'm4', status: 'done', failed_stage: null },
    ]);
    await expect(t.db.query(`UPDATE calls SET status = 'triaged' WHERE id = 'm4'`)).rejects.toThrow(/check constraint/);
    await expect(t.db.query(`UPDATE calls SET failed_stage = 'scan' WHERE id = 'm4'`)).rejects.toThrow(/check constraint/);
  });

  it('rejects badly named files and duplicate numbers', async () => {
    const badName = await migrationsDir({ '1_x.sql': 'SELECT 1;' });
    const duplicate = await migrationsDir({ '001_a.sql': 'SELECT 1;', '001_b.sql': 'SELECT 1;' });
    try {
      await expect(loadMigrations(badName)).rejects.toThrow(/NNN_snake_case_name/);
      await expect(loadMigrations(duplicate)).rejects.toThrow(/share the number 001/);
    } finally {
      await rm(badName, { recursive: true });
      await rm(duplicate, { recursive: true });
    }
  });
});

describe('callguard db', () => {
  const BIN = fileURLToPath(new URL('../../../bin/callguard.js', import.meta.url));

  it('migrate applies every file; status lists them and fails on a migration from a newer version', async () => {
    const t = await emptyDatabase();
    const env = { ...process.env, DATABASE_URL: t.url };
    const migrated = await run(process.execPath, [BIN, 'db', 'migrate'], { env });
    expect(migrated.stdout).toMatch(/^applied 001_initial$/m);
    expect(migrated.stdout).toMatch(/database \(server\) is at migration \d+/);

    // status in-process (the binary's wiring is proven above; a second spawn costs seconds).
    await t.db.query(`INSERT INTO migrations (id, name, sha256) VALUES (999, 'later', 'x')`);
    const status = await inProcess(t.url, () => dbStatusCommand());
    expect(status.exitCode).toBe(1);
    expect(status.out.join('')).toMatch(/^001_initial\tapplied \d{4}-.*999_later\tunknown to this version/s);
  });

  it('week-zone shows the week time zone, sets a known one with the rollups rebuilt, and refuses an unknown one', async () => {
    const t = await createTestDatabase();
    created.push(t);
    await t.db.query(
      `INSERT INTO calls (id, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, language)
       VALUES ('z1', 'a', 'B', 'b', 'outbound', '2026-11-29T23:00:00Z', 480, 'zh-CN')`,
    );
    const weeks = async () => (await t.db.query<{ week: string }>(`SELECT week::text FROM dash_call_weeks WHERE calls > 0`)).rows.map((r) => r.week);
    expect(await weeks()).toEqual(['2026-11-30']); // Monday 07:00 in Shanghai
    const { out, exitCode } = await inProcess(t.url, async () => {
      await dbWeekZoneCommand(undefined);
      await dbWeekZoneCommand('UTC');
      await dbWeekZoneCommand('Mars/Olympus');
    });
    expect(exitCode).toBe(2);
    expect(out).toEqual([
      'weeks start on Monday 00:00 Asia/Shanghai\n',
      'weeks start on Monday 00:00 UTC (was Asia/Shanghai); the weekly rollups were rebuilt\n',
      'Mars/Olympus: not a time zone; give an IANA name such as Asia/Shanghai or UTC\n',
    ]);
    expect(await weeks()).toEqual(['2026-11-23']); // still Sunday in UTC
    // The change is audited with who made it; the refused zone left no event.
    const { rows: events } = await t.db.query<{ actor: string; action: string; before: unknown; after: unknown }>(
      `SELECT actor, action, before, after FROM audit_events WHERE entity_type = 'deployment' ORDER BY id`,
    );
    expect(events).toEqual([
      { actor: expect.stringMatching(/^cli:/), action: 'deployment.week_time_zone_set', before: { zone: 'Asia/Shanghai' }, after: { zone: 'UTC' } },
    ]);
  });
});

describe('the migrated schema', () => {
  it('has an index under every foreign key, so deleting a referred-to row (the retention purge) never scans the referring table', async () => {
    const t = await createTestDatabase();
    created.push(t);
    const { rows } = await t.db.query<{ fk: string }>(
      `SELECT c.conrelid::regclass || '.' || a.attname AS fk
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
        ORDER BY 1`,
    );
    expect(rows.map((r) => r.fk)).toEqual([]);
  });
});
