import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createTranscriber } from '../../../src/asr/create-transcriber.ts';
import { loadConfig } from '../../../src/config.ts';
import type { Transcript } from '../../../src/domain/transcript.ts';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { planIngest } from '../../../src/pipeline/intake/ingest-plan.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { runCallsLocally } from '../../../src/pipeline/transport/local-runner.ts';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.ts';
import { registerCall } from '../../../src/pipeline/intake/register-call.ts';
import { RulePackSource } from '../../../src/pipeline/rule-pack-source.ts';
import { StageStatements } from '../../../src/store/stage-statements.ts';
import { createGiveUpHandler, createStageHandlers } from '../../../src/pipeline/transport/stage-handlers.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import type { Db, StoredCall } from '../../../src/store/index.ts';

/**
 * Review-app test data, made the way production makes it: the fixture calls (fixtures/calls, with
 * their delivered transcripts and the dialer records) registered and run through the pipeline's
 * stages in-process (ingest → decode → transcribe (sidecar) → scan → triage), plus one call whose
 * transcript carries personal numbers and markup (for masking and escaping tests), delivered the
 * same way. Recordings land in a content-addressed store in a temp directory.
 */
export const FIXTURES = path.resolve('fixtures/calls');
export const PII_CALL_ID = 'zh-pii-markup';
export const PII_PHONE = '13912345678';
export const PII_ID_CARD = '11010519491231002X';
export const MARKUP = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
/** The phone number stored in the PII call's phone column. */
export const PII_CALL_PHONE = '13800138000';

const storeDir = mkdtempSync(path.join(tmpdir(), 'cg-review-audio-'));
const store = new DirectoryAudioStore(storeDir);
// The store outlives single tests (a file's server serves from it); it goes with the test process.
process.once('exit', () => rmSync(storeDir, { recursive: true, force: true }));
/** Recordings a test adds outside the store (by call id). */
export const audioFiles = new Map<string, string>();

/** The app's AudioLocator for test servers: the seeded store, or a file a test registered. */
export async function locateSeededAudio(call: Pick<StoredCall, 'id' | 'audioSha256'>): Promise<string | undefined> {
  const file = audioFiles.get(call.id);
  if (file) return file;
  if (!call.audioSha256) return undefined;
  return (await store.has(call.audioSha256)) ? store.path(call.audioSha256) : undefined;
}

function piiTranscript(): Transcript {
  return {
    call: {
      id: PII_CALL_ID, agentId: '8107', agency: '华信资产管理公司', borrowerId: 'B-1002', bank: '建设银行',
      startedAt: '2026-03-03T10:05:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN', connected: true,
      channelLayout: 'agent-left', team: '一组',
    },
    segments: [
      { speaker: 'agent', startMs: 500, endMs: 3000, text: '您好，我是受建设银行委托的催收员，工号8107。' },
      { speaker: 'customer', startMs: 3200, endMs: 6000, text: `我的手机是${PII_PHONE}，身份证${PII_ID_CARD}。` },
      { speaker: 'agent', startMs: 6200, endMs: 9000, text: `备注 ${MARKUP} 卡号6222 0212 3456 7890 123` },
      { speaker: 'agent', startMs: 9200, endMs: 12000, text: '你这个老赖，真不要脸。' },
    ],
  };
}

export async function seedReviewData(db: Db): Promise<{ callIds: string[] }> {
  const logger = pino({ level: 'silent' });
  const deps: PipelineDeps = {
    db,
    statements: new StageStatements(db),
    audio: store,
    rules: new RulePackSource('rules'),
    engine: createTranscriber(loadConfig({ ASR_ENGINE: 'sidecar' }), logger),
    logger,
  };
  const plan = await planIngest([FIXTURES]);
  if (plan.problems.length > 0) throw new Error(`fixture metadata problems: ${JSON.stringify(plan.problems)}`);
  const batch = await registerBatch(deps, plan);
  // The markup call reuses a fixture recording in another container (other bytes, so its own call).
  const pii = piiTranscript();
  const extra = await registerCall(deps, {
    meta: pii.call, phone: PII_CALL_PHONE, audioPath: path.join(FIXTURES, 'zh-compliant.m4a'), transcriptText: JSON.stringify(pii),
  });
  if (extra.kind !== 'new' && extra.kind !== 'already') throw new Error(`${PII_CALL_ID}: ${extra.kind}`);
  const start = [...batch.start, ...(extra.kind === 'new' ? [{ name: 'ingest' as const, payload: { callId: PII_CALL_ID } }] : [])];
  const results = await runCallsLocally(createStageHandlers(deps), createGiveUpHandler(deps), start, {
    table: createJobTable({ cores: 2 }), logger, retryDelayMs: 10,
  });
  const failed = [...results].filter(([, why]) => why !== null);
  if (failed.length > 0) throw new Error(`seed calls failed: ${JSON.stringify(failed)}`);
  return { callIds: [...results.keys()] };
}

/** The fixture call ids, for tests that list them. */
export const FIXTURE_CALL_IDS = (JSON.parse(readFileSync(path.join(FIXTURES, 'calls.json'), 'utf8')) as { calls: { id: string }[] }).calls.map((c) => c.id);
