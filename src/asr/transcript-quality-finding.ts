import type { Finding } from '../domain/finding.ts';
import type { Language, Segment, TranscriptQuality } from '../domain/transcript.ts';
import { isUnreliable } from './transcript-quality.ts';

/**
 * The finding an unreliable transcript raises. The rules judge words; when the words are not what
 * was said, their silence proves nothing, so the call must reach a person who listens. It is a
 * `call` finding in its own category (never a rule in a pack: a compliance officer cannot turn it
 * off by editing a pack, only the threshold in rules/policy.yaml moves it). Medium severity: it puts
 * the call in the QA queue and joins a borrower's open case, but is no evidence of misconduct, so it
 * never opens a case alone.
 */
export const TRANSCRIPT_QUALITY_RULE_ID = 'callguard.transcript-quality';

/** Bump when the estimate's signals or limits change: findings made under the old one stay tagged with it. */
export const QUALITY_ESTIMATE_VERSION = 1;

export const TRANSCRIPT_QUALITY_TITLE: Record<Language, string> = {
  'zh-CN': '转写不可靠，需人工听音',
  'en-US': 'transcript unreliable: listen to the call',
};

const SOURCE =
  'callguard transcript quality estimate (docs/transcription.md, "Transcript quality"); threshold: rules/policy.yaml transcript_quality_threshold';

export function transcriptQualityFinding(
  call: { id: string; language: Language; recording?: { durationMs?: number | undefined } | undefined },
  segments: readonly Segment[],
  quality: TranscriptQuality,
  threshold: number,
): Finding | null {
  if (!isUnreliable(quality, threshold)) return null;
  const endMs = Math.max(call.recording?.durationMs ?? 0, ...segments.map((s) => s.endMs), 0);
  return {
    callId: call.id,
    ruleId: TRANSCRIPT_QUALITY_RULE_ID,
    // The same estimate under the same threshold is the same finding (a re-scan keeps the reviewer's
    // verdict); a new threshold or estimator is a new version, as a changed rule is.
    ruleVersion: `estimate-${QUALITY_ESTIMATE_VERSION}@${threshold}`,
    title: TRANSCRIPT_QUALITY_TITLE[call.language],
    category: 'transcript_quality',
    severity: 'medium',
    speaker: 'call',
    startMs: 0,
    endMs: Math.round(endMs),
    quote: '',
    // The evidence: score against threshold, the engine, and each signal that lowered the score.
    matched: [
      `score ${quality.score.toFixed(2)} < ${threshold}`,
      `engine ${quality.engine}`,
      ...quality.signals.map((s) => `${s.signal} ×${s.factor.toFixed(2)}: ${s.detail}`),
    ],
    source: SOURCE,
  };
}
