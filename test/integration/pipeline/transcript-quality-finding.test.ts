import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSCRIPT_QUALITY_RULE_ID } from '../../../src/asr/transcript-quality-finding.ts';
import type { CallMeta, Transcript } from '../../../src/domain/transcript.ts';
import { registerBatch } from '../../../src/pipeline/intake/ingest-batch.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { runCallsLocally } from '../../../src/pipeline/transport/local-runner.ts';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.ts';
import { createGiveUpHandler, createStageHandlers } from '../../../src/pipeline/transport/stage-handlers.ts';
import { repositories } from '../../../src/store/index.ts';
import { listReviewQueue } from '../../../src/store/review-app/review-queue.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { dataDir, pipelineDeps, testLogger } from './pipeline-helpers.ts';

/*
 * An unreliable transcript is never quiet: the scan stage turns a quality estimate below the policy's
 * threshold into a transcript_quality finding, which puts the call in the QA queue and counts in
 * triage. Delivered transcripts without audio take the shortest real path (ingest stores them with
 * their estimate, scan reads it back).
 */
const t = useTestDatabase();
const logger = testLogger();
let data: Awaited<ReturnType<typeof dataDir>> | undefined;
let deps: PipelineDeps;

beforeAll(async () => {
  data = await dataDir();
  deps = pipelineDeps(t.db, data.dir, 'sidecar');
});
afterAll(async () => {
  await data?.cleanup();
});

const meta = (id: string, over: Partial<CallMeta> = {}): CallMeta => ({
  id, agentId: 'A-3', agentName: 'Jordan Miles', bank: 'First National Bank', borrowerId: `B-${id}`,
  startedAt: '2026-03-03T10:00:00-05:00', direction: 'outbound', firstContact: false, language: 'en-US', ...over,
});
const said = (speaker: 'agent' | 'customer', startMs: number, text: string) => ({ speaker, startMs, endMs: startMs + 2500, text });

describe('transcript_quality finding', () => {
  it('flags an unreliable delivered transcript, puts the call in the QA queue, and leaves a sound one alone', { timeout: 120_000 }, async () => {
    const sound: Transcript = {
      call: meta('q-sound'),
      segments: [said('agent', 0, 'Hello, this is Jordan calling about your account, do you have a minute?'), said('customer', 3000, 'Yes, I have a minute, go ahead.')],
    };
    // Chinese text on a call the metadata says is English: the producer transcribed the wrong language.
    const wrongLanguage: Transcript = {
      call: meta('q-wrong-language'),
      segments: [said('agent', 0, '您好请问是本人吗我们这边是银行的'), said('customer', 3000, '是的你说吧有什么事情')],
    };
    // A producer that says its own text is doubtful is believed.
    const selfDoubt: Transcript = {
      call: meta('q-self-doubt'),
      segments: sound.segments,
      quality: { score: 0.2, engine: 'vendor-asr', signals: [{ signal: 'low_confidence', value: 0.3, factor: 0.2, detail: 'vendor confidence 0.30' }] },
    };
    const calls = [sound, wrongLanguage, selfDoubt].map((tr) => ({ meta: tr.call, transcriptText: JSON.stringify(tr) }));
    const batch = await registerBatch(deps, { calls, problems: [], unreferenced: [] });
    const outcomes = await runCallsLocally(createStageHandlers(deps), createGiveUpHandler(deps), batch.start,
      { table: createJobTable({ cores: 2 }), logger, retryDelayMs: 10 });
    expect([...outcomes.values()]).toEqual([null, null, null]);

    const r = repositories(t.db);
    const findings = (await r.findings.listByCalls(['q-sound', 'q-wrong-language', 'q-self-doubt'])).filter((f) => f.category === 'transcript_quality');
    expect(findings.map((f) => f.callId).sort()).toEqual(['q-self-doubt', 'q-wrong-language']);
    const wrong = findings.find((f) => f.callId === 'q-wrong-language')!;
    expect(wrong).toMatchObject({ ruleId: TRANSCRIPT_QUALITY_RULE_ID, severity: 'medium', speaker: 'call', title: 'transcript unreliable: listen to the call' });
    expect(wrong.matched[0]).toMatch(/^score 0\.\d+ < 0\.5$/);
    expect(wrong.matched).toContain('engine sidecar');
    expect(wrong.matched.some((m) => m.startsWith('language_mismatch'))).toBe(true);
    expect(findings.find((f) => f.callId === 'q-self-doubt')!.matched.slice(0, 2)).toEqual(['score 0.20 < 0.5', 'engine vendor-asr']);

    // The estimate is stored with the transcript.
    expect((await r.transcripts.latestForCall('q-wrong-language'))!.quality).toMatchObject({ engine: 'sidecar', signals: [{ signal: 'language_mismatch' }] });
    expect((await r.transcripts.latestForCall('q-sound'))!.quality).toMatchObject({ score: 1, signals: [] });

    // In the QA queue, filterable by the category, with the weight of a medium finding.
    const queue = await listReviewQueue(t.db, {
      banks: null, reviewState: 'all', limit: 50, offset: 0, category: 'transcript_quality', weights: { low: 1, medium: 3, high: 8, critical: 20 },
    });
    expect(queue.items.map((i) => i.callId).sort()).toEqual(['q-self-doubt', 'q-wrong-language']);
    expect(queue.items.every((i) => i.risk >= 3)).toBe(true);
    // Scan scored it for triage (a medium finding's weight), so the call is never a clean "no findings" call.
    const { rows } = await t.db.query<{ call_id: string; reasons: string[] }>(
      `SELECT call_id, result->'score'->'reasons' AS reasons FROM stage_results WHERE stage = 'scan' AND call_id = ANY($1::text[]) ORDER BY call_id`,
      [['q-sound', 'q-wrong-language']],
    );
    const qualityReason = (id: string) => rows.find((row) => row.call_id === id)!.reasons.filter((x) => x.startsWith(TRANSCRIPT_QUALITY_RULE_ID));
    expect(qualityReason('q-wrong-language')).toEqual([`${TRANSCRIPT_QUALITY_RULE_ID} (medium) +3`]);
    expect(qualityReason('q-sound')).toEqual([]);
  });
});
