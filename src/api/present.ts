import type { Segment } from '../domain/transcript.ts';
import type { StoredCall, StoredFinding } from '../store/index.ts';
import { findPii, maskPii } from '../privacy/pii-mask.ts';
import { redactReason } from '../privacy/redact-reason.ts';

/**
 * What the API sends about calls, transcripts and findings. Personal numbers are masked here,
 * once, for every route and export that shows transcript text, unless the role may see them.
 * Call metadata is sent field by field: its free-form extra keys may carry personal data.
 */

export function presentCall(call: StoredCall, unmasked: boolean) {
  return {
    id: call.id,
    agency: call.agency,
    agentId: call.agentId,
    agentName: call.agentName,
    team: call.team,
    bank: call.bank,
    borrowerId: call.borrowerId,
    phone: call.phone === null ? null : unmasked ? call.phone : maskPhone(call.phone),
    direction: call.direction,
    startedAt: call.startedAt,
    durationMs: call.durationMs,
    connected: call.connected,
    firstContact: call.firstContact,
    language: call.language,
    channelLayout: call.channelLayout,
    hasAudio: call.audioSha256 !== null,
    status: call.status,
    statusReason: presentStatusReason(call.statusReason),
    recording: call.recording,
  };
}

/** A failed call's reason, for every role: what failed and where, never the input (src/privacy/redact-reason.ts). */
export function presentStatusReason(reason: string | null): string | null {
  return reason === null ? null : redactReason(reason);
}

/** A phone column is a number by definition: mask it even when its format is unusual. */
export function maskPhone(phone: string): string {
  const masked = maskPii(phone);
  if (masked !== phone) return masked;
  let seen = 0;
  const digits = phone.replace(/\D/g, '').length;
  return phone.replace(/\d/g, (d) => (++seen > digits - 4 ? d : '*'));
}

export function presentSegments(segments: readonly Segment[], unmasked: boolean) {
  return segments.map((s, index) => {
    const base = { index, speaker: s.speaker, startMs: s.startMs, endMs: s.endMs };
    if (unmasked) return { ...base, text: s.text, words: s.words ?? null };
    // Word timings would spell a masked number out digit by digit: drop them where a number was masked.
    const hasPii = findPii(s.text).length > 0;
    return { ...base, text: maskPii(s.text), words: hasPii ? null : (s.words ?? null) };
  });
}

export function presentFinding(f: StoredFinding, unmasked: boolean) {
  const m = unmasked ? (t: string) => t : maskPii;
  return {
    id: f.id,
    callId: f.callId,
    ruleId: f.ruleId,
    ruleVersion: f.ruleVersion,
    title: f.title,
    category: f.category,
    severity: f.severity,
    speaker: f.speaker,
    startMs: f.startMs,
    endMs: f.endMs,
    quote: m(f.quote),
    matched: f.matched.map(m),
    source: f.source,
    segmentIndex: f.segmentIndex ?? null,
    verdict: f.verdict,
    verdictReason: f.verdictReason,
    verdictNote: f.verdictNote === null ? null : m(f.verdictNote),
    verdictBy: f.verdictBy,
    origin: f.origin,
    createdBy: f.createdBy,
    verdictAt: f.verdictAt,
  };
}
