import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planIngest } from '../../../src/pipeline/intake/ingest-plan.ts';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { describePlanProblems } from '../../../src/cli/pipeline-commands.ts';
import { buildStatusReport, renderStatusReport } from '../../../src/cli/status-report.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { CLI_TEST_TIMEOUT_MS } from '../../helpers/cli-timeout.ts';
import { FIXTURE_DIR } from './fixture-expectations.ts';
import { dataDir, pipelineDeps, runCliProcess } from './pipeline-helpers.ts';

// Metadata rows refused at ingest: the recording they named is said to wait for the row (not to be
// "named by no row"), and the row stays in `callguard status` until an ingest of the same file and
// line succeeds or an operator dismisses it.

const t = useTestDatabase();
let dir = '';
let data: Awaited<ReturnType<typeof dataDir>>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cg-refused-'));
  data = await dataDir();
  for (const n of ['a', 'b', 'c']) await copyFile(path.join(FIXTURE_DIR, 'zh-compliant.mp3'), path.join(dir, `${n}.mp3`));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await data.cleanup();
});

const HEADER = 'id,agentId,bank,borrowerId,startedAt,direction,firstContact,language,audio';
const csv = (bRow: string) => writeFile(path.join(dir, 'calls.csv'), [
  HEADER,
  'ref-a,1,B,X,2026-03-02T10:00:00+08:00,outbound,no,zh-CN,a.mp3',
  bRow,
].join('\n'));

describe('refused metadata rows', () => {
  it('name the recording they refused by cause, stay in status until the row is fixed, and can be dismissed', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    // A date without its UTC offset: refused. c.mp3 is named by no row at all.
    await csv('ref-b,1,B,X,2026-03-02T10:00:00,outbound,no,zh-CN,b.mp3');
    const plan = await planIngest([dir]);
    const csvFile = path.join(dir, 'calls.csv');
    expect(plan.calls.map((c) => c.meta.id)).toEqual(['ref-a']);
    expect(plan.refusedRecordings).toEqual([{ recording: path.join(dir, 'b.mp3'), file: csvFile, line: 3 }]);
    expect(plan.unreferenced).toEqual([path.join(dir, 'c.mp3')]);
    const lines = describePlanProblems(plan);
    expect(lines).toContain(`${path.join(dir, 'b.mp3')}: not ingested: its metadata row was refused (${csvFile}:3) / 元数据行被拒绝，未导入`);
    expect(lines).toContain('1 recording(s) named by no metadata row were left out (e.g. other formats of the same calls)');

    const deps = pipelineDeps(t.db, data.dir);
    await registerBatch(deps, plan);
    let status = await buildStatusReport(t.db);
    expect(status.refusedRows).toMatchObject([{ file: csvFile, line: 3, reason: expect.stringMatching(/startedAt/) }]);
    const text = renderStatusReport(status);
    expect(text).toContain('Refused metadata rows / 被拒绝的元数据行 (1)');
    expect(text).toContain(`${csvFile}:3`);
    expect(text).toContain('callguard status --dismiss-refused');

    // Refused again: still one row, not two.
    await registerBatch(deps, await planIngest([dir]));
    expect((await buildStatusReport(t.db)).refusedRows).toHaveLength(1);

    // The row fixed and the file ingested again: off the list, and the call is there.
    await csv('ref-b,1,B,X,2026-03-02T10:00:00+08:00,outbound,no,zh-CN,b.mp3');
    const fixed = await planIngest([dir]);
    expect(fixed.refusedRecordings).toEqual([]);
    await registerBatch(deps, fixed);
    status = await buildStatusReport(t.db);
    expect(status.refusedRows).toEqual([]);
    expect(renderStatusReport(status)).toContain('Refused metadata rows / 被拒绝的元数据行 (0)\n  none');

    // Refused once more and dismissed from the command line; an unknown id is an error (exit 1).
    await csv('ref-b,1,B,X,not a date,outbound,no,zh-CN,b.mp3');
    await registerBatch(deps, await planIngest([dir]));
    const [open] = (await buildStatusReport(t.db)).refusedRows;
    const run = await cli(['status', '--dismiss-refused', String(open!.id), '999999']);
    expect(run.stdout).toContain('1 refused row(s) dismissed');
    expect(run.stderr).toContain('999999: no such refused row, or already dismissed');
    expect(run.code).toBe(1);
    expect((await buildStatusReport(t.db)).refusedRows).toEqual([]);
    const { rows } = await t.db.query<{ dismissed_by: string }>('SELECT dismissed_by FROM refused_metadata_rows WHERE id = $1', [open!.id]);
    expect(rows[0]!.dismissed_by).toMatch(/^cli:/);
  });
});

function cli(args: string[]) {
  return runCliProcess(args, { DATABASE_URL: t.url, CALLGUARD_DATA_DIR: data.dir });
}
