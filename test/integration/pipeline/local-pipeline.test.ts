import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranscriber } from '../../../src/asr/create-transcriber.ts';
import { loadConfig } from '../../../src/config.ts';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { planIngest } from '../../../src/pipeline/intake/ingest-plan.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { runCallsLocally } from '../../../src/pipeline/transport/local-runner.ts';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.ts';
import { RulePackSource } from '../../../src/pipeline/rule-pack-source.ts';
import { StageStatements } from '../../../src/store/stage-statements.ts';
import { createGiveUpHandler, createStageHandlers } from '../../../src/pipeline/transport/stage-handlers.ts';
import type { NextJob } from '../../../src/pipeline/stage.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import { repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { duplicatedFindings, tableCounts } from './db-counts.ts';
import { ALL_FIXTURE_CALLS, CASE_BORROWERS, EXPECTED, FIXTURE_DIR, FREQUENCY_BORROWER_CALLS, NO_CASE_BORROWERS } from './fixture-expectations.ts';

// The stages on a real PostgreSQL, run in-process by the local runner (embedded mode's transport),
// with the delivered transcripts (no Mandarin model exists here). Server mode runs the same stages
// through BullMQ in server-pipeline.test.ts.

const t = useTestDatabase();
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let work = '';
let deps: PipelineDeps;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cg-local-'));
  deps = {
    db: t.db,
    statements: new StageStatements(t.db),
    audio: new DirectoryAudioStore(path.join(work, 'audio')),
    rules: new RulePackSource('rules'),
    engine: createTranscriber(loadConfig({ ASR_ENGINE: 'sidecar' }), logger),
    logger,
  };
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function run(start: NextJob[], d: PipelineDeps = deps) {
  return runCallsLocally(createStageHandlers(d), createGiveUpHandler(d), start, { table: createJobTable({ cores: 2 }), logger, retryDelayMs: 10 });
}

