import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsrConfigError, NoEngineError } from '../../../src/asr/asr-errors.ts';
import { createTranscriber, type AsrConfig } from '../../../src/asr/create-transcriber.ts';
import { buildWhisperTestModel } from '../../../src/asr/whisper-test-model.ts';
import { createLogger } from '../../../src/logger.ts';

const logger = createLogger('silent');
const base: AsrConfig = {
  ASR_ENGINE: 'auto', WHISPER_LANGUAGE: 'auto', WHISPER_BUILD: 'cpu', OPENAI_ASR_MODEL: 'whisper-1',
  WHISPER_MODEL: undefined, WHISPER_THREADS: undefined, OPENAI_ASR_URL: undefined, OPENAI_ASR_KEY: undefined,
};
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'callguard-engines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function configError(fn: () => unknown): AsrConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AsrConfigError) return err;
    throw err;
  }
  throw new Error('expected an AsrConfigError');
}

describe('createTranscriber', () => {
  it('names WHISPER_MODEL when whisper is chosen without a model', () => {
    const err = configError(() => createTranscriber({ ...base, ASR_ENGINE: 'whisper' }, logger));
    expect(err.variable).toBe('WHISPER_MODEL');
    expect(err.message).toMatch(/large-v3-turbo/);
  });

  it('names OPENAI_ASR_URL when the HTTP engine has no server', () => {
    expect(configError(() => createTranscriber({ ...base, ASR_ENGINE: 'openai-http' }, logger)).variable).toBe('OPENAI_ASR_URL');
  });

  it('says pocketsphinx is not installed when it is not on PATH', () => {
    const err = configError(() => createTranscriber({ ...base, ASR_ENGINE: 'pocketsphinx' }, logger, { envPath: dir }));
    expect(err.message).toMatch(/pocketsphinx_continuous is not installed/);
  });

  it('builds each engine with its name', () => {
    expect(createTranscriber({ ...base, ASR_ENGINE: 'sidecar' }, logger).name).toBe('sidecar');
    expect(createTranscriber({ ...base, ASR_ENGINE: 'openai-http', OPENAI_ASR_URL: 'http://127.0.0.1:9/v1' }, logger).name).toBe('openai-http');
  });

  describe('auto', () => {
    const recording = () => path.join(dir, 'rec.wav');

    it('explains why no engine can take a Mandarin call without whisper, server or sidecar', async () => {
      const auto = createTranscriber(base, logger);
      if (auto.kind !== 'auto') throw new Error('expected auto');
      const err = (await auto.choose(recording(), 'zh-CN').catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(NoEngineError);
      expect(err.message).toMatch(/WHISPER_MODEL is not set.*OPENAI_ASR_URL is not set.*rec\.transcript\.json.*en-US only/);
    });

    it('picks the HTTP server when configured, else a delivered transcript, else pocketsphinx for en-US when installed', async () => {
      const withServer = createTranscriber({ ...base, OPENAI_ASR_URL: 'http://127.0.0.1:9/v1' }, logger);
      if (withServer.kind !== 'auto') throw new Error('expected auto');
      expect((await withServer.choose(recording(), 'zh-CN')).name).toBe('openai-http');

      const fakeBin = path.join(dir, 'bin');
      await mkdir(fakeBin, { recursive: true });
      await writeFile(path.join(fakeBin, 'pocketsphinx_continuous'), '#!/bin/sh\n', { mode: 0o755 });
      const local = createTranscriber(base, logger, { envPath: fakeBin });
      if (local.kind !== 'auto') throw new Error('expected auto');
      expect((await local.choose(recording(), 'en-US')).name).toBe('pocketsphinx');

      await writeFile(`${recording()}.transcript.json`, '{}');
      expect((await local.choose(recording(), 'zh-CN')).name).toBe('sidecar');
      // A delivered transcript beats pocketsphinx, whatever the recording's container says about its rate.
      expect((await local.choose(recording(), 'en-US')).name).toBe('sidecar');
      // ... but not a server or a whisper model the operator configured.
      expect((await withServer.choose(recording(), 'en-US')).name).toBe('openai-http');
      const model = path.join(dir, 'ggml-test.bin');
      await writeFile(model, buildWhisperTestModel());
      const withWhisper = createTranscriber({ ...base, WHISPER_MODEL: model }, logger, { envPath: fakeBin });
      if (withWhisper.kind !== 'auto') throw new Error('expected auto');
      expect((await withWhisper.choose(recording(), 'en-US')).name).toBe('whisper');
      await withWhisper.close();
      await rm(`${recording()}.transcript.json`);
    });
  });
});
