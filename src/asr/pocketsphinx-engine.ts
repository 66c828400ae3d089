import path from 'node:path';
import type { Logger } from '../logger.ts';
import { runTool, ToolError, ToolNotFoundError, ToolAbortedError } from '../audio/run-tool.ts';
import { withTempDir } from '../audio/temp-dir.ts';
import { writeWav } from '../audio/wav.ts';
import { EngineError, NoEngineError } from './asr-errors.ts';
import { pocketsphinxSegments } from './pocketsphinx-output.ts';
import { ASR_SAMPLE_RATE, type ChannelRequest, type RecognizedSegment, type Transcriber } from './transcriber.ts';

export interface PocketsphinxOptions {
  /** Executable (default `pocketsphinx_continuous` on PATH). */
  command?: string;
  /** Extra decoder arguments, e.g. `['-hmm', dir, '-lm', file, '-dict', file]` for another model. */
  extraArgs?: readonly string[];
  /** Deadline = fixed + factor × audio length (defaults 60 s + 5 × duration: RTF ≈ 0.3 idle, ≈ 1.5 measured on a loaded 2-core machine with poor audio). */
  timeoutBaseMs?: number;
  timeoutFactor?: number;
  pauseMs?: number;
  /** Where the channel WAVs are written: the process's work directory (default: the system temp directory). */
  tempDir?: string;
}

export const POCKETSPHINX_COMMAND = 'pocketsphinx_continuous';

/** Pure argument builder. Logs stay on stderr (not -logfn /dev/null): its error lines explain failures. */
export function buildPocketsphinxArgs(wavFile: string, extraArgs: readonly string[] = []): string[] {
  return ['-infile', wavFile, '-time', 'yes', ...extraArgs];
}

/**
 * Debian's pocketsphinx with its US-English model: real offline recognition with word timings, the
 * engine for en-US calls where no whisper model is configured. It reads only files, so each channel
 * is written to a private temp WAV that is removed afterwards.
 */
export function createPocketsphinxTranscriber(logger: Logger, options: PocketsphinxOptions = {}): Transcriber {
  const command = options.command ?? POCKETSPHINX_COMMAND;
  return {
    kind: 'audio',
    name: 'pocketsphinx',
    model: 'en-us (cmusphinx)',
    // Its acoustic model is trained on 16 kHz speech; 8 kHz audio gives WER ≈ 100 % (docs/transcription.md).
    widebandOnly: true,
    async transcribe(pcm: Int16Array, request: ChannelRequest): Promise<RecognizedSegment[]> {
      if (request.language !== 'en-US') {
        throw new NoEngineError(
          `pocketsphinx recognises US English only; this call is ${request.language}: configure a whisper model (WHISPER_MODEL) or an OpenAI-compatible server (OPENAI_ASR_URL)`,
        );
      }
      if (pcm.length === 0) return [];
      const durationMs = (pcm.length / ASR_SAMPLE_RATE) * 1000;
      const timeoutMs = Math.round((options.timeoutBaseMs ?? 60_000) + (options.timeoutFactor ?? 5) * durationMs);
      const started = Date.now();
      const stdout = await withTempDir('pocketsphinx', async (dir) => {
        const wav = path.join(dir, 'channel.wav');
        await writeWav(wav, pcm, ASR_SAMPLE_RATE);
        try {
          const result = await runTool(command, buildPocketsphinxArgs(wav, options.extraArgs), {
            timeoutMs,
            ...(request.signal ? { signal: request.signal } : {}),
          });
          return result.stdout.toString('utf8');
        } catch (err) {
          if (err instanceof ToolNotFoundError || err instanceof ToolAbortedError) throw err;
          if (err instanceof ToolError) {
            const said = errorLines(err.stderrTail) || err.message;
            throw new EngineError('pocketsphinx', `pocketsphinx failed: ${said}`, false, { cause: err });
          }
          throw err;
        }
      }, options.tempDir);
      const segments = pocketsphinxSegments(stdout, options.pauseMs === undefined ? {} : { pauseMs: options.pauseMs });
      logger.debug({ engine: 'pocketsphinx', audioMs: Math.round(durationMs), tookMs: Date.now() - started, segmentCount: segments.length }, 'channel transcribed');
      return segments;
    },
    async close() {},
  };
}

/** pocketsphinx logs hundreds of INFO lines; its ERROR/FATAL lines are the ones that explain. */
function errorLines(stderrTail: string): string {
  return stderrTail
    .split('\n')
    .filter((l) => /^(ERROR|FATAL)/.test(l))
    .slice(-2)
    .join(' | ');
}
