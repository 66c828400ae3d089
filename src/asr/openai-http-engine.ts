import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { encodeWav } from '../audio/wav.ts';
import { AsrConfigError, EngineError } from './asr-errors.ts';
import { whisperLanguageCode, whisperPrompt } from './whisper-prompt.ts';
import { ASR_SAMPLE_RATE, type ChannelRequest, type RecognizedSegment, type Transcriber } from './transcriber.ts';
import type { Word } from '../domain/transcript.ts';

export interface OpenAiHttpOptions {
  /** Server base (`http://gpu-1:8000/v1`) or the full `/v1/audio/transcriptions` endpoint. */
  url: string;
  apiKey?: string;
  model: string;
  /** Per attempt (default 120 s + 1 × audio length). */
  timeoutBaseMs?: number;
  timeoutFactor?: number;
  /** Attempts in all, including the first (default 3). */
  attempts?: number;
  /** First retry delay; doubles each time (default 1 s). */
  backoffMs?: number;
  /** Longer channels are sent in pieces of this length (default 10 min ≈ 19 MB of WAV, under OpenAI's 25 MB cap). */
  maxChunkMs?: number;
}

export function transcriptionsEndpoint(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/audio/transcriptions') ? trimmed : `${trimmed}/audio/transcriptions`;
}

/** verbose_json as OpenAI, faster-whisper servers, vLLM and whisper.cpp's server return it. */
const VerboseJsonSchema = z.object({
  text: z.string(),
  language: z.string().optional(),
  duration: z.coerce.number().optional(),
  segments: z
    .array(
      z.object({
        start: z.coerce.number(),
        end: z.coerce.number(),
        text: z.string(),
        avg_logprob: z.number().optional(),
      }),
    )
    .optional()
    .nullable(),
  words: z.array(z.object({ word: z.string(), start: z.coerce.number(), end: z.coerce.number() })).optional().nullable(),
});
type VerboseJson = z.infer<typeof VerboseJsonSchema>;

/** Status codes worth another attempt: server-side failures, plus 408 / 429 which ask for one. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

class RetryableError extends Error {}

/**
 * Any OpenAI-compatible `/v1/audio/transcriptions` server: the way to put transcription on a GPU
 * fleet. Each channel goes up as a 16 kHz WAV with `response_format=verbose_json` (segment times).
 * A timeout, a network error or a 5xx is retried with exponential backoff; any other 4xx is not.
 */
