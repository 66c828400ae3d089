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
   * A frame is speech when its RMS (full scale = 1) reaches this. Not zero: codecs leak the other
   * side into a silent channel (Opus crosstalk ≈ 0.006 RMS) and lines carry noise (≈ 0.001).
   * 0.02 ≈ −34 dBFS sits above both and well below speech (0.05–0.3).
   */
  speechRms?: number;
  /** A channel with less speech than this in total is silent. */
  minSpeechMs?: number;
}

export const DEFAULT_SILENCE: Required<SilenceOptions> = { frameMs: 20, speechRms: 0.02, minSpeechMs: 500 };

export interface ChannelActivity {
  /** RMS over the whole channel, full scale = 1. */
  rms: number;
  /** Highest RMS of any frame. */
  peakFrameRms: number;
  /** Total length of frames at or above the speech threshold. */
  speechMs: number;
}

export function measureActivity(pcm: Int16Array, sampleRate: number, options: SilenceOptions = {}): ChannelActivity {
  const { frameMs, speechRms } = { ...DEFAULT_SILENCE, ...options };
  const frame = Math.max(1, Math.round((sampleRate * frameMs) / 1000));
  const threshold = (speechRms * 32768) ** 2;
  let total = 0;
  let peak = 0;
  let speechFrames = 0;
  for (let start = 0; start < pcm.length; start += frame) {
    const end = Math.min(pcm.length, start + frame);
    let sum = 0;
    for (let i = start; i < end; i++) sum += pcm[i]! * pcm[i]!;
    total += sum;
    const meanSquare = sum / (end - start);
    if (meanSquare > peak) peak = meanSquare;
    // A short last frame counts only for the time it covers.
    if (meanSquare >= threshold) speechFrames += (end - start) / frame;
  }
  return {
    rms: pcm.length ? Math.sqrt(total / pcm.length) / 32768 : 0,
    peakFrameRms: Math.sqrt(peak) / 32768,
    speechMs: Math.round(speechFrames * frameMs),
  };
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
  const { minSpeechMs } = { ...DEFAULT_SILENCE, ...options };
  const silent = new Set<'agent' | 'customer'>();
  for (const ch of speakers) {
    if (measureActivity(ch.pcm, sampleRate, options).speechMs >= minSpeechMs) continue;
    if (ch.speaker === 'unknown') {
      if (speakers.length === 1) {
        silent.add('agent');
        silent.add('customer');
      }
    } else {
      silent.add(ch.speaker);
    }
  }
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
