import path from 'node:path';
import { AudioInputError } from './audio-input-error.ts';
import { buildFfmpegMonoArgs, buildFfmpegSplitArgs, buildSoxAmrArgs, chooseDecoder, TARGET_SAMPLE_RATE } from './decode-args.ts';
import { DEFAULT_MAX_DURATION_MS, ffmpegComplaint, ffmpegInputUrl, formatDuration, probeAudio, type AudioProbe } from './probe.ts';
import { ToolAbortedError, ToolError, ToolNotFoundError, ToolOutputLimitError, ToolTimeoutError, runTool } from './run-tool.ts';
import { isDualMono } from './dual-mono.ts';
import { pcmFromS16le } from './wav.ts';

export interface DecodeOptions {
  /** Split a stereo recording into its two channels (agent and customer are transcribed apart). */
  split: boolean;
  /** Deadline for the decoder process (default: 30 s plus half the stated duration). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Longer recordings are refused as implausible (default 4 h). */
  maxDurationMs?: number;
}

export interface DecodedAudio {
  sampleRate: typeof TARGET_SAMPLE_RATE;
  /**
   * 16 kHz mono samples per channel: one, or two (left, right) when split and the source is stereo
   * with two different channels (a "stereo" file carrying the same signal twice comes back as one).
   * Each array owns its ArrayBuffer exactly (`pcm.buffer` holds these samples and nothing else).
   */
  channels: Int16Array[];
  /** Decoded length: the truth, whatever the header said. */
  durationMs: number;
  source: AudioProbe;
}

const BYTES_PER_MS = (TARGET_SAMPLE_RATE * 2) / 1000;

/**
 * Decodes a recording to 16 kHz s16 mono PCM per channel, in memory (no temp files): ffmpeg for
 * everything, sox for raw AMR files (exact timeline). Input problems throw AudioInputError; a missing
 * tool, a timeout or an abort throw the run-tool errors.
 */
export async function decodeToPcm(file: string, options: DecodeOptions): Promise<DecodedAudio> {
  const maxDurationMs = options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS;
  const source = await probeAudio(file, {
    maxDurationMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const split = options.split && source.channels >= 2;
  const decoder = chooseDecoder(source.codec, source.formatName);
  const runOptions = {
    timeoutMs: options.timeoutMs ?? 30_000 + Math.round(source.durationMs / 2),
    // Output is bounded by the longest plausible recording, so a lying header cannot exhaust memory.
    maxStdoutBytes: Math.ceil(maxDurationMs * BYTES_PER_MS),
    extraStdio: split ? 1 : 0,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const [command, args] =
    decoder.tool === 'sox'
      ? (['sox', buildSoxAmrArgs(path.resolve(file), decoder.kind)] as const)
      : (['ffmpeg', split ? buildFfmpegSplitArgs(ffmpegInputUrl(file)) : buildFfmpegMonoArgs(ffmpegInputUrl(file))] as const);

  let outputs: Buffer[];
  try {
    const result = await runTool(command, args, runOptions);
    outputs = [result.stdout, ...result.extraOutputs];
  } catch (err) {
    throw classifyDecodeFailure(err, file, maxDurationMs);
  }

  // channelsplit emits equal lengths; trim defensively so both sides share one timeline.
  let samples = Math.min(...outputs.map((b) => b.length >> 1));
  const paddingEnd = containerEndSample(source);
  if (paddingEnd !== null && samples > paddingEnd) samples = paddingEnd;
  let channels = outputs.map((b) => pcmFromS16le(b.length === samples * 2 ? b : b.subarray(0, samples * 2)));
  if (channels.length === 2 && isDualMono(channels[0]!, channels[1]!)) channels = [channels[0]!];
  const durationMs = Math.round(samples / (TARGET_SAMPLE_RATE / 1000));
  checkDecodedLength(durationMs, source, file);
  return { sampleRate: TARGET_SAMPLE_RATE, channels, durationMs, source };
}

/**
 * MP4/M4A states an exact duration (its edit list), but ffmpeg 5.1 still emits the AAC encoder's
 * trailing padding (≈ 40–110 ms measured): cut the output at the stated end so durations are exact.
 * Other containers either decode exactly or only estimate their length (AMR, header-less MP3), so
 * their decoded length stands.
 */
function containerEndSample(source: AudioProbe): number | null {
  if (!/\b(mov|mp4|m4a)\b/.test(source.formatName) || source.durationMs <= 0) return null;
  return Math.round((source.durationMs * TARGET_SAMPLE_RATE) / 1000);
}

/**
 * What a decoder failure means. Non-zero exit on a file that probed fine: a corrupt body, permanent.
 * More PCM than the longest plausible recording (a header that understated the length): permanent.
 * A missing tool, a timeout, an abort or a tool killed by a signal we did not send (the OOM killer)
 * are not the recording's fault: returned unchanged, so the job is retried.
 */
export function classifyDecodeFailure(err: unknown, file: string, maxDurationMs = DEFAULT_MAX_DURATION_MS): unknown {
  if (err instanceof ToolOutputLimitError) {
    return new AudioInputError('implausible_duration', `${path.basename(file)}: decodes to more than ${formatDuration(maxDurationMs)} of audio, longer than any call recording`, file);
  }
  if (
    err instanceof ToolError &&
    !(err instanceof ToolNotFoundError || err instanceof ToolTimeoutError || err instanceof ToolAbortedError) &&
    err.exitCode !== null
  ) {
    const said = ffmpegComplaint(err.stderrTail) || `${err.command} exited with code ${err.exitCode}`;
    return new AudioInputError('corrupt', `${path.basename(file)}: the audio cannot be decoded (${said})`, file);
  }
  return err;
}

/**
 * Truncation shows as far less audio than the container promised (a cut-off MP3 whose Xing header
 * counts every frame, an M4A whose index outlives its data). Lengths the demuxer only estimated are
 * not held against the file.
 */
export function checkDecodedLength(decodedMs: number, source: AudioProbe, file: string): void {
  const name = path.basename(file);
  if (decodedMs === 0) {
    throw new AudioInputError('no_audio_decoded', `${name}: the decoder produced no audio at all`, file);
  }
  // A length guessed from the bit rate is no basis for a verdict: AMR with DTX (36.5 s guessed for a
  // 29.7 s file), VBR MP3 without a Xing header (a quiet start makes the guess far too long).
  if (source.durationEstimated || source.formatName === 'amr') return;
  const stated = source.durationMs;
  if (stated > 0 && decodedMs < stated * 0.8 && stated - decodedMs > 1000) {
    throw new AudioInputError(
      'truncated',
      `${name}: the container states ${formatDuration(stated)} but only ${formatDuration(decodedMs)} decodes (truncated recording)`,
      file,
    );
  }
}
