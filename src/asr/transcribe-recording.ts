import path from 'node:path';
import type { Logger } from '../logger.ts';
import { decodeToPcm } from '../audio/decode.ts';
import { assignSpeakers, DEFAULT_CHANNEL_LAYOUT } from '../audio/speakers.ts';
import { callBandwidth } from '../audio/bandwidth.ts';
import { DEFAULT_SILENCE, measureActivity, recordingFacts } from '../audio/checks.ts';
import { TranscriptSchema, type CallMeta, type Transcript } from '../domain/transcript.ts';
import { NoEngineError, SidecarInvalidError } from './asr-errors.ts';
import { domainVocabulary } from './domain-vocabulary.ts';
import { mergeChannels, type ChannelSegments } from './merge-channels.ts';
import { sidecarCandidates } from './sidecar.ts';
import type { SidecarSource, Transcriber, TranscriptionEngine } from './transcriber.ts';
import { qualityOfText, estimateTranscriptQuality, type SideSpeech } from './transcript-quality.ts';

export interface TranscribeRecordingOptions {
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * A recording and its call metadata → a transcript in the documented format. Stereo recordings are
 * split (which side is the agent comes from `channelLayout`, default agent-left) and each side is
 * transcribed alone, so every segment knows its speaker; a mono recording gives `unknown` speakers.
 * The measured recording facts (length, silent sides) go into `call.recording` for the rules, and
 * every transcript carries its quality estimate (src/asr/transcript-quality.ts).
 */
export async function transcribeRecording(
  file: string,
  call: CallMeta,
  engine: TranscriptionEngine,
  options: TranscribeRecordingOptions,
): Promise<Transcript> {
  const chosen = engine.kind === 'auto' ? await engine.choose(file, call.language) : engine;
  const logger = options.logger.child({ stage: 'transcribe', callId: call.id, engine: chosen.name });
  return chosen.kind === 'sidecar'
    ? fromSidecar(file, call, chosen, logger)
    : fromAudio(file, call, chosen, { ...options, logger });
}

async function fromAudio(file: string, call: CallMeta, engine: Transcriber, options: TranscribeRecordingOptions): Promise<Transcript> {
  const { logger, signal } = options;
  const layout = call.channelLayout ?? DEFAULT_CHANNEL_LAYOUT;
  const started = Date.now();
  const decoded = await decodeToPcm(file, { split: layout !== 'mono', ...(signal ? { signal } : {}) });
  const vocabulary = domainVocabulary(call);
  const channels: ChannelSegments[] = [];
  const sides = assignSpeakers(decoded.channels, layout);
  // Speech heard per side, for the quality estimate: against the other side, so crosstalk and echo
  // are not counted as speech the engine should have transcribed.
  const speech: SideSpeech[] = sides.map((ch, i) => ({
    speaker: ch.speaker,
    speechMs: measureActivity(ch.pcm, decoded.sampleRate, sides.length === 2 ? { reference: sides[1 - i]!.pcm } : {}).speechMs,
  }));
  // One side after the other: a failure stops the call at once, and whisper decodes one at a time anyway.
  for (const ch of sides) {
    // whisper invents text for silence ("thanks for watching"); a side with no speech energy has none.
    if (measureActivity(ch.pcm, decoded.sampleRate).speechMs < DEFAULT_SILENCE.minSpeechMs) {
      logger.debug({ speaker: ch.speaker }, 'channel silent; not transcribed');
      channels.push({ speaker: ch.speaker, segments: [] });
      continue;
    }
    const segments = await engine.transcribe(ch.pcm, { language: call.language, vocabulary, ...(signal ? { signal } : {}) });
    channels.push({ speaker: ch.speaker, segments: segments.map((s) => clampToRecording(s, decoded.durationMs)) });
  }
  const segments = mergeChannels(channels);
  // The band is judged from the decoded spectrum, never from the container's rate (Opus says 48 kHz
  // for a telephone call); only an engine whose model needs wideband audio cares.
  const band = engine.widebandOnly ? callBandwidth(decoded.channels, decoded.sampleRate) : null;
  const quality = estimateTranscriptQuality({
    engine: engine.name, language: call.language, segments, speech,
    ...(band?.band === 'narrow' ? { narrowbandForWidebandModel: { highBandShare: band.highBandShare } } : {}),
  });
  logger.info({ audioMs: decoded.durationMs, channels: channels.length, segmentCount: segments.length, quality: quality.score, tookMs: Date.now() - started }, 'recording transcribed');
  return TranscriptSchema.parse({
    call: { ...call, recording: recordingFacts(decoded, layout) },
    segments,
    engine: { name: engine.name, ...(engine.model ? { model: engine.model } : {}), ...(engine.version ? { version: engine.version } : {}) },
    quality,
  });
}

async function fromSidecar(file: string, call: CallMeta, source: SidecarSource, logger: Logger): Promise<Transcript> {
  const found = await source.locate(file);
  if (!found) {
    throw new NoEngineError(`no transcript was delivered with ${path.basename(file)} (looked for ${sidecarCandidates(file).map((c) => path.basename(c)).join(', ')})`);
  }
  const delivered = await source.read(found);
  if (delivered.call.id !== call.id) {
    throw new SidecarInvalidError(found, [`call.id: "${delivered.call.id}" is not the call being transcribed ("${call.id}")`]);
  }
  // The metadata the caller holds is authoritative; the delivered file adds what it lacks.
  const merged: CallMeta = { ...delivered.call, ...call };
  const quality = qualityOfText(merged, delivered.segments, 'sidecar', delivered.quality);
  logger.info({ segmentCount: delivered.segments.length, quality: quality.score }, 'delivered transcript read');
  return TranscriptSchema.parse({
    call: merged,
    segments: delivered.segments,
    engine: { name: 'sidecar', ...(delivered.engine ? { model: delivered.engine.name } : {}) },
    quality,
  });
}

/** Engines pad the last segment past the end of the audio; evidence times must point inside it. */
function clampToRecording<T extends { startMs: number; endMs: number }>(s: T, durationMs: number): T {
  const startMs = Math.min(s.startMs, durationMs);
  return { ...s, startMs, endMs: Math.min(Math.max(startMs, s.endMs), durationMs) };
}
