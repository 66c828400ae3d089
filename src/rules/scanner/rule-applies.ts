import type { CallMeta, Speaker } from '../../domain/transcript.ts';
import type { Rule } from '../rule-schema.ts';

/** agent/customer rules read their speaker's segments, and unknown ones when the policy says match. */
export function speakerReads(ruleSpeaker: 'agent' | 'customer' | 'any', segmentSpeaker: Speaker, unknown: 'match' | 'skip'): boolean {
  if (ruleSpeaker === 'any' || ruleSpeaker === segmentSpeaker) return true;
  return segmentSpeaker === 'unknown' && unknown === 'match';
}

/**
 * `applies_when`: every key must hold. A key is a metadata field (dotted for nested ones, e.g.
 * recording.present); a list accepts any of its values, and `null` accepts a call without the key.
 */
export function appliesTo(rule: Rule, call: CallMeta): boolean {
  if (!rule.applies_when) return true;
  for (const [key, expected] of Object.entries(rule.applies_when)) {
    const actual = readPath(call, key);
    const accepted = Array.isArray(expected) ? expected : [expected];
    const ok = accepted.some((v) => (v === null ? actual === undefined || actual === null : actual === v));
    if (!ok) return false;
  }
  return true;
}

function readPath(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const part of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
