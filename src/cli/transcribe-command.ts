import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { CallMetaSchema, type CallMeta } from '../domain/transcript.ts';
import { createLogger } from '../logger.ts';
import { AsrConfigError, NoEngineError, SidecarInvalidError } from '../asr/asr-errors.ts';
import { closeEngine, createTranscriber } from '../asr/create-transcriber.ts';
import { describeIssue, readSidecarTranscript, sidecarCandidates } from '../asr/sidecar.ts';
import { transcribeRecording } from '../asr/transcribe-recording.ts';
import { AudioInputError } from '../audio/audio-input-error.ts';
import { defaultCallMeta, describeDefaults, languageOfChoice } from './default-call-meta.ts';
import { ASR_ENGINES, WHISPER_LANGUAGES } from './option-choices.ts';

/**
 * `callguard transcribe AUDIO` prints the transcript JSON that `callguard scan` reads. stdout carries
 * only that JSON; logs and errors go to stderr. Exit 0 done, 1 bad input or configuration, 2 usage.
 */
export interface TranscribeArgs {
  audio: string;
  engine?: string;
  model?: string;
  language?: string;
  meta?: string;
  sidecar?: string;
}

export interface Output {
  out(text: string): void;
  err(line: string): void;
}

const ENGINES: readonly string[] = ASR_ENGINES;

export async function transcribeCommand(args: TranscribeArgs, io: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.engine !== undefined && !ENGINES.includes(args.engine)) {
    io.err(`callguard transcribe: --engine must be one of ${ENGINES.join(', ')}, not "${args.engine}"`);
    return 2;
  }
  if (args.language !== undefined && !(WHISPER_LANGUAGES as readonly string[]).includes(args.language)) {
    io.err(`callguard transcribe: --language must be zh, en or auto, not "${args.language}"`);
    return 2;
  }
  try {
    const config = loadConfig({
      ...env,
      ...(args.engine ? { ASR_ENGINE: args.engine } : {}),
      ...(args.model ? { WHISPER_MODEL: args.model } : {}),
      ...(args.language ? { WHISPER_LANGUAGE: args.language } : {}),
    });
    const logger = createLogger(config.LOG_LEVEL);
    // The recording first: a missing file is reported as such, not as missing metadata.
    const recording = await recordingStat(args.audio);
    let call = await callMetadata(args);
    if (!call) {
      const asked = languageOfChoice(config.WHISPER_LANGUAGE);
      call = defaultCallMeta(args.audio, { language: asked ?? 'zh-CN', startedAt: recording.mtime, utcOffsetMinutes: -recording.mtime.getTimezoneOffset() });
      io.err(`callguard transcribe: ${describeDefaults(args.audio, call, asked !== undefined)}`);
    }
    const engine = createTranscriber(config, logger, args.sidecar ? { sidecarPath: args.sidecar } : {});
    try {
      const transcript = await transcribeRecording(args.audio, call, engine, { logger });
      io.out(`${JSON.stringify(transcript, null, 2)}\n`);
      return 0;
    } finally {
      await closeEngine(engine);
    }
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof AsrConfigError ||
      err instanceof NoEngineError ||
      err instanceof SidecarInvalidError ||
      err instanceof AudioInputError ||
      err instanceof MetadataError ||
      err instanceof RecordingError
    ) {
      io.err(`callguard transcribe: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

class MetadataError extends Error {}
class RecordingError extends Error {}

async function recordingStat(file: string): Promise<{ mtime: Date }> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RecordingError(code === 'ENOENT' ? `${file}: no such file / 录音文件不存在` : `${file}: ${(err as Error).message}`);
  }
  if (!info.isFile()) throw new RecordingError(`${file}: not a file / 不是文件`);
  return { mtime: info.mtime };
}

/**
 * --meta, else metadata beside the recording, else the call a delivered transcript carries; none
 * of them: undefined (the command then assumes defaults and says so).
 */
async function callMetadata(args: TranscribeArgs): Promise<CallMeta | undefined> {
  const parsed = path.parse(args.audio);
  const candidates = args.meta ? [args.meta] : [`${args.audio}.meta.json`, path.join(parsed.dir, `${parsed.name}.meta.json`)];
  for (const file of candidates) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (args.meta || (err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new MetadataError(`${file}: ${(err as Error).message}`);
      }
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new MetadataError(`${file}: not JSON: ${(err as Error).message}`);
    }
    // A metadata file may be the call object itself or a transcript-shaped { call: … }.
    const candidate = json !== null && typeof json === 'object' && 'call' in json ? (json as { call: unknown }).call : json;
    const result = CallMetaSchema.safeParse(candidate);
    if (!result.success) {
      throw new MetadataError(`${file}: invalid call metadata:\n${result.error.issues.map((i) => `  - ${describeIssue(i)}`).join('\n')}`);
    }
    return result.data;
  }
  for (const sidecar of args.sidecar ? [args.sidecar] : sidecarCandidates(args.audio)) {
    try {
      return (await readSidecarTranscript(sidecar)).call;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return undefined;
}
