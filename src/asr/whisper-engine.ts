import path from 'node:path';
import type { Logger } from '../logger.ts';
import { AsrConfigError, EngineError } from './asr-errors.ts';
import { checkWhisperModelFile } from './whisper-model-file.ts';
import { loadWhisperNative, type NativeWhisperContext, type NativeWhisperModule, type WhisperBuild } from './whisper-native.ts';
import { whisperLanguageCode, whisperPrompt } from './whisper-prompt.ts';
import type { ChannelRequest, RecognizedSegment, Transcriber } from './transcriber.ts';

export interface WhisperOptions {
  /** ggml model file (WHISPER_MODEL). */
  modelPath: string;
  /** `auto` follows each call's metadata language (zh-CN → zh, en-US → en); zh / en force one. */
  language: 'zh' | 'en' | 'auto';
  /** CPU threads for inference (default: whisper.cpp's own, min(4, cores)). */
  threads?: number;
  /** Which native build to load (WHISPER_BUILD); GPU builds fall back to CPU where no GPU is found. */
  build?: WhisperBuild;
  /** Deadline per channel = fixed + factor × audio length (defaults 60 s + 5 × duration). */
  timeoutBaseMs?: number;
  timeoutFactor?: number;
}

export const WHISPER_ENGINE_VERSION = 'whisper.cpp 1.9 (@fugood/whisper.node 1.1.3)';

/**
 * whisper.cpp in-process. The model loads on first use and stays loaded for the next calls (loading
 * large-v3-turbo takes seconds); close() releases it. One context decodes one channel at a time,
 * so calls are queued. Native log lines go to the logger at debug level, not to the terminal.
 */
export function createWhisperTranscriber(logger: Logger, options: WhisperOptions): Transcriber {
  const modelPath = options.modelPath;
  const summary = checkWhisperModelFile(modelPath);
  if (summary.tensors === 0) {
    logger.warn({ engine: 'whisper', model: path.basename(modelPath) }, 'the whisper model has no weights (a test model): every transcript will be empty');
  }
  const build = options.build ?? 'cpu';
  const native = loadWhisperNative(build);
  let context: Promise<NativeWhisperContext> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const open = (): Promise<NativeWhisperContext> => {
    context ??= withNativeLog(native, logger, async (nativeErrors) => {
      const started = Date.now();
      try {
        const ctx = await new native.WhisperContext({ filePath: modelPath, useGpu: build !== 'cpu' });
        logger.debug({ engine: 'whisper', model: path.basename(modelPath), build, tookMs: Date.now() - started }, 'whisper model loaded');
        return ctx;
      } catch (err) {
        await nativeErrorsArrived(nativeErrors);
        const said = nativeErrors.join('; ') || (err instanceof Error ? err.message : String(err));
        throw new AsrConfigError('WHISPER_MODEL', `WHISPER_MODEL=${modelPath} could not be loaded by whisper.cpp (corrupt or incomplete model file?): ${said}`);
      }
    }).catch((err: unknown) => {
      context = null;
      throw err;
    });
    return context;
  };

  const run = async (pcm: Int16Array, request: ChannelRequest): Promise<RecognizedSegment[]> => {
    if (closed) throw new Error('whisper engine used after close()');
    request.signal?.throwIfAborted();
    const ctx = await open();
    const language = options.language === 'auto' ? whisperLanguageCode(request.language) : options.language;
    const prompt = whisperPrompt(request.language, request.vocabulary ?? []);
    // transcribeData wants the bytes of exactly these samples, not a view into a larger buffer.
    const bytes = pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength) as ArrayBuffer;
    const started = Date.now();
    const result = await withNativeLog(native, logger, async () => {
      const job = ctx.transcribeData(bytes, {
        language,
        ...(options.threads ? { maxThreads: options.threads } : {}),
        ...(prompt ? { prompt } : {}),
      });
      const onAbort = () => void job.stop();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      // A decode that never returns (seen with damaged models) must not hold the call forever. The
      // native thread cannot be killed: the context is dropped, and a worker should be restarted.
      const audioMs = (pcm.length / 16000) * 1000;
      const deadlineMs = Math.round((options.timeoutBaseMs ?? 60_000) + (options.timeoutFactor ?? 5) * audioMs);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          void job.stop();
          context = null;
          reject(new EngineError('whisper', `whisper did not finish ${Math.round(audioMs)} ms of audio within ${deadlineMs} ms; the model context was abandoned`, false));
        }, deadlineMs);
        timer.unref();
      });
      try {
        return await Promise.race([job.promise, deadline]);
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
      }
    });
    request.signal?.throwIfAborted();
    if (result.isAborted) throw new EngineError('whisper', 'whisper transcription was stopped', false);
    const segments = result.segments
      .map((s) => ({ startMs: Math.max(0, Math.round(s.t0)), endMs: Math.max(0, Math.round(s.t1)), text: s.text.trim() }))
      .filter((s) => s.text.length > 0)
      .map((s) => ({ ...s, endMs: Math.max(s.startMs, s.endMs) }));
    logger.debug(
      { engine: 'whisper', audioMs: Math.round(pcm.length / 16), tookMs: Date.now() - started, segmentCount: segments.length, language },
      'channel transcribed',
    );
    return segments;
  };

  return {
    kind: 'audio',
    name: 'whisper',
    model: path.basename(modelPath),
    version: WHISPER_ENGINE_VERSION,
    transcribe(pcm, request) {
      const next = queue.then(() => run(pcm, request));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      closed = true;
      await queue;
      const ctx = context;
      context = null;
      if (ctx) await (await ctx.catch(() => null))?.release();
    },
  };
}

/*
 * The binding's log hook is process-wide, and while it is on the process cannot exit; it is on only
 * while some context loads or decodes. Native lines arrive asynchronously, hence the short flush.
 */
let nativeLogUsers = 0;
const nativeLogSinks = new Set<(level: string, text: string) => void>();

async function withNativeLog<T>(native: NativeWhisperModule, logger: Logger, work: (errors: string[]) => Promise<T>): Promise<T> {
  const errors: string[] = [];
  const sink = (level: string, text: string) => {
    const line = text.trim();
    if (!line) return;
    if (level === 'error' || level === 'warn') errors.push(line);
    logger.debug({ engine: 'whisper', native: level }, line);
  };
  nativeLogSinks.add(sink);
  if (nativeLogUsers++ === 0) {
    native.WhisperContext.toggleNativeLog(true, (level, text) => {
      for (const s of nativeLogSinks) s(level, text);
    });
  }
  try {
    return await work(errors);
  } finally {
    await flushNativeLog();
    nativeLogSinks.delete(sink);
    if (--nativeLogUsers === 0) native.WhisperContext.toggleNativeLog(false);
  }
}

function flushNativeLog(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * After a refused model: whisper.cpp's reason ("unknown tensor …") reaches us through the native
 * log callback, queued on the event loop behind the rejection. On a busy machine it can take far
 * longer than the usual flush, so wait for the first error line (at most `maxMs`), then let the
 * lines logged with it arrive too.
 */
async function nativeErrorsArrived(errors: readonly string[], maxMs = 2000): Promise<void> {
  for (let waited = 0; errors.length === 0 && waited < maxMs; waited += 10) await flushNativeLog();
  await flushNativeLog();
}
