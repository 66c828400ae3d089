import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoEngineError, SidecarInvalidError } from '../../../src/asr/asr-errors.ts';
import { findExecutable } from '../../../src/asr/find-executable.ts';
import { createPocketsphinxTranscriber } from '../../../src/asr/pocketsphinx-engine.ts';
import { createSidecarSource } from '../../../src/asr/sidecar.ts';
import { transcribeRecording } from '../../../src/asr/transcribe-recording.ts';
import { wordErrorRate } from '../../../src/asr/word-error-rate.ts';
import { decodeToPcm } from '../../../src/audio/decode.ts';
import { encodeWav } from '../../../src/audio/wav.ts';
import { TranscriptSchema, type CallMeta } from '../../../src/domain/transcript.ts';
import { createLogger } from '../../../src/logger.ts';
import { concatWithGaps, interleave, librivoxUtterances } from './asr-test-audio.ts';

const logger = createLogger('silent');
const clips = librivoxUtterances();
const pocketsphinx = findExecutable('pocketsphinx_continuous') !== null;
let dir: string;

const call: CallMeta = {
  id: 'en-1', agentId: 'A7', borrowerId: 'B9', bank: 'First National Bank', startedAt: '2026-03-02T10:30:00-05:00',
  direction: 'outbound', firstContact: true, language: 'en-US',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'callguard-transcribe-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!pocketsphinx || !clips)('transcribeRecording with real speech (pocketsphinx)', () => {
  it('transcribes each side of a stereo call alone and merges them into one timeline with speakers', { timeout: 180_000 }, async () => {
    // Agent (left) speaks first; the customer (right) answers after a pause.
    const agentClip = clips!.find((c) => c.file.endsWith('0880.wav'))!;
    const customerClip = clips!.find((c) => c.file.endsWith('0930.wav'))!;
    const [agent, customer] = await Promise.all([agentClip, customerClip].map((c) => decodeToPcm(c.file, { split: false })));
    const agentPcm = agent!.channels[0]!;
    const answerAtMs = agent!.durationMs + 500;
    const customerPcm = concatWithGaps([new Int16Array(0), customer!.channels[0]!], answerAtMs).pcm;
    const file = path.join(dir, 'stereo.wav');
    await writeFile(file, encodeWav(interleave(agentPcm, customerPcm), 16000, 2));

    const transcript = await transcribeRecording(file, call, createPocketsphinxTranscriber(logger), { logger });
    expect(TranscriptSchema.safeParse(transcript).success).toBe(true);
    expect(transcript.engine?.name).toBe('pocketsphinx');
    const agentSegs = transcript.segments.filter((s) => s.speaker === 'agent');
    const customerSegs = transcript.segments.filter((s) => s.speaker === 'customer');
    expect(agentSegs.length).toBeGreaterThan(0);
    expect(customerSegs.length).toBeGreaterThan(0);
    expect(transcript.segments.map((s) => s.speaker)).toEqual([...agentSegs.map(() => 'agent'), ...customerSegs.map(() => 'customer')]);
    for (const s of agentSegs) expect(s.endMs).toBeLessThanOrEqual(agent!.durationMs + 50);
    for (const s of customerSegs) expect(s.startMs).toBeGreaterThanOrEqual(answerAtMs - 50);
    // Each side carries its own words, not the other's.
    const text = (segs: typeof agentSegs) => segs.map((s) => s.text).join(' ');
    expect(wordErrorRate(agentClip.reference, text(agentSegs)).rate).toBeLessThan(0.6);
    expect(wordErrorRate(customerClip.reference, text(customerSegs)).rate).toBeLessThan(0.8);
    expect(wordErrorRate(agentClip.reference, text(customerSegs)).rate).toBeGreaterThan(0.8);
    expect(transcript.call.recording).toEqual({ present: true, durationMs: expect.any(Number), silentChannels: [] });
  });

  it('labels a mono recording’s speech `unknown`', { timeout: 120_000 }, async () => {
    const clip = clips!.find((c) => c.file.endsWith('0880.wav'))!;
    const transcript = await transcribeRecording(clip.file, call, createPocketsphinxTranscriber(logger), { logger });
    expect(transcript.segments.length).toBeGreaterThan(0);
    expect(new Set(transcript.segments.map((s) => s.speaker))).toEqual(new Set(['unknown']));
  });
});

describe('transcribeRecording with a delivered transcript', () => {
  const delivered = {
    call: { ...call, agentName: 'J. Smith' },
    segments: [
      { speaker: 'agent', startMs: 0, endMs: 1500, text: 'hello' },
      { speaker: 'customer', startMs: 1600, endMs: 2000, text: 'hi' },
    ],
    engine: { name: 'dialer-asr' },
  };

  it('takes the delivered segments and keeps the caller’s metadata authoritative', async () => {
    const rec = path.join(dir, 'delivered.mp3');
    await writeFile(`${rec}.transcript.json`, JSON.stringify({ ...delivered, call: { ...delivered.call, bank: 'Other Bank' } }));
    const t = await transcribeRecording(rec, call, createSidecarSource(), { logger });
    expect(t.segments).toHaveLength(2);
    expect(t.call.bank).toBe('First National Bank');
    expect(t.call.agentName).toBe('J. Smith');
    expect(t.engine).toEqual({ name: 'sidecar', model: 'dialer-asr' });
  });

  it('refuses a transcript of another call', async () => {
    const rec = path.join(dir, 'other.mp3');
    await writeFile(`${rec}.transcript.json`, JSON.stringify({ ...delivered, call: { ...delivered.call, id: 'someone-else' } }));
    await expect(transcribeRecording(rec, call, createSidecarSource(), { logger })).rejects.toBeInstanceOf(SidecarInvalidError);
  });

  it('says so when no transcript was delivered', async () => {
    const err = await transcribeRecording(path.join(dir, 'none.mp3'), call, createSidecarSource(), { logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoEngineError);
    expect((err as Error).message).toMatch(/none\.mp3\.transcript\.json, none\.transcript\.json/);
  });
});
