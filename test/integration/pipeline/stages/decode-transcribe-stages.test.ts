import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SidecarInvalidError } from '../../../../src/asr/asr-errors.ts';
import type { Transcript } from '../../../../src/domain/transcript.ts';
import { PermanentError } from '../../../../src/pipeline/errors.ts';
import { decodeStage } from '../../../../src/pipeline/stages/decode-stage.ts';
import { transcribeStage } from '../../../../src/pipeline/stages/transcribe-stage.ts';
import { repositories } from '../../../../src/store/index.ts';
import { FIXTURE_DIR } from '../fixture-expectations.ts';
import { fixtureMeta, fixtureTranscriptText, scriptedSidecar, stageContext, useStageKit } from './stage-kit.ts';

describe('decode and transcribe stages', () => {
  const kit = useStageKit();

  /** A call with a recording; each test its own file, since one recording under two ids is a duplicate. */
  const recording = async (id: string, audioPath = path.join(FIXTURE_DIR, 'zh-compliant.mp3')) =>
    kit.register({ meta: await fixtureMeta('zh-compliant', id), audioPath });

  it('refuse for good a job for a call that does not exist, or one without a recording', async () => {
    await expect(decodeStage(kit.deps(), { callId: 'nobody' }, stageContext())).rejects.toBeInstanceOf(PermanentError);
    await expect(transcribeStage(kit.deps(), { callId: 'nobody' }, stageContext())).rejects.toBeInstanceOf(PermanentError);
    const id = await kit.register({ meta: await fixtureMeta('zh-compliant', 'no-audio') });
    await expect(decodeStage(kit.deps(), { callId: id }, stageContext())).rejects.toThrow(/has no recording to decode/);
    await expect(transcribeStage(kit.deps(), { callId: id }, stageContext())).rejects.toThrow(/has no recording to transcribe/);
  });

  it('decode records the recording\'s facts and hands it to transcribe; a second run finds it done', async () => {
    const id = await recording('decode-ok');
    expect(await decodeStage(kit.deps(), { callId: id }, stageContext())).toEqual({ next: [{ name: 'transcribe', payload: { callId: id } }], alreadyDone: false });
    expect((await kit.call(id)).status).toBe('decoded');
    expect((await repositories(kit.db).stageResults.get(id, 'decode', ''))?.result).toMatchObject({ codec: 'mp3', channels: 2 });
    expect(await decodeStage(kit.deps(), { callId: id }, stageContext())).toEqual({ next: [{ name: 'transcribe', payload: { callId: id } }], alreadyDone: true });
  });

  it('decode refuses for good a file that is not audio, saying why', async () => {
    const id = await recording('decode-garbled', path.resolve('fixtures/bad-audio/text-renamed.wav'));
    const err = await decodeStage(kit.deps(), { callId: id }, stageContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/recording unusable \(not_audio\): the (\w+ )?recording of call decode-garbled: /);
    // Named by its call, not by the audio store's content hash.
    expect((err as Error).message).not.toMatch(/[0-9a-f]{64}/);
    expect((await kit.call(id)).status).toBe('received');
  });

  it('transcribe stores the engine\'s transcript and hands the call to scan; a second run finds it done', async () => {
    const id = await recording('transcribe-ok', path.join(FIXTURE_DIR, 'zh-abusive.mp3'));
    const meta = await fixtureMeta('zh-compliant', id);
    const delivered = JSON.parse(await fixtureTranscriptText('zh-compliant', meta)) as Transcript;
    const engine = scriptedSidecar(() => delivered);
    expect(await transcribeStage(kit.deps({ engine }), { callId: id }, stageContext())).toEqual({ next: [{ name: 'scan', payload: { callId: id } }], alreadyDone: false });
    expect((await kit.call(id)).status).toBe('transcribed');
    expect((await repositories(kit.db).transcripts.latestForCall(id))?.segments).toHaveLength(delivered.segments.length);
    const failing = scriptedSidecar(() => { throw new Error('must not be asked again'); });
    expect(await transcribeStage(kit.deps({ engine: failing }), { callId: id }, stageContext())).toEqual({ next: [{ name: 'scan', payload: { callId: id } }], alreadyDone: true });
  });

  it('transcribe maps an invalid transcript to a permanent failure and an engine crash to a transient one', async () => {
    const id = await recording('transcribe-errors', path.join(FIXTURE_DIR, 'en-compliant.mp3'));
    const invalid = scriptedSidecar((file) => { throw new SidecarInvalidError(file, ['segments: required']); });
    await expect(transcribeStage(kit.deps({ engine: invalid }), { callId: id }, stageContext())).rejects.toBeInstanceOf(PermanentError);
    const crash = await transcribeStage(kit.deps({ engine: scriptedSidecar(() => { throw new Error('engine crashed'); }) }), { callId: id }, stageContext()).catch((e: unknown) => e);
    expect(crash).toBeInstanceOf(Error);
    expect(crash).not.toBeInstanceOf(PermanentError);
    expect((await kit.call(id)).status).toBe('received');
  });
});
