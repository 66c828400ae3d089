import type { CallMeta, Language, QualitySignal, RecordingFacts, Segment, Speaker, TranscriptQuality } from '../domain/transcript.ts';

/**
 * How far a transcript can be trusted, estimated from what its engine reported and from signals any
 * engine's output shows. An engine that cannot hear a call (pocketsphinx's wideband English model on
 * an 8 kHz phone line, on Mandarin, a whisper model that returns nothing) does not fail: it returns
 * fluent-looking word salad or nothing, the rules find nothing, and the call would look calm. Each
 * signal below gives a factor in 0..1; the score is their product, so one strong sign flags a
 * transcript and several mild ones add up. The limits are set from measurement on real recordings
 * (docs/benchmarks.md, "Transcript quality"), not from single examples.
 *
 * Pure: the audio stage measures speech time and bandwidth; this only judges numbers and text.
 */

export interface SideSpeech {
  speaker: Speaker;
  /** Speech energy heard on that side of the recording (src/audio/checks.ts measureActivity). */
  speechMs: number;
}

export interface QualityInput {
  engine: string;
  language: Language;
  segments: readonly Segment[];
  /** Speech time per side of the recording, when the audio was measured. */
  speech?: readonly SideSpeech[];
  /** The recording facts, when speech time was not measured (a delivered transcript). */
  recording?: RecordingFacts;
  channelLayout?: 'agent-left' | 'agent-right' | 'mono';
  /**
   * The engine's model is built for wideband (16 kHz) audio and the recording is narrowband: the
   * share of its speech energy above 4.5 kHz (src/audio/bandwidth.ts).
   */
  narrowbandForWidebandModel?: { highBandShare: number };
}

/**
 * Word confidences averaging this or more raise no doubt. pocketsphinx averages 0.61–0.67 on the real
 * wideband English it fits and 0.06–0.33 on the same speech at 8 kHz (docs/benchmarks.md); the factor
 * falls with the square of the shortfall, so below ≈ 0.46 this signal alone flags the transcript.
 */
export const CONFIDENCE_OK = 0.65;
/** Tokens per second of measured speech, outside which the text cannot match the audio. */
export const RATE_LIMITS: Record<Language, { low: number; high: number; unit: string }> = {
  // Words per second of speech energy: conversational English is 2–4.
  'en-US': { low: 1.2, high: 6, unit: 'words' },
  // Characters per second: conversational Mandarin is 3–6.
  'zh-CN': { low: 1.8, high: 10, unit: 'characters' },
};
/**
 * A side of a two-sided call with at least this much speech and no text at all lost what was said
 * there; a whole recording with no text needs only a second (the TIMIT sample's 2.9 s of quiet read
 * speech measures 1.5 s of speech energy, and an engine that returns nothing for it heard nothing).
 */
export const SILENT_SIDE_SPEECH_MS = 2000;
export const SILENT_CALL_SPEECH_MS = 1000;
/** Below this much speech time the rate is too noisy to judge. */
const MIN_RATE_SPEECH_MS = 3000;
/** Share of odd tokens (single letters, unknown markers) tolerated before the score drops. */
const ODD_SHARE_OK = 0.08;
/** Share of tokens in the other script tolerated: bank names, "APP", numbers, a quoted word. */
const FOREIGN_SHARE_OK = 0.25;

