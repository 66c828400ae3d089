import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsrConfigError } from '../../../src/asr/asr-errors.ts';
import { transcribeRecording } from '../../../src/asr/transcribe-recording.ts';
import { createWhisperTranscriber } from '../../../src/asr/whisper-engine.ts';
import { buildWhisperTestModel } from '../../../src/asr/whisper-test-model.ts';
import { CallMetaSchema, TranscriptSchema, type CallMeta } from '../../../src/domain/transcript.ts';
import { createLogger } from '../../../src/logger.ts';

/*
 * The whisper engine end to end on the tensor-less test model (scripts/generate-whisper-test-model.ts):
 * the native build loads, takes PCM, runs the encoder and decoder on zeroed weights (no segments),
 * and releases. Real weights go through exactly this code.
 */
const logger = createLogger('silent');
// whisper's encoder always runs a 30 s window: ≈ 1 s per channel on an idle 2-core machine with the
// test model, ten times that on a loaded one.
const SLOW = { timeout: 180_000 };
const FIXTURE_CALLS = path.resolve(import.meta.dirname, '../../../fixtures/calls');
let dir: string;
let model: string;


beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'callguard-whisper-test-'));
  model = path.join(dir, 'ggml-test-tiny.bin');
  await writeFile(model, buildWhisperTestModel());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('whisper engine', () => {
  it('transcribes the Mandarin fixture call (stereo MP3) into a well-formed, empty transcript', SLOW, async () => {
    const fixture = path.join(FIXTURE_CALLS, 'zh-compliant.mp3');
    const meta = (JSON.parse(await readFile(path.join(FIXTURE_CALLS, 'calls.json'), 'utf8')) as { calls: Array<CallMeta & { audio: string }> }).calls.find(
      (c) => c.audio === 'zh-compliant.mp3',
    )!;
    const { audio: _audio, transcript: _transcript, ...callMeta } = meta as CallMeta & { audio: string; transcript?: string };
    const engine = createWhisperTranscriber(logger, { modelPath: model, language: 'auto', threads: 2 });
    try {
      const transcript = await transcribeRecording(fixture, CallMetaSchema.parse(callMeta), engine, { logger });
      expect(TranscriptSchema.safeParse(transcript).success).toBe(true);
      expect(transcript.segments).toEqual([]);
      expect(transcript.engine).toMatchObject({ name: 'whisper', model: 'ggml-test-tiny.bin' });
      expect(transcript.call).toMatchObject({ id: 'zh-compliant', bank: '招商银行' });
      expect(transcript.call.recording).toMatchObject({ present: true, silentChannels: [] });
      expect(transcript.call.recording!.durationMs).toBeGreaterThan(10_000);
    } finally {
      await engine.close();
    }
  });

  it('decodes PCM handed over directly, and refuses use after close()', SLOW, async () => {
    const engine = createWhisperTranscriber(logger, { modelPath: model, language: 'zh' });
    const pcm = Int16Array.from({ length: 16_000 }, (_, i) => Math.round(3000 * Math.sin(i / 7)));
    expect(await engine.transcribe(pcm, { language: 'en-US', vocabulary: ['First National Bank'] })).toEqual([]);
    await engine.close();
    await expect(engine.transcribe(pcm, { language: 'zh-CN' })).rejects.toThrow(/after close/);
  });

  it('says which variable to fix and which models suit Mandarin when the model file is missing', () => {
    const err = catchError(() => createWhisperTranscriber(logger, { modelPath: path.join(dir, 'absent.bin'), language: 'auto' }));
    expect(err).toBeInstanceOf(AsrConfigError);
    expect((err as AsrConfigError).variable).toBe('WHISPER_MODEL');
    expect(err.message).toMatch(/WHISPER_MODEL=.*absent\.bin: no such file/);
    expect(err.message).toMatch(/large-v3-turbo/);
    expect(err.message).toMatch(/ggml-small/);
  });

  it('rejects a file that is not a ggml model', async () => {
    const bad = path.join(dir, 'not-a-model.bin');
    await writeFile(bad, 'this is a text file, not weights\n');
    expect(catchError(() => createWhisperTranscriber(logger, { modelPath: bad, language: 'auto' })).message).toMatch(/not a whisper\.cpp ggml model.*magic/);
  });

  it('rejects a truncated model before whisper.cpp reads past its end (which would hang inference)', async () => {
    const bytes = buildWhisperTestModel();
    for (const cut of [100, 2000, bytes.length - 3]) {
      const bad = path.join(dir, `truncated-${cut}.bin`);
      await writeFile(bad, bytes.subarray(0, cut));
      const err = catchError(() => createWhisperTranscriber(logger, { modelPath: bad, language: 'auto' }));
      expect(err).toBeInstanceOf(AsrConfigError);
      expect(err.message).toMatch(/truncated or corrupt/);
    }
  });

  it('reports whisper.cpp’s own reason for a model it refuses (a tensor it does not know)', async () => {
    const tensor = Buffer.alloc(3 * 4 + 4 + 4 + 4);
    tensor.writeInt32LE(1, 0); // dims
    tensor.writeInt32LE(4, 4); // name length
    tensor.writeInt32LE(0, 8); // F32
    tensor.writeInt32LE(1, 12); // 1 element
    tensor.write('bogu', 16, 'latin1');
    tensor.writeFloatLE(0, 20);
    const bad = path.join(dir, 'unknown-tensor.bin');
    await writeFile(bad, Buffer.concat([buildWhisperTestModel(), tensor]));
    const engine = createWhisperTranscriber(logger, { modelPath: bad, language: 'auto' });
    try {
      const err = await engine.transcribe(new Int16Array(16_000), { language: 'zh-CN' }).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(AsrConfigError);
      expect((err as Error).message).toMatch(/could not be loaded by whisper\.cpp.*unknown tensor/);
    } finally {
      await engine.close();
    }
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
