import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { planRetry } from '../../../src/pipeline/operations/retry-failed.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { runCallsLocally } from '../../../src/pipeline/transport/local-runner.ts';
import { createGiveUpHandler, createStageHandlers } from '../../../src/pipeline/transport/stage-handlers.ts';
import type { NextJob } from '../../../src/pipeline/stage.ts';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.ts';
import { repositories } from '../../../src/store/index.ts';
import { deliveredText } from '../../../src/store/delivered-transcripts.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { CLI_TEST_TIMEOUT_MS } from '../../helpers/cli-timeout.ts';
import { dataDir, pipelineDeps, runCliProcess, testLogger, transcriptOnlyCalls } from './pipeline-helpers.ts';

// A call that failed on its delivered transcript, repaired: `callguard ingest --replace` stores the
// fixed file in place of the broken one (audited, as the operator who ran it), and `retry` runs the
// failed stage on the new text. A file still broken, a call not failed, a call no one has: refused.

const t = useTestDatabase();
let dir = '';
let data: Awaited<ReturnType<typeof dataDir>>;
let deps: PipelineDeps;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cg-replace-'));
  data = await dataDir();
  deps = pipelineDeps(t.db, data.dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await data.cleanup();
});

const run = (start: NextJob[]) => runCallsLocally(createStageHandlers(deps), createGiveUpHandler(deps), start, { table: createJobTable({ cores: 2 }), logger: testLogger(), retryDelayMs: 10 });

describe('callguard ingest --replace', () => {
  it('replaces a failed call\'s delivered transcript, audited, and retry finishes the call from the new text', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    const [broken, other, good] = await transcriptOnlyCalls(3, 'repl');
    const fixedText = broken!.transcriptText!;
    const brokenJson = JSON.parse(fixedText) as { segments: unknown[] };
    // The platform delivered it cut short: segments missing. Another call's file is broken too.
    const brokenText = JSON.stringify({ ...brokenJson, segments: undefined });
    const otherBroken = JSON.stringify({ ...(JSON.parse(other!.transcriptText!) as object), segments: 'none' });
    const batch = await registerBatch(deps, {
      calls: [{ ...broken!, transcriptText: brokenText }, { ...other!, transcriptText: otherBroken }, good!], problems: [], unreferenced: [],
    });
    await run(batch.start);
    const calls = repositories(t.db).calls;
    expect((await calls.get(broken!.meta.id))?.status).toBe('failed');
    expect((await calls.get(good!.meta.id))?.status).toBe('done');

    // Before the fix, retry re-checked the text stored at ingest and failed the call again.
    await writeFile(path.join(dir, 'fixed.json'), fixedText);
    await writeFile(path.join(dir, 'still-broken.json'), otherBroken);
    await writeFile(path.join(dir, 'done-call.json'), good!.transcriptText!);
    const cli = await runCli(['ingest', '--replace', ...['fixed.json', 'still-broken.json', 'done-call.json', 'missing.json'].map((f) => path.join(dir, f))]);
    expect(cli.stdout).toContain(`1 delivered transcript(s) replaced: ${broken!.meta.id}; \`callguard retry ${broken!.meta.id}\``);
    expect(cli.stderr).toMatch(/still-broken\.json: delivered transcript is invalid: segments.*\(not replaced\)/);
    expect(cli.stderr).toContain(`done-call.json: call ${good!.meta.id} is done, not failed`);
    expect(cli.stderr).toContain('missing.json: no such file (skipped)');
    expect(cli.code).toBe(1);
    expect(await deliveredText(t.db, broken!.meta.id)).toBe(fixedText);
    expect(await deliveredText(t.db, other!.meta.id)).toBe(otherBroken);

    const { rows } = await t.db.query<{ actor: string; action: string; entity_id: string; after: { sha256: string } }>(
      `SELECT actor, action, entity_id, after FROM audit_events WHERE action = 'call.delivered_transcript_replaced'`,
    );
    expect(rows).toEqual([{ actor: 'cli:night-operator', action: 'call.delivered_transcript_replaced', entity_id: broken!.meta.id, after: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } }]);

    const retry = await planRetry(t.db, [broken!.meta.id]);
    await run(retry.jobs);
    expect((await calls.get(broken!.meta.id))?.status).toBe('done');
    expect((await repositories(t.db).transcripts.latestForCall(broken!.meta.id))?.segments.length).toBe(brokenJson.segments.length);
  });
});

function runCli(args: string[]) {
  return runCliProcess(args, { DATABASE_URL: t.url, CALLGUARD_DATA_DIR: data.dir, USER: 'night-operator' });
}
