import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranscriber } from '../../../src/asr/create-transcriber.ts';
import { loadConfig } from '../../../src/config.ts';
import type { CallMeta } from '../../../src/domain/transcript.ts';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { runCallsLocally } from '../../../src/pipeline/transport/local-runner.ts';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.ts';
import { packContentHash, packFilesIn, RulePackSource } from '../../../src/pipeline/rule-pack-source.ts';
import { StageStatements } from '../../../src/store/stage-statements.ts';
import { createGiveUpHandler, createStageHandlers } from '../../../src/pipeline/transport/stage-handlers.ts';
import { loadRuleSet } from '../../../src/rules/index.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import { publishRulePack, repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';

// The scan reads a call's history together with the call, as far back as the longest lookback of
// the packs its worker has loaded. A pack published later that looks further back (here Reg F's
// seven days against a worker whose own packs look back one day) must still see its whole window.

const t = useTestDatabase();
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const DAY_MS = 24 * 3600_000;
let work = '';
let deps: PipelineDeps;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cg-history-'));
  // The worker's own rules: the shipped packs with the en-US seven-day rule cut to one local day.
  const shortRules = path.join(work, 'rules');
  await cp('rules', shortRules, { recursive: true });
  const file = path.join(shortRules, 'en-US', 'contact-and-recording.yaml');
  const text = await readFile(file, 'utf8');
  expect(text).toContain('period: rolling_7_days');
  await writeFile(file, text.replace('period: rolling_7_days', 'period: local_day'));
  deps = {
    db: t.db,
    statements: new StageStatements(t.db),
    audio: new DirectoryAudioStore(path.join(work, 'audio')),
    rules: new RulePackSource(shortRules),
    engine: createTranscriber(loadConfig({ ASR_ENGINE: 'sidecar' }), logger),
    logger,
  };
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('scan history', () => {
  it('reads the whole window of a published pack that looks further back than the worker\'s own packs', async () => {
    expect(deps.rules.lookbackHintMs()).toBe(DAY_MS);
    const shipped = loadRuleSet('rules');
    if (!shipped.ok) throw new Error('the shipped rules do not load');
    const files = packFilesIn('rules/en-US');
    await publishRulePack(t.db, { language: 'en-US', contentHash: packContentHash(files), files, ruleCount: shipped.packs.get('en-US')!.rules.length, publishedBy: 'compliance:test' });

    // Eight answered outbound calls to one borrower over six days: the eighth is one too many.
    const days = ['02', '03', '04', '05', '06', '07', '07', '08'];
    const calls = days.map((day, i): CallMeta => ({
      id: `sev-${i + 1}`, agentId: 'A-12', agentName: 'Jordan Miles', bank: 'First National Bank', borrowerId: 'B-7in7',
      startedAt: `2026-03-${day}T${10 + (i % 2)}:00:00-05:00`, direction: 'outbound', firstContact: i === 0, language: 'en-US',
      connected: true, durationMs: 95_000,
    }));
    const batch = await registerBatch(deps, { calls: calls.map((meta) => ({ meta })), problems: [], unreferenced: [] });
    const run = (ids: string[]) => runCallsLocally(createStageHandlers(deps), createGiveUpHandler(deps),
      batch.start.filter((j) => ids.includes(j.payload.callId)), { table: createJobTable({ cores: 2 }), logger, retryDelayMs: 10 });
    const sevenInSeven = async () => (await repositories(t.db).findings.listByCalls(calls.map((c) => c.id)))
      .filter((f) => f.ruleId === 'en.contact.seven-in-seven').map((f) => f.callId);

    // The eighth call is the first this worker scans with the published pack: its history needs
    // the seven days the worker's own packs never asked for.
    expect([...(await run(['sev-8'])).values()]).toEqual([null]);
    expect(await sevenInSeven()).toEqual(['sev-8']);
    // The published pack is loaded now: the next scans read its whole window with the call.
    expect(deps.rules.lookbackHintMs()).toBe(7 * DAY_MS);
    expect([...(await run(calls.slice(0, 7).map((c) => c.id))).values()]).toEqual(calls.slice(0, 7).map(() => null));
    expect(await sevenInSeven()).toEqual(['sev-8']);
  });
});
