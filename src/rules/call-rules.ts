import type { CallMeta } from '../domain/transcript.ts';
import type { HistoryCall } from './history.ts';
import type { ContactFrequencyRule, ContactTimeRule, RecordingRule } from './rule-schema.ts';

/**
 * Rules about the call as a whole: when it happened, how often the borrower was called, and what
 * is known about its recording. Each returns the `matched` evidence when the rule is broken.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_TIME = /T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The call's local clock time and UTC offset, read from startedAt itself. */
export function localClock(startedAt: string): { minutes: number; hhmm: string; offsetMinutes: number; offset: string } {
  const m = LOCAL_TIME.exec(startedAt);
  if (!m) throw new Error(`startedAt "${startedAt}" carries no time with a UTC offset`);
  const offset = m[3]!.toUpperCase() === 'Z' ? '+00:00' : m[3]!;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.replace(/[+:-]/g, '');
  const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  return { minutes: Number(m[1]) * 60 + Number(m[2]), hhmm: `${m[1]}:${m[2]}`, offsetMinutes, offset };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Allowed from `from` (inclusive) to `to` (exclusive); a window with from > to crosses midnight. */
export function withinAllowedHours(minutes: number, from: string, to: string): boolean {
  const f = minutesOf(from);
  const t = minutesOf(to);
  return f < t ? minutes >= f && minutes < t : minutes >= f || minutes < t;
}

export function checkContactTime(rule: ContactTimeRule, call: CallMeta): string[] | undefined {
  const clock = localClock(call.startedAt);
  if (withinAllowedHours(clock.minutes, rule.allowed_hours.from, rule.allowed_hours.to)) return undefined;
  return [`${clock.hhmm} (UTC${clock.offset}) outside ${rule.allowed_hours.from}–${rule.allowed_hours.to}`];
}

function isConversation(c: { connected?: boolean; durationMs?: number }, minSeconds: number): boolean {
  if (c.connected === false) return false;
  return c.durationMs === undefined || c.durationMs >= minSeconds * 1000;
}

/**
 * Counts the borrower's calls in the period up to and including this one; the call that takes the
 * count past the limit is flagged (and every later one). A local day is the calendar day in THIS
 * call's UTC offset; rolling_7_days is the 7 × 24 hours ending at this call's start.
 */
export function checkContactFrequency(
  rule: ContactFrequencyRule,
  call: CallMeta,
  callDurationMs: number | undefined,
  history: readonly HistoryCall[],
): string[] | undefined {
  const current = { connected: call.connected, durationMs: call.durationMs ?? callDurationMs };
  const counts = (c: { connected?: boolean; durationMs?: number }) =>
    rule.count === 'calls' || isConversation(c, rule.min_conversation_seconds);
  if (!counts(current)) return undefined;
  const t = Date.parse(call.startedAt);
  const { offsetMinutes } = localClock(call.startedAt);
  const localDay = (ms: number) => Math.floor((ms + offsetMinutes * 60_000) / DAY_MS);
  const inPeriod =
    rule.period === 'local_day' ? (ms: number) => localDay(ms) === localDay(t) : (ms: number) => ms > t - 7 * DAY_MS;
  const seen = new Set<string>([call.id]);
  let n = 1;
  for (const h of history) {
    if (seen.has(h.callId) || h.borrowerId !== call.borrowerId) continue;
    seen.add(h.callId);
    const ms = Date.parse(h.startedAt);
    if (Number.isNaN(ms)) continue;
    const earlier = ms < t || (ms === t && h.callId < call.id);
    if (earlier && inPeriod(ms) && counts(h)) n++;
  }
  if (n <= rule.limit) return undefined;
  const what = rule.count === 'calls' ? 'calls' : 'conversations';
  const period = rule.period === 'local_day' ? 'this local day' : '7 days';
  return [`${n} ${what} in ${period} (limit ${rule.limit})`];
}

export function checkRecording(rule: RecordingRule, call: CallMeta): string[] | undefined {
  const rec = call.recording;
  if (!rec || call.connected === false) return undefined;
  switch (rule.check) {
    case 'missing_recording':
      return rec.present ? undefined : ['no recording for a connected call'];
    case 'silent_channel':
      return rec.present && rec.silentChannels && rec.silentChannels.length > 0
        ? rec.silentChannels.map((ch) => `silent ${ch} channel`)
        : undefined;
    case 'short_recording': {
      if (!rec.present || rec.durationMs === undefined || call.durationMs === undefined || call.durationMs === 0) return undefined;
      const share = rec.durationMs / call.durationMs;
      return share < rule.short_ratio
        ? [`recording ${Math.round(rec.durationMs / 1000)} s of a ${Math.round(call.durationMs / 1000)} s call`]
        : undefined;
    }
  }
}