describe('pipeline stages, in process, on PostgreSQL', () => {
  it('takes the fixture calls and dialer records to done with the expected findings and cases', async () => {
    const plan = await planIngest([FIXTURE_DIR]);
    expect(plan.problems).toEqual([]);
    expect(plan.calls.map((c) => c.meta.id).sort()).toEqual([...ALL_FIXTURE_CALLS].sort());
    const batch = await registerBatch(deps, plan);
    expect(batch.outcomes.every((o) => o.kind === 'new')).toBe(true);
    const results = await run(batch.start);
    expect([...results.values()]).toEqual(ALL_FIXTURE_CALLS.map(() => null));

    const r = repositories(t.db);
    for (const id of ALL_FIXTURE_CALLS) expect((await r.calls.get(id))?.status, id).toBe('done');
    for (const [id, want] of Object.entries(EXPECTED)) {
      const got = new Set((await r.findings.listByCall(id)).map((f) => f.category));
      for (const c of want.categories) expect(got, `${id} raises ${c}`).toContain(c);
      if (want.only) expect([...got].sort(), `${id} raises nothing else`).toEqual([...want.categories].sort());
    }
    const frequency = await r.findings.listByCalls(FREQUENCY_BORROWER_CALLS);
    expect(frequency.some((f) => f.category === 'contact_frequency')).toBe(true);
    // Dialer records are not conversations: no disclosure can be missing from them.
    expect(frequency.filter((f) => f.callId.startsWith('D-') && f.category === 'disclosure_missing')).toEqual([]);

    const cases = await r.cases.list();
    expect(cases.map((c) => c.borrowerId).sort()).toEqual([...CASE_BORROWERS].sort());
    for (const b of NO_CASE_BORROWERS) expect(cases.some((c) => c.borrowerId === b)).toBe(false);
    // The delivered transcript served every recorded call, and says so.
    const transcript = await r.transcripts.latestForCall('zh-abusive');
    expect(transcript?.engine).toBe('sidecar');
    expect((await r.calls.get('zh-abusive'))?.recording).toMatchObject({ present: true });
  });

  it('changes nothing when the same batch is ingested again', async () => {
    const before = await tableCounts(t.db);
    const batch = await registerBatch(deps, await planIngest([FIXTURE_DIR]));
    expect(batch.outcomes.map((o) => o.kind)).toEqual(ALL_FIXTURE_CALLS.map(() => 'already'));
    expect(batch.start).toEqual([]);
    // Even forcing every stage to run again is a no-op: each returns early as already done.
    await run(ALL_FIXTURE_CALLS.map((callId) => ({ name: 'ingest', payload: { callId } }) as NextJob));
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await duplicatedFindings(t.db)).toBe(0);
  });

  it('counts the same recording under another call id as one call', async () => {
    const plan = await planIngest([FIXTURE_DIR]);
    const abusive = plan.calls.find((c) => c.meta.id === 'zh-abusive')!;
    const batch = await registerBatch(deps, { calls: [{ ...abusive, meta: { ...abusive.meta, id: 'zh-abusive-copy' } }], problems: [], unreferenced: [] });
    expect(batch.outcomes).toEqual([{ kind: 'duplicate_recording', callId: 'zh-abusive-copy', existingCallId: 'zh-abusive' }]);
    expect(await repositories(t.db).calls.get('zh-abusive-copy')).toBeNull();
  });

  it('re-scanning with a changed rule adds findings tagged with its new version and duplicates nothing', async () => {
    const rulesDir = path.join(work, 'rules');
    await cp('rules', rulesDir, { recursive: true });
    // Same matching, new definition (severity): a new rule version.
    const file = path.join(rulesDir, 'zh-CN', 'threat.yaml');
    const yaml = await readFile(file, 'utf8');
    // Only zh.threat.home-visit changes (its severity): one rule, one new version.
    const at = yaml.indexOf('id: zh.threat.home-visit');
    expect(at).toBeGreaterThan(0);
    const changed = yaml.slice(0, at) + yaml.slice(at).replace(/severity: \w+/, (m) => (m === 'severity: medium' ? 'severity: high' : 'severity: medium'));
    expect(changed).not.toBe(yaml);
    await writeFile(file, changed);
    const r = repositories(t.db);
    const before = await r.findings.listByCall('zh-abusive');
    const casesBefore = await r.cases.list();
    const rescanDeps = { ...deps, rules: new RulePackSource(rulesDir) };
    expect(await run([{ name: 'scan', payload: { callId: 'zh-abusive' } }], rescanDeps)).toEqual(new Map([['zh-abusive', null]]));
    const after = await r.findings.listByCall('zh-abusive');
    const added = after.filter((f) => !before.some((b) => b.id === f.id));
    expect(added.length).toBeGreaterThan(0);
    const newPack = rescanDeps.rules.loadDirectory().get('zh-CN')!.packHash;
    for (const f of added) expect(f.ruleVersion).not.toBe(before.find((b) => b.ruleId === f.ruleId)?.ruleVersion);
    expect([...new Set(added.map((f) => f.ruleId))]).toEqual(['zh.threat.home-visit']);
    expect(await duplicatedFindings(t.db)).toBe(0);
    // Triage after the re-scan: the call is already in its borrower's case; no second case.
    expect((await r.cases.list()).length).toBe(casesBefore.length);
    expect((await r.stageResults.get('zh-abusive', 'triage', newPack))?.result).toMatchObject({ outcome: 'already' });
    // Scanning again with that version is a no-op.
    const count = (await tableCounts(t.db)).findings;
    await run([{ name: 'scan', payload: { callId: 'zh-abusive', packVersion: newPack } }], rescanDeps);
    expect((await tableCounts(t.db)).findings).toBe(count);
  });

  it('a worker with other rules triages with the exact pack version the scan used (recorded in rule_packs)', async () => {
    const meta = { id: 'two-workers', agentId: '1', bank: 'B', borrowerId: 'X-3', startedAt: '2026-03-02T23:30:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN' } as const;
    await registerBatch(deps, { calls: [{ meta, transcriptText: JSON.stringify({ call: meta, segments: [] }) }], problems: [], unreferenced: [] });
    const otherRules = path.join(work, 'rules-other');
    await cp('rules', otherRules, { recursive: true });
    await writeFile(path.join(otherRules, 'zh-CN', 'contact.yaml'), `${await readFile(path.join(otherRules, 'zh-CN', 'contact.yaml'), 'utf8')}\n# a later deploy\n`);
    const scanWorker = deps;
    const triageWorker = { ...deps, rules: new RulePackSource(otherRules) };
    const handlers = (d: PipelineDeps) => createStageHandlers(d);
    const ctx = { logger, signal: new AbortController().signal, attempt: 1, lastAttempt: false };
    const ingested = await handlers(scanWorker).ingest({ callId: 'two-workers' }, ctx);
    const scanned = await handlers(scanWorker).scan(ingested.next[0]!.payload, ctx);
    const triageJob = scanned.next[0]!;
    expect(triageJob.name).toBe('triage');
    expect((triageJob.payload as { packVersion?: string }).packVersion).not.toBe(triageWorker.rules.loadDirectory().get('zh-CN')!.packHash);
    await handlers(triageWorker).triage(triageJob.payload as { callId: string; packVersion: string }, ctx);
    expect((await repositories(t.db).calls.get('two-workers'))?.status).toBe('done');
    const stored = await repositories(t.db).rulePacks.getByHash((triageJob.payload as { packVersion: string }).packVersion);
    expect(stored?.publishedBy).toBe('system:rules-directory');
    expect(stored?.active).toBe(false);
  });

  it('fails a corrupt recording with its reason, without retrying, and never shows it as clean', async () => {
    const meta = { id: 'corrupt-1', agentId: '1', bank: 'B', borrowerId: 'X-1', startedAt: '2026-03-02T10:00:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN' } as const;
    const batch = await registerBatch(deps, { calls: [{ meta, audioPath: path.resolve('fixtures/bad-audio/text-renamed.wav') }], problems: [], unreferenced: [] });
    let decodeTries = 0;
    const handlers = createStageHandlers(deps);
    const counting = { ...handlers, decode: (p: { callId: string }, ctx: Parameters<typeof handlers.decode>[1]) => { decodeTries++; return handlers.decode(p, ctx); } };
    const results = await runCallsLocally(counting, createGiveUpHandler(deps), batch.start, { table: createJobTable(), logger, retryDelayMs: 10 });
    expect(results.get('corrupt-1')).toMatch(/^decode: recording unusable \(not_audio\)/);
    expect(decodeTries).toBe(1);
    const call = await repositories(t.db).calls.get('corrupt-1');
    expect(call?.status).toBe('failed');
    expect(call?.statusReason).toMatch(/not_audio/);
    expect(await repositories(t.db).findings.listByCall('corrupt-1')).toEqual([]);
    expect((await repositories(t.db).calls.listFailed()).map((f) => f.callId)).toContain('corrupt-1');
  });

  it('fails a call at once when the engine says the input can never succeed (a 400 from the transcription server)', async () => {
    // A real HTTP server on loopback answering like an OpenAI-compatible server that refuses the audio.
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'unsupported audio' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const engine = createTranscriber(loadConfig({ ASR_ENGINE: 'openai-http', OPENAI_ASR_URL: `http://127.0.0.1:${port}/v1` }), logger);
      const d = { ...deps, engine };
      const meta = { id: 'engine-refuses', agentId: '1', bank: 'B', borrowerId: 'X-3', startedAt: '2026-03-02T10:00:00+08:00', direction: 'outbound', firstContact: false, language: 'en-US' } as const;
      const batch = await registerBatch(d, { calls: [{ meta, audioPath: path.resolve(FIXTURE_DIR, 'en-compliant.opus') }], problems: [], unreferenced: [] });
      let transcribeTries = 0;
      const handlers = createStageHandlers(d);
      const counting = { ...handlers, transcribe: (p: { callId: string }, ctx: Parameters<typeof handlers.transcribe>[1]) => { transcribeTries++; return handlers.transcribe(p, ctx); } };
      const results = await runCallsLocally(counting, createGiveUpHandler(d), batch.start, { table: createJobTable(), logger, retryDelayMs: 10 });
      expect(results.get('engine-refuses')).toMatch(/^transcribe: .*answered 400/);
      expect(transcribeTries).toBe(1);
      const call = await repositories(t.db).calls.get('engine-refuses');
      expect(call?.status).toBe('failed');
      expect(await repositories(t.db).findings.listByCall('engine-refuses')).toEqual([]);
      expect(requests).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('fails a call whose delivered transcript is invalid, with the JSON path in the reason', async () => {
    const meta = { id: 'bad-sidecar', agentId: '1', bank: 'B', borrowerId: 'X-2', startedAt: '2026-03-02T10:00:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN' } as const;
    const text = JSON.stringify({ call: meta, segments: [{ speaker: 'agent', startMs: 500, endMs: 100, text: 'x' }] });
    const batch = await registerBatch(deps, { calls: [{ meta, transcriptText: text }], problems: [], unreferenced: [] });
    const results = await run(batch.start);
    expect(results.get('bad-sidecar')).toMatch(/delivered transcript is invalid: segments\.0\.endMs/);
    expect((await repositories(t.db).calls.get('bad-sidecar'))?.status).toBe('failed');
  });
});
