import path from 'node:path';
import type { Config } from '../config.ts';
import type { Language } from '../domain/transcript.ts';
import type { Logger } from '../logger.ts';
import { AsrConfigError, NoEngineError } from './asr-errors.ts';
import { findExecutable } from './find-executable.ts';
import { createOpenAiHttpTranscriber } from './openai-http-engine.ts';
import { createPocketsphinxTranscriber, POCKETSPHINX_COMMAND, type PocketsphinxOptions } from './pocketsphinx-engine.ts';
import { createSidecarSource, sidecarCandidates } from './sidecar.ts';
import type { EngineChooser, EngineName, SidecarSource, Transcriber, TranscriptionEngine } from './transcriber.ts';
import { createWhisperTranscriber } from './whisper-engine.ts';

export type AsrConfig = Pick<
  Config,
  'ASR_ENGINE' | 'WHISPER_MODEL' | 'WHISPER_LANGUAGE' | 'WHISPER_THREADS' | 'WHISPER_BUILD' | 'OPENAI_ASR_URL' | 'OPENAI_ASR_KEY' | 'OPENAI_ASR_MODEL'
>;

export interface CreateTranscriberOptions {
  /** A delivered transcript's path, for the sidecar engine (default: beside the recording). */
  sidecarPath?: string;
  /** Where to look for pocketsphinx_continuous (default: PATH). */
  envPath?: string;
  /** Where engines write temp files (decoded audio): the process's work directory (default: the system temp directory). */
  tempDir?: string;
}

/**
 * ASR_ENGINE → an engine. The only place that reads configuration: engines themselves take explicit
 * options. Misconfiguration throws AsrConfigError naming the variable.
 */
export function createTranscriber(config: AsrConfig, logger: Logger, options: CreateTranscriberOptions = {}): TranscriptionEngine {
  const engine: EngineName = config.ASR_ENGINE;
  switch (engine) {
    case 'whisper':
      return whisper(config, logger);
    case 'pocketsphinx':
      if (!findExecutable(POCKETSPHINX_COMMAND, options.envPath)) {
        throw new AsrConfigError('ASR_ENGINE', `ASR_ENGINE=pocketsphinx but ${POCKETSPHINX_COMMAND} is not installed (apt-get install pocketsphinx pocketsphinx-en-us)`);
      }
      return createPocketsphinxTranscriber(logger, pocketsphinxOptions(options));
    case 'openai-http':
      return openAiHttp(config, logger);
    case 'sidecar':
      return createSidecarSource(options.sidecarPath ? { path: options.sidecarPath } : {});
    case 'auto':
      return createAutoChooser(config, logger, options);
  }
}

function pocketsphinxOptions(options: CreateTranscriberOptions): PocketsphinxOptions {
  return options.tempDir ? { tempDir: options.tempDir } : {};
}

function whisper(config: AsrConfig, logger: Logger): Transcriber {
  if (!config.WHISPER_MODEL) {
    // Checked again (with the file) by the engine; here the message also says how to avoid whisper.
    throw new AsrConfigError(
      'WHISPER_MODEL',
      'ASR_ENGINE=whisper needs WHISPER_MODEL, the path of a ggml whisper model file: for Mandarin ggml-large-v3-turbo.bin or ggml-small.bin (docs/transcription.md)',
    );
  }
  return createWhisperTranscriber(logger, {
    modelPath: config.WHISPER_MODEL,
    language: config.WHISPER_LANGUAGE,
    build: config.WHISPER_BUILD,
    ...(config.WHISPER_THREADS ? { threads: config.WHISPER_THREADS } : {}),
  });
}

function openAiHttp(config: AsrConfig, logger: Logger): Transcriber {
  if (!config.OPENAI_ASR_URL) {
    throw new AsrConfigError('OPENAI_ASR_URL', 'ASR_ENGINE=openai-http needs OPENAI_ASR_URL, e.g. http://gpu-1:8000/v1 (an OpenAI-compatible /v1/audio/transcriptions server)');
  }
  return createOpenAiHttpTranscriber(logger, {
    url: config.OPENAI_ASR_URL,
    model: config.OPENAI_ASR_MODEL,
    ...(config.OPENAI_ASR_KEY ? { apiKey: config.OPENAI_ASR_KEY } : {}),
  });
}

/**
 * `auto`, per call, the first that applies (docs/transcription.md, "Which engine `auto` picks"):
 * 1. whisper, when WHISPER_MODEL is set; 2. an OpenAI-compatible server, when OPENAI_ASR_URL is set
 * (both chosen by the operator for these calls, and both hear Mandarin and telephone audio);
 * 3. the transcript delivered with the recording; 4. pocketsphinx, for en-US calls, when installed;
 * else a NoEngineError saying what would make the call transcribable.
 * A delivered transcript comes before pocketsphinx whatever the audio: pocketsphinx's wideband model
 * hears next to nothing on telephone audio (WER ≈ 100 %), and which calls are telephone audio cannot
 * be told from the container (Opus reports 48 kHz for an 8 kHz call). Where pocketsphinx does run on
 * narrowband audio, the transcript's quality estimate flags it from the decoded spectrum.
 * Engines are built on first use and kept for the next calls.
 */
export function createAutoChooser(config: AsrConfig, logger: Logger, options: CreateTranscriberOptions = {}): EngineChooser {
  const built = new Map<string, Transcriber>();
  const once = (name: string, make: () => Transcriber): Transcriber => {
    let t = built.get(name);
    if (!t) built.set(name, (t = make()));
    return t;
  };
  const sidecar = createSidecarSource(options.sidecarPath ? { path: options.sidecarPath } : {});
  return {
    kind: 'auto',
    name: 'auto',
    async choose(recording: string, language: Language): Promise<Transcriber | SidecarSource> {
      if (config.WHISPER_MODEL) return once('whisper', () => whisper(config, logger));
      if (config.OPENAI_ASR_URL) return once('openai-http', () => openAiHttp(config, logger));
      if (await sidecar.locate(recording)) return sidecar;
      const pocketsphinx = findExecutable(POCKETSPHINX_COMMAND, options.envPath);
      if (language === 'en-US' && pocketsphinx) return once('pocketsphinx', () => createPocketsphinxTranscriber(logger, pocketsphinxOptions(options)));
      const why = [
        'WHISPER_MODEL is not set',
        'OPENAI_ASR_URL is not set',
        `no delivered transcript (${sidecarCandidates(recording).map((c) => path.basename(c)).join(' or ')})`,
        language === 'en-US' ? `${POCKETSPHINX_COMMAND} is not installed` : `pocketsphinx recognises en-US only, this call is ${language}`,
      ];
      throw new NoEngineError(
        `no engine can transcribe ${path.basename(recording)}: ${why.join('; ')}. Set WHISPER_MODEL (for Mandarin: ggml-large-v3-turbo.bin or ggml-small.bin) or OPENAI_ASR_URL — docs/transcription.md`,
      );
    },
    async close() {
      await Promise.all([...built.values()].map((t) => t.close()));
      built.clear();
    },
  };
}

/** Releases whatever an engine holds (whisper's model); sidecar holds nothing. */
export async function closeEngine(engine: TranscriptionEngine): Promise<void> {
  if (engine.kind !== 'sidecar') await engine.close();
}
