import type { RecordingFacts } from '../domain/transcript.ts';
import type { DecodedAudio } from './decode.ts';
import { assignSpeakers, type ChannelLayout, type SpeakerChannel } from './speakers.ts';

/**
 * Facts about a recording that the `recording` rules judge (src/rules/call-rules.ts): is there one,
 * how long is it (compared there with the dialer's call duration), and is a side silent (a dead
 * microphone, a recorder that captured one leg only). The rules decide; this file only measures.
 */

export interface SilenceOptions {
  /** Frame length for the energy measure. */
  frameMs?: number;
  /**
   * A frame can be speech when its RMS (full scale = 1) reaches this: ≈ −46 dBFS, above line noise
   * and comfort noise, below quiet real speech (the TIMIT sample in ../shared/eval peaks at 0.033
   * with a median frame of 0.005; an absolute threshold of 0.02 called it silent).
   */
  speechRms?: number;
  /**
   * With a reference channel (the other side of a stereo call), a frame counts only when it is this
   * many times louder than the same frame there. Codec crosstalk and line echo are always weaker
   * than their source (Opus leaks up to 0.016 RMS into a dead channel, never louder than the talker),
   * while a live speaker talks in turns, when the other side is quiet.
   */
  dominance?: number;
  /** A channel with less speech than this in total is silent. */
  minSpeechMs?: number;
}

export const DEFAULT_SILENCE: Required<SilenceOptions> = { frameMs: 20, speechRms: 0.005, dominance: 2, minSpeechMs: 500 };

export interface ChannelActivity {
  /** RMS over the whole channel, full scale = 1. */
  rms: number;
  /** Highest RMS of any frame. */
  peakFrameRms: number;
  /** Total length of speech frames (above the threshold, and dominant over the reference if given). */
  speechMs: number;
}

function frameMeanSquares(pcm: Int16Array, frame: number): Float64Array {
  const out = new Float64Array(Math.ceil(pcm.length / frame));
  for (let f = 0; f < out.length; f++) {
    const start = f * frame;
    const end = Math.min(pcm.length, start + frame);
    let sum = 0;
    for (let i = start; i < end; i++) sum += pcm[i]! * pcm[i]!;
    out[f] = sum / (end - start);
  }
  return out;
}

/**
 * Energy of one channel. Pass the other side of a stereo call as `reference` so that crosstalk and
 * echo of the other speaker do not count as speech on this side.
 */
export function measureActivity(
  pcm: Int16Array,
  sampleRate: number,
  options: SilenceOptions & { reference?: Int16Array } = {},
): ChannelActivity {
  const { frameMs, speechRms, dominance } = { ...DEFAULT_SILENCE, ...options };
  const frame = Math.max(1, Math.round((sampleRate * frameMs) / 1000));
  const own = frameMeanSquares(pcm, frame);
  const other = options.reference ? frameMeanSquares(options.reference, frame) : null;
  const threshold = (speechRms * 32768) ** 2;
  const ratio = dominance * dominance; // on mean squares
  let total = 0;
  let peak = 0;
  let speechFrames = 0;
  for (let f = 0; f < own.length; f++) {
    const ms = own[f]!;
    const covered = Math.min(frame, pcm.length - f * frame);
    total += ms * covered;
    if (ms > peak) peak = ms;
    const dominant = other === null || ms >= ratio * (other[f] ?? 0);
    // A short last frame counts only for the time it covers.
    if (ms >= threshold && dominant) speechFrames += covered / frame;
  }
  return {
    rms: pcm.length ? Math.sqrt(total / pcm.length) / 32768 : 0,
    peakFrameRms: Math.sqrt(peak) / 32768,
    speechMs: Math.round(speechFrames * frameMs),
  };
}

/**
 * Per decoded channel: true when it carries no speech of its own. Two channels are judged against
 * each other (crosstalk is not speech); one channel on its own. Use it to skip transcribing a dead
 * side (speech recognisers invent text for silence and transcribe crosstalk).
 */
export function silentChannelFlags(channels: readonly Int16Array[], sampleRate: number, options: SilenceOptions = {}): boolean[] {
  const { minSpeechMs } = { ...DEFAULT_SILENCE, ...options };
  return channels.map((pcm, i) => {
    const reference = channels.length === 2 ? channels[1 - i] : undefined;
    return measureActivity(pcm, sampleRate, { ...options, ...(reference ? { reference } : {}) }).speechMs < minSpeechMs;
  });
}

/**
 * Which sides have no speech. A single unsplit channel (mono) that is silent means neither side
 * was recorded: both are reported.
 */
export function findSilentSpeakers(
  speakers: readonly SpeakerChannel[],
  sampleRate: number,
  options: SilenceOptions = {},
): Array<'agent' | 'customer'> {
  const flags = silentChannelFlags(speakers.map((s) => s.pcm), sampleRate, options);
  const silent = new Set<'agent' | 'customer'>();
  speakers.forEach((ch, i) => {
    if (!flags[i]) return;
    if (ch.speaker !== 'unknown') silent.add(ch.speaker);
    else if (speakers.length === 1) {
      silent.add('agent');
      silent.add('customer');
    }
  });
  return (['agent', 'customer'] as const).filter((s) => silent.has(s));
}

/** RecordingFacts for a call: `null` when the call has no recording at all. */
export function recordingFacts(
  decoded: DecodedAudio | null,
  layout: ChannelLayout = 'agent-left',
  options: SilenceOptions = {},
): RecordingFacts {
  if (!decoded) return { present: false };
  const speakers = assignSpeakers(decoded.channels, layout);
  return {
    present: true,
    durationMs: decoded.durationMs,
    silentChannels: findSilentSpeakers(speakers, decoded.sampleRate, options),
  };
}