const HAN = /\p{Script=Han}/u;
const TOKEN = /\p{Script=Han}|[\p{L}\p{N}][\p{L}\p{N}'’-]*|<[^>\s]*>|\[[^\]\s]*\]/gu;
/** Markers engines print for what they could not recognise. */
const UNKNOWN_MARKER = /^(?:<unk>|\[unk\]|<unknown>|\[inaudible\]|\[noise\]|\[music\]|<noise>)$/i;
/** English words of one letter. */
const ENGLISH_ONE_LETTER = new Set(['a', 'i', 'o']);

export interface TokenCounts {
  /** Every token: a Han character, a Latin / other-script word, a number, a marker. */
  total: number;
  han: number;
  latin: number;
  odd: number;
}

/** Tokens as the rate and script signals count them: a Chinese character is one, a word one. */
export function countTokens(text: string, language: Language): TokenCounts {
  const counts: TokenCounts = { total: 0, han: 0, latin: 0, odd: 0 };
  for (const m of text.matchAll(TOKEN)) {
    const t = m[0];
    counts.total++;
    if (HAN.test(t)) counts.han++;
    else if (/\p{L}/u.test(t)) {
      counts.latin++;
      const letters = t.replace(/[^\p{L}]/gu, '');
      if (letters.length === 1 && !(language === 'en-US' && ENGLISH_ONE_LETTER.has(letters.toLowerCase()))) counts.odd++;
    }
    if (UNKNOWN_MARKER.test(t)) counts.odd++;
  }
  return counts;
}

export function estimateTranscriptQuality(input: QualityInput): TranscriptQuality {
  const signals: QualitySignal[] = [];
  const add = (s: QualitySignal | null) => {
    // Three significant digits: a high-band share of 1.2e-7 must not read as 0.
    if (s && s.factor < 1) signals.push({ ...s, value: Number(s.value.toPrecision(3)), factor: round3(s.factor) });
  };
  const bySide = tokensBySide(input.segments, input.language);
  const all = sum([...bySide.values()]);

  add(confidenceSignal(input.segments));
  const heard = heardSides(input);
  for (const side of heard) {
    const tokens = bySide.get(side.speaker)?.total ?? 0;
    const whole = heard.length === 1 || all.total === 0;
    if (tokens === 0 && side.speechMs >= (whole ? SILENT_CALL_SPEECH_MS : SILENT_SIDE_SPEECH_MS)) {
      add({
        signal: 'silent_side', value: side.speechMs, factor: whole ? 0.05 : 0.3, speaker: side.speaker,
        detail: `${sideName(side.speaker)}: ${(side.speechMs / 1000).toFixed(1)} s of speech in the audio, no text`,
      });
      continue;
    }
    add(rateSignal(side, tokens, input.language));
  }
  add(oddTokenSignal(all));
  add(languageSignal(all, input.language));
  if (input.narrowbandForWidebandModel) {
    // pocketsphinx's en-us model on 8 kHz speech: WER 1.00 on the 8 kHz TIMIT sample and 0.58–0.98 on the
    // 8 kHz fixture calls (docs/benchmarks.md, ASR). That alone makes the text unreliable: 0.4 flags it.
    add({
      signal: 'narrowband_audio', value: input.narrowbandForWidebandModel.highBandShare, factor: 0.4,
      detail: `telephone-band audio (${(input.narrowbandForWidebandModel.highBandShare * 100).toFixed(3)} % of the speech energy above 4.5 kHz) given to ${input.engine}, whose model is wideband (16 kHz)`,
    });
  }
  signals.sort((a, b) => a.factor - b.factor);
  const score = round3(signals.reduce((s, x) => s * x.factor, 1));
  return { score, engine: input.engine, signals };
}

/**
 * A transcript that arrives as text (delivered with the recording, or a file given to `callguard
 * scan`) is judged on its text, its `words` confidences and the recording facts the decode stage
 * measured (a side that spoke but has no text). When the file carries its own estimate and that one
 * is lower, the lower stands: a producer that doubts its text is believed.
 */
export function qualityOfText(call: CallMeta, segments: readonly Segment[], engine: string, own?: TranscriptQuality): TranscriptQuality {
  const estimate = estimateTranscriptQuality({
    engine, language: call.language, segments,
    ...(call.recording ? { recording: call.recording } : {}),
    ...(call.channelLayout ? { channelLayout: call.channelLayout } : {}),
  });
  return own && own.score < estimate.score ? own : estimate;
}

/** Below the threshold (rules/policy.yaml `transcript_quality_threshold`) the transcript is unreliable. */
export function isUnreliable(quality: TranscriptQuality, threshold: number): boolean {
  return quality.score < threshold;
}

function confidenceSignal(segments: readonly Segment[]): QualitySignal | null {
  // Word confidences where the engine gives them (pocketsphinx posteriors, delivered words[]),
  // else segment confidences (openai-http avg_logprob) weighted by their length in tokens.
  let weight = 0;
  let total = 0;
  let words = 0;
  for (const s of segments) {
    const scored = (s.words ?? []).filter((w) => w.confidence !== undefined);
    if (scored.length > 0) {
      for (const w of scored) total += w.confidence!;
      weight += scored.length;
      words += scored.length;
    } else if (s.confidence !== undefined) {
      const n = Math.max(1, s.text.trim().split(/\s+/).length);
      total += s.confidence * n;
      weight += n;
    }
  }
  if (weight === 0) return null;
  const mean = total / weight;
  if (mean >= CONFIDENCE_OK) return null;
  return {
    signal: 'low_confidence', value: mean, factor: Math.max(0.05, mean / CONFIDENCE_OK) ** 2,
    detail: `the engine's own confidence averages ${mean.toFixed(2)} over ${words > 0 ? `${words} words` : `${weight} tokens`} (doubt below ${CONFIDENCE_OK})`,
  };
}

function rateSignal(side: SideSpeech, tokens: number, language: Language): QualitySignal | null {
  if (side.speechMs < MIN_RATE_SPEECH_MS) return null;
  const { low, high, unit } = RATE_LIMITS[language];
  const rate = tokens / (side.speechMs / 1000);
  const factor = rate < low ? rate / low : rate > high ? high / rate : 1;
  if (factor >= 1) return null;
  return {
    signal: 'speech_rate', value: rate, factor: Math.max(0.05, factor), speaker: side.speaker,
    detail: `${sideName(side.speaker)}: ${rate.toFixed(2)} ${unit} per second of speech (expected ${low}–${high})`,
  };
}

function oddTokenSignal(c: TokenCounts): QualitySignal | null {
  if (c.total < 10) return null;
  const share = c.odd / c.total;
  if (share <= ODD_SHARE_OK) return null;
  return {
    signal: 'odd_tokens', value: share, factor: Math.max(0.1, 1 - (share - ODD_SHARE_OK) * 3),
    detail: `${Math.round(share * 100)} % of the tokens are single letters or unknown-word markers`,
  };
}

function languageSignal(c: TokenCounts, language: Language): QualitySignal | null {
  if (c.total < 5) return null;
  const foreign = language === 'zh-CN' ? c.latin : c.han;
  const share = foreign / c.total;
  if (share <= FOREIGN_SHARE_OK) return null;
  const seen = language === 'zh-CN' ? 'Latin-script words' : 'Chinese characters';
  return {
    signal: 'language_mismatch', value: share, factor: Math.max(0.05, 1 - (share - FOREIGN_SHARE_OK) / 0.5),
    detail: `${Math.round(share * 100)} % of the text is ${seen} on a ${language} call`,
  };
}

/**
 * The sides that carried speech: measured per side when the audio was decoded; else from the
 * recording facts (a side not listed as silent spoke, for at least the silence threshold), which
 * gives the silent-side signal but no rate.
 */
function heardSides(input: QualityInput): SideSpeech[] {
  if (input.speech) return [...input.speech];
  const r = input.recording;
  if (!r?.present) return [];
  const sides: Speaker[] = input.channelLayout === 'mono' || input.segments.every((s) => s.speaker === 'unknown') ? ['unknown'] : ['agent', 'customer'];
  const silent = new Set<string>(r.silentChannels ?? []);
  const spoke = sides.filter((s) => (s === 'unknown' ? silent.size < 2 : !silent.has(s)));
  // Without measured speech time a side is credited with the bare minimum: enough for a side with no
  // text at all to count as lost when the recording is long enough to have held a conversation.
  return (r.durationMs ?? 0) >= 10_000 ? spoke.map((speaker) => ({ speaker, speechMs: SILENT_SIDE_SPEECH_MS })) : [];
}

function tokensBySide(segments: readonly Segment[], language: Language): Map<Speaker, TokenCounts> {
  const out = new Map<Speaker, TokenCounts>();
  for (const s of segments) {
    const c = countTokens(s.text, language);
    out.set(s.speaker, sum([out.get(s.speaker) ?? { total: 0, han: 0, latin: 0, odd: 0 }, c]));
  }
  return out;
}

function sum(cs: readonly TokenCounts[]): TokenCounts {
  return cs.reduce((a, b) => ({ total: a.total + b.total, han: a.han + b.han, latin: a.latin + b.latin, odd: a.odd + b.odd }), { total: 0, han: 0, latin: 0, odd: 0 });
}

function sideName(s: Speaker): string {
  return s === 'unknown' ? 'the recording' : `the ${s} side`;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
