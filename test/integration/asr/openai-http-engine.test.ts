import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AsrConfigError, EngineError } from '../../../src/asr/asr-errors.ts';
import { createOpenAiHttpTranscriber, transcriptionsEndpoint } from '../../../src/asr/openai-http-engine.ts';
import { createLogger } from '../../../src/logger.ts';

/*
 * A real HTTP server on 127.0.0.1 that answers like an OpenAI-compatible transcription server
 * (multipart upload in, verbose_json out). Each test queues the answers the server gives, so
 * retries, timeouts and refusals are exercised over real sockets.
 */
type Answer = { status: number; body: unknown; delayMs?: number } | { destroy: true };

interface Received {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  fields: Record<string, string[]>;
  fileBytes: number;
  fileHead: string;
}

let server: Server;
let baseUrl: string;
let answers: Answer[] = [];
let received: Received[] = [];
const logger = createLogger('silent');

const VERBOSE = {
  task: 'transcribe',
  language: 'chinese',
  duration: 2.0,
  text: '您好 请问是李先生吗',
  segments: [
    { id: 0, start: 0.0, end: 0.9, text: ' 您好', avg_logprob: -0.1, no_speech_prob: 0.01 },
    { id: 1, start: 1.0, end: 1.8, text: ' 请问是李先生吗', avg_logprob: -0.4, no_speech_prob: 0.02 },
  ],
  words: [
    { word: '您好', start: 0.1, end: 0.8 },
    { word: '请问', start: 1.0, end: 1.3 },
  ],
};

async function readRequest(req: IncomingMessage): Promise<Received> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  // Parse with the platform's own multipart parser rather than by hand.
  const form = await new Request('http://x/', { method: 'POST', body, headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
  const fields: Record<string, string[]> = {};
  let fileBytes = 0;
  let fileHead = '';
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') (fields[name] ??= []).push(value);
    else {
      const bytes = Buffer.from(await value.arrayBuffer());
      fileBytes = bytes.length;
      fileHead = bytes.subarray(0, 4).toString('latin1') + bytes.subarray(8, 12).toString('latin1');
    }
  }
  return { path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], fields, fileBytes, fileHead };
}

function handle(req: IncomingMessage, res: ServerResponse) {
  void readRequest(req).then((r) => {
    received.push(r);
    const answer = answers.shift() ?? { status: 200, body: VERBOSE };
    if ('destroy' in answer) {
      req.socket.destroy();
      return;
    }
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, { 'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json' });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
    else send();
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  answers = [];
  received = [];
});

const pcm = Int16Array.from({ length: 32000 }, (_, i) => Math.round(4000 * Math.sin(i / 6)));
const engine = (extra: Partial<Parameters<typeof createOpenAiHttpTranscriber>[1]> = {}) =>
  createOpenAiHttpTranscriber(logger, { url: baseUrl, model: 'large-v3-turbo', apiKey: 'sk-test', backoffMs: 10, ...extra });

