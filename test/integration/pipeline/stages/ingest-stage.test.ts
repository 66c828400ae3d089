import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../../src/pipeline/errors.ts';
import { ingestStage } from '../../../../src/pipeline/stages/ingest-stage.ts';
import { repositories } from '../../../../src/store/index.ts';
import { FIXTURE_DIR } from '../fixture-expectations.ts';
import { fixtureMeta, fixtureTranscriptText, stageContext, useStageKit } from './stage-kit.ts';

describe('ingest stage', () => {
  const kit = useStageKit();

  it('refuses for good a job for a call that does not exist', async () => {
    await expect(ingestStage(kit.deps(), { callId: 'nobody' }, stageContext())).rejects.toBeInstanceOf(PermanentError);
  });

  it('routes a delivered transcript without audio to scan, storing it as the call\'s transcript', async () => {
    const meta = await fixtureMeta('zh-compliant', 'ingest-delivered');
    const id = await kit.register({ meta, transcriptText: await fixtureTranscriptText('zh-compliant', meta) });
    expect(await ingestStage(kit.deps(), { callId: id }, stageContext())).toEqual({ next: [{ name: 'scan', payload: { callId: id } }], alreadyDone: false });
    expect((await kit.call(id)).status).toBe('transcribed');
    expect((await repositories(kit.db).transcripts.latestForCall(id))?.segments.length).toBeGreaterThan(0);
    // Run again (a retry): past 'received', nothing more to do, the same route.
    expect(await ingestStage(kit.deps(), { callId: id }, stageContext())).toEqual({ next: [{ name: 'scan', payload: { callId: id } }], alreadyDone: true });
  });

  it('routes a dialer record (no audio, no transcript) to scan and leaves it received', async () => {
    const id = await kit.register({ meta: await fixtureMeta('zh-abusive', 'ingest-dialer') });
    expect(await ingestStage(kit.deps(), { callId: id }, stageContext())).toEqual({ next: [{ name: 'scan', payload: { callId: id } }], alreadyDone: false });
    expect((await kit.call(id)).status).toBe('received');
  });

  it('routes a recording to decode; a recording missing from the audio store is a transient failure, not a permanent one', async () => {
    const id = await kit.register({ meta: await fixtureMeta('zh-compliant', 'ingest-audio'), audioPath: path.join(FIXTURE_DIR, 'zh-compliant.mp3') });
    // The store not mounted yet: the row says there is audio, the store has none.
    const unmounted = { ...kit.deps().audio, has: async () => false };
    const missing = await ingestStage(kit.deps({ audio: unmounted }), { callId: id }, stageContext()).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Error);
    expect(missing).not.toBeInstanceOf(PermanentError);
    expect((missing as Error).message).toMatch(/missing from the audio store/);
    expect((await kit.call(id)).status).toBe('received');
    expect(await ingestStage(kit.deps(), { callId: id }, stageContext())).toEqual({ next: [{ name: 'decode', payload: { callId: id } }], alreadyDone: false });
    expect((await repositories(kit.db).stageResults.get(id, 'ingest', ''))?.result).toEqual({ route: 'decode', delivered: false });
  });

  it('does nothing for a call that already failed', async () => {
    const id = await kit.register({ meta: await fixtureMeta('zh-compliant', 'ingest-failed') });
    await kit.setStatus(id, 'failed');
    expect(await ingestStage(kit.deps(), { callId: id }, stageContext())).toEqual({ next: [], alreadyDone: true });
  });
});