export function createOpenAiHttpTranscriber(logger: Logger, options: OpenAiHttpOptions): Transcriber {
  const endpoint = transcriptionsEndpoint(options.url);
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoffMs = options.backoffMs ?? 1000;
  const maxChunkSamples = Math.max(1, Math.round(((options.maxChunkMs ?? 600_000) * ASR_SAMPLE_RATE) / 1000));

  const postOnce = async (wav: Buffer, request: ChannelRequest, durationMs: number): Promise<VerboseJson> => {
    const form = new FormData();
    form.append('file', new Blob([wav], { type: 'audio/wav' }), 'channel.wav');
    form.append('model', options.model);
    form.append('response_format', 'verbose_json');
    form.append('timestamp_granularities[]', 'segment');
    form.append('timestamp_granularities[]', 'word');
    form.append('language', whisperLanguageCode(request.language));
    const prompt = whisperPrompt(request.language, request.vocabulary ?? []);
    if (prompt) form.append('prompt', prompt);
    const timeoutMs = Math.round((options.timeoutBaseMs ?? 120_000) + (options.timeoutFactor ?? 1) * durationMs);
    const signals = [AbortSignal.timeout(timeoutMs), ...(request.signal ? [request.signal] : [])];
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        body: form,
        headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
        signal: AbortSignal.any(signals),
      });
    } catch (err) {
      if (request.signal?.aborted) throw request.signal.reason;
      const what = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `network error: ${causeMessage(err)}`;
      throw new RetryableError(`${endpoint}: ${what}`, { cause: err });
    }
    const body = await response.text().catch((err: unknown) => {
      throw new RetryableError(`${endpoint}: reading the response failed: ${causeMessage(err)}`, { cause: err });
    });
    if (!response.ok) {
      const detail = `${endpoint} answered ${response.status} ${response.statusText}: ${body.slice(0, 300)}`;
      if (isRetryableStatus(response.status)) throw new RetryableError(detail);
      if (response.status === 401 || response.status === 403) {
        throw new AsrConfigError('OPENAI_ASR_KEY', `${detail} (check OPENAI_ASR_KEY)`);
      }
      if (response.status === 404) throw new AsrConfigError('OPENAI_ASR_URL', `${detail} (check OPENAI_ASR_URL)`);
      throw new EngineError('openai-http', detail, true);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new EngineError('openai-http', `${endpoint} did not answer JSON (is it an OpenAI-compatible server?): ${body.slice(0, 120)}`, true);
    }
    const parsed = VerboseJsonSchema.safeParse(json);
    if (!parsed.success) {
      throw new EngineError('openai-http', `${endpoint} answered JSON that is not verbose_json: ${z.prettifyError(parsed.error)}`, true);
    }
    return parsed.data;
  };

  const post = async (wav: Buffer, request: ChannelRequest, durationMs: number): Promise<VerboseJson> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await postOnce(wav, request, durationMs);
      } catch (err) {
        if (!(err instanceof RetryableError)) throw err;
        if (attempt >= attempts) {
          throw new EngineError('openai-http', `${err.message} (gave up after ${attempts} attempts)`, false, { cause: err });
        }
        const delay = backoffMs * 2 ** (attempt - 1);
        logger.warn({ engine: 'openai-http', attempt, retryInMs: delay, err: err.message }, 'transcription request failed; retrying');
        await sleep(delay, undefined, request.signal ? { signal: request.signal } : {});
      }
    }
  };

  return {
    kind: 'audio',
    name: 'openai-http',
    model: options.model,
    async transcribe(pcm: Int16Array, request: ChannelRequest): Promise<RecognizedSegment[]> {
      const out: RecognizedSegment[] = [];
      for (let from = 0; from < pcm.length; from += maxChunkSamples) {
        const chunk = pcm.subarray(from, Math.min(pcm.length, from + maxChunkSamples));
        const offsetMs = (from / ASR_SAMPLE_RATE) * 1000;
        const durationMs = (chunk.length / ASR_SAMPLE_RATE) * 1000;
        const started = Date.now();
        const answer = await post(encodeWav(chunk, ASR_SAMPLE_RATE), request, durationMs);
        const segments = verboseJsonSegments(answer, offsetMs, durationMs);
        logger.debug({ engine: 'openai-http', audioMs: Math.round(durationMs), tookMs: Date.now() - started, segmentCount: segments.length }, 'chunk transcribed');
        out.push(...segments);
      }
      return out;
    },
    async close() {},
  };
}

/** Seconds → segments in ms from the recording start, words attached to the segment they fall in. */
export function verboseJsonSegments(answer: VerboseJson, offsetMs = 0, durationMs?: number): RecognizedSegment[] {
  const ms = (s: number) => Math.max(0, Math.round(offsetMs + s * 1000));
  const words: Word[] = (answer.words ?? []).map((w) => ({ text: w.word.trim(), startMs: ms(w.start), endMs: Math.max(ms(w.start), ms(w.end)) }));
  const raw =
    answer.segments && answer.segments.length > 0
      ? answer.segments
      : answer.text.trim()
        ? [{ start: 0, end: answer.duration ?? (durationMs ?? 0) / 1000, text: answer.text }]
        : [];
  return raw
    .map((s): RecognizedSegment => {
      const startMs = ms(s.start);
      const endMs = Math.max(startMs, ms(s.end));
      const inside = words.filter((w) => w.startMs >= startMs && w.startMs < Math.max(endMs, startMs + 1));
      const logprob = 'avg_logprob' in s ? s.avg_logprob : undefined;
      return {
        startMs,
        endMs,
        text: s.text.trim(),
        ...(inside.length ? { words: inside } : {}),
        ...(typeof logprob === 'number' ? { confidence: Math.round(Math.min(1, Math.exp(logprob)) * 1000) / 1000 } : {}),
      };
    })
    .filter((s) => s.text.length > 0);
}

function causeMessage(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause.message : undefined;
  return inner ?? (err instanceof Error ? err.message : String(err));
}