describe('openai-http engine', () => {
  it('uploads the channel as 16 kHz WAV with model, verbose_json, language, prompt and key, and reads segments and words', async () => {
    const segments = await engine().transcribe(pcm, { language: 'zh-CN', vocabulary: ['招商银行'] });
    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(r.path).toBe('/v1/audio/transcriptions');
    expect(r.authorization).toBe('Bearer sk-test');
    expect(r.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(r.fields).toMatchObject({ model: ['large-v3-turbo'], response_format: ['verbose_json'], language: ['zh'] });
    expect(r.fields.prompt![0]).toContain('招商银行');
    expect(r.fileHead).toBe('RIFFWAVE');
    expect(r.fileBytes).toBe(44 + pcm.length * 2);
    expect(segments).toEqual([
      { startMs: 0, endMs: 900, text: '您好', words: [{ text: '您好', startMs: 100, endMs: 800 }], confidence: 0.905 },
      { startMs: 1000, endMs: 1800, text: '请问是李先生吗', words: [{ text: '请问', startMs: 1000, endMs: 1300 }], confidence: 0.67 },
    ]);
  });

  it('retries a 500 and a dropped connection, then succeeds', async () => {
    answers = [{ status: 500, body: 'overloaded' }, { destroy: true }, { status: 200, body: VERBOSE }];
    const segments = await engine().transcribe(pcm, { language: 'zh-CN' });
    expect(received).toHaveLength(3);
    expect(segments).toHaveLength(2);
  });

  it('gives up after the configured attempts with a retryable (not permanent) error', async () => {
    answers = [{ status: 503, body: 'down' }, { status: 502, body: 'down' }];
    const err = await engine({ attempts: 2 }).transcribe(pcm, { language: 'en-US' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).permanent).toBe(false);
    expect((err as Error).message).toMatch(/502.*gave up after 2 attempts/);
    expect(received).toHaveLength(2);
  });

  it('does not retry a 400: the input is refused, permanently', async () => {
    answers = [{ status: 400, body: { error: { message: 'unsupported audio' } } }];
    const err = await engine().transcribe(pcm, { language: 'en-US' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).permanent).toBe(true);
    expect(received).toHaveLength(1);
  });

  it('names OPENAI_ASR_KEY on a 401', async () => {
    answers = [{ status: 401, body: { error: 'bad key' } }];
    const err = await engine().transcribe(pcm, { language: 'en-US' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AsrConfigError);
    expect((err as AsrConfigError).variable).toBe('OPENAI_ASR_KEY');
    expect(received).toHaveLength(1);
  });

  it('times out a slow answer and retries it', async () => {
    // A deadline no round trip misses on a loaded machine (at 200 ms the retry itself could time
    // out), and a slow answer far beyond it, which must not be waited for.
    answers = [{ status: 200, body: VERBOSE, delayMs: 10_000 }, { status: 200, body: VERBOSE }];
    const segments = await engine({ timeoutBaseMs: 1_000, timeoutFactor: 0 }).transcribe(pcm, { language: 'zh-CN' });
    expect(segments).toHaveLength(2);
    // A second request proves the first was given up at its deadline: waited for, its (valid)
    // answer would have been used and nothing retried.
    expect(received).toHaveLength(2);
  });

  it('rejects an answer that is not verbose_json', async () => {
    answers = [{ status: 200, body: 'just text' }];
    await expect(engine().transcribe(pcm, { language: 'en-US' })).rejects.toThrow(/did not answer JSON/);
    answers = [{ status: 200, body: { segments: 'nope' } }];
    await expect(engine().transcribe(pcm, { language: 'en-US' })).rejects.toThrow(/not verbose_json/);
  });

  it('sends long channels in pieces and shifts their times onto the recording', async () => {
    const segments = await engine({ maxChunkMs: 1000 }).transcribe(pcm, { language: 'zh-CN' });
    expect(received).toHaveLength(2);
    expect(received.map((r) => r.fileBytes)).toEqual([44 + 32000, 44 + 32000]);
    expect(segments.map((s) => s.startMs)).toEqual([0, 1000, 1000, 2000]);
  });

  it('stops at once when the call is aborted', async () => {
    answers = [{ status: 200, body: VERBOSE, delayMs: 5000 }];
    const controller = new AbortController();
    const transcribing = engine().transcribe(pcm, { language: 'zh-CN', signal: controller.signal });
    // Aborted once the server holds the request, not after a fixed 100 ms the upload may not have made.
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 10_000 });
    controller.abort(new Error('shutting down'));
    await expect(transcribing).rejects.toThrow(/shutting down/);
    expect(received).toHaveLength(1);
  });

  it('accepts a base URL or the full endpoint', () => {
    expect(transcriptionsEndpoint('http://gpu:8000/v1/')).toBe('http://gpu:8000/v1/audio/transcriptions');
    expect(transcriptionsEndpoint('http://gpu:8000/v1/audio/transcriptions')).toBe('http://gpu:8000/v1/audio/transcriptions');
  });
});
