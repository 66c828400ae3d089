import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsrConfigError } from '../../../src/asr/asr-errors.ts';
import { transcribeRecording } from '../../../src/asr/transcribe-recording.ts';
import { createWhisperTranscriber } from '../../../src/asr/whisper-engine.ts';
import { buildWhisperTestModel } from '../../../src/asr/whisper-test-model.ts';
import { decodeToPcm } from '../../../src/audio/decode.ts';
import { encodeWav } from '../../../src/audio/wav.ts';
import { TranscriptSchema, type CallMeta } from '../../../src/domain/transcript.ts';
import { createLogger } from '../../../src/logger.ts';
import { concatWithGaps, interleave, librivoxUtterances } from './asr-test-audio.ts';

/*
 * The whisper engine end to end on the tensor-less test model (scripts/generate-whisper-test-model.ts):
 * the native build loads, takes PCM, runs the encoder and decoder on zeroed weights (no segments),
 * and releases. Real weights go through exactly this code.
 */
const logger = createLogger('silent');
let dir: string;
let model: string;

const call: CallMeta = {
  id: 'whisper-1', agentId: 'A1', borrowerId: 'B1', bank: '招商银行', startedAt: '2026-03-02T10:30:00+08:00',
  direction: 'outbound', firstContact: true, language: 'zh-CN',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'callguard-whisper-test-'));
  model = path.join(dir, 'ggml-test-tiny.bin');
  await writeFile(model, buildWhisperTestModel());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('whisper engine', () => {
  it('transcribes a real stereo recording into a well-formed, empty transcript', async () => {
    const clips = librivoxUtterances();
    let left: Int16Array;
    let right: Int16Array;
    if (clips) {
      const decoded = await Promise.all(clips.slice(0, 2).map((c) => decodeToPcm(c.file, { split: false })));
      left = decoded[0]!.channels[0]!;
      right = concatWithGaps([new Int16Array(8000), decoded[1]!.channels[0]!], 0).pcm;
    } else {
      // Without pocketsphinx-testdata: a tone on each side still drives the whole path.
      left = Int16Array.from({ length: 48_000 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
      right = Int16Array.from({ length: 48_000 }, (_, i) => Math.round(8000 * Math.sin(i / 9)));
    }
    const stereo = path.join(dir, 'call.wav');
    await writeFile(stereo, encodeWav(interleave(left, right), 16000, 2));

    const engine = createWhisperTranscriber(logger, { modelPath: model, language: 'auto', threads: 2 });
    try {
      const transcript = await transcribeRecording(stereo, call, engine, { logger });
      expect(TranscriptSchema.safeParse(transcript).success).toBe(true);
      expect(transcript.segments).toEqual([]);
      expect(transcript.engine).toMatchObject({ name: 'whisper', model: 'ggml-test-tiny.bin' });
      expect(transcript.call.recording).toMatchObject({ present: true, silentChannels: [] });
      expect(transcript.call.recording!.durationMs).toBeGreaterThan(1000);
    } finally {
      await engine.close();
    }
  });

  it('keeps the model loaded between calls and refuses use after close()', async () => {
    const engine = createWhisperTranscriber(logger, { modelPath: model, language: 'zh' });
    const pcm = Int16Array.from({ length: 16_000 }, (_, i) => Math.round(3000 * Math.sin(i / 7)));
    expect(await engine.transcribe(pcm, { language: 'zh-CN', vocabulary: ['招商银行'] })).toEqual([]);
    expect(await engine.transcribe(pcm, { language: 'en-US' })).toEqual([]);
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
