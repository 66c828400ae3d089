import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionPurgeCommand, retentionReportCommand } from '../../../src/cli/retention-commands.ts';
import { audioRoot } from '../../../src/runtime.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

/**
 * `callguard retention report` and `purge` in-process against a real database and audio directory,
 * with rules/retention.yaml from a temp rules directory and the clock set by the test.
 */
const t = useTestDatabase();
let dir: string;
const saved = { ...process.env };
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'callguard-retention-cli-'));
  await writeFile(path.join(dir, 'retention.yaml'), 'default: {}\nbanks:\n  招商银行:\n    jurisdictions: [CN]\n    audio: 2y\n');
  process.env.DATABASE_URL = t.url;
  delete process.env.REDIS_URL;
  process.env.CALLGUARD_RULES_DIR = dir;
  process.env.CALLGUARD_DATA_DIR = path.join(dir, 'data');
  process.env.LOG_LEVEL = 'silent';
});
afterAll(async () => {
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'CALLGUARD_RULES_DIR', 'CALLGUARD_DATA_DIR', 'LOG_LEVEL']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await rm(dir, { recursive: true, force: true });
});

async function seed(id: string, bank: string, startedAt: string): Promise<string> {
  const store = new DirectoryAudioStore(audioRoot({ CALLGUARD_DATA_DIR: path.join(dir, 'data') }));
  const { sha256 } = await store.putStream(Readable.from([Buffer.from(`recording ${id}`)]));
  await t.db.query(
    `INSERT INTO calls (id, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status, audio_sha256)
     VALUES ($1, 'A', $2, 'B', 'outbound', $3, 480, 'zh-CN', 'done', $4)`,
    [id, bank, startedAt, sha256],
  );
  return sha256;
}

describe('callguard retention', () => {
  it('reports the periods and what is due per bank and kind, then purges it and reports nothing left', async () => {
    await seed('cmb-old', '招商银行', '2028-01-10T10:00:00+08:00');
    await seed('other-old', '工商银行', '2027-03-10T10:00:00+08:00');
    const clock = new ManualClock(new Date('2030-03-01T00:00:00Z'));
    const lines: string[] = [];
    await retentionReportCommand({ days: '30,365' }, { out: (l) => lines.push(l) }, clock);
    const text = lines.join('\n');
    expect(text).toMatch(/招商银行\s+2y\s+3y\s+3y\s+5y\s+7y\s+CN/);
    expect(text).toMatch(/\(default\)\s+3y\s+3y\s+3y\s+5y\s+7y\s+CN,US/);
    // 招商银行 audio (2 years) is due now; the other bank's call in 9 days (3 years), within 30.
    expect(text).toMatch(/招商银行\s+audio\s+1\s+1\s+1/);
    expect(text).toMatch(/工商银行\s+audio\s+0\s+1\s+1/);
    expect(text).toMatch(/招商银行\s+transcript\s+0\s+0\s+1/);

    const out: string[] = [];
    await retentionPurgeCommand({ batch: '100' }, { out: (l) => out.push(l) }, clock);
    expect(out.join('\n')).toMatch(/retention run \d+: 0 calls deleted, 1 recordings deleted \(1 calls' audio\)/);
    const after: string[] = [];
    await retentionReportCommand({ days: '0' }, { out: (l) => after.push(l) }, clock);
    expect(after.join('\n')).toContain('nothing due within 0 days');
  });

  it('refuses an invalid policy or batch size before touching anything', async () => {
    await writeFile(path.join(dir, 'retention.yaml'), 'default:\n  audio: 1y\n');
    await expect(retentionPurgeCommand({ batch: '100' }, { out: () => {} })).rejects.toThrow(/retention\.yaml: default\.audio: 1y is below the legal minimum/);
    await writeFile(path.join(dir, 'retention.yaml'), 'default: {}\n');
    await expect(retentionPurgeCommand({ batch: '0' }, { out: () => {} })).rejects.toThrow(/--batch/);
    await expect(retentionReportCommand({ days: 'soon' }, { out: () => {} })).rejects.toThrow(/--days/);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM retention_runs');
    expect(rows[0]!.n).toBe(1);
  });
});
