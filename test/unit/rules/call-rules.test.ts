import { describe, expect, it } from 'vitest';
import { checkContactFrequency, localClock, withinAllowedHours } from '../../../src/rules/call-rules.ts';
import { BatchHistoryProvider, historyWindow, lookbackForPack, scanTranscript, type HistoryCall } from '../../../src/rules/index.ts';
import type { ContactFrequencyRule } from '../../../src/rules/rule-schema.ts';
import { call, pack, rule } from './helpers.ts';

const hours = rule({ id: 'hours', kind: 'contact_time', category: 'contact_time', allowed_hours: { from: '08:00', to: '22:00' } });

describe('contact_time', () => {
  it("judges the call's local time in its own UTC offset", () => {
    const p = pack('zh-CN', [hours]);
    const at = (startedAt: string) => scanTranscript(p, call('zh-CN', [], { startedAt })).map((f) => f.matched[0]);
    expect(at('2026-03-02T23:10:00+08:00')).toEqual(['23:10 (UTC+08:00) outside 08:00–22:00']);
    expect(at('2026-03-02T21:59:59+08:00')).toEqual([]);
    expect(at('2026-03-02T22:00:00+08:00')).toHaveLength(1);
    expect(at('2026-03-02T08:00:00+08:00')).toEqual([]);
    expect(at('2026-03-02T07:59:00+08:00')).toHaveLength(1);
    // the same instant, seen from two offsets: only the local clock counts
    expect(at('2026-03-02T15:10:00Z')).toEqual([]);
    expect(at('2026-03-02T10:10:00-05:00')).toEqual([]);
    expect(at('2026-03-02T22:40:00-05:00')).toHaveLength(1);
    expect(at('2026-03-02T05:30:00.000+05:30')).toEqual(['05:30 (UTC+05:30) outside 08:00–22:00']);
  });

  it('handles windows that cross midnight and the finding is about the call', () => {
    expect(withinAllowedHours(23 * 60, '20:00', '02:00')).toBe(true);
    expect(withinAllowedHours(60, '20:00', '02:00')).toBe(true);
    expect(withinAllowedHours(2 * 60, '20:00', '02:00')).toBe(false);
    expect(withinAllowedHours(12 * 60, '20:00', '02:00')).toBe(false);
    expect(withinAllowedHours(23 * 60 + 59, '08:00', '24:00')).toBe(true);
    const p = pack('zh-CN', [hours]);
    const [f] = scanTranscript(p, call('zh-CN', [['agent', '喂']], { startedAt: '2026-03-02T23:10:00+08:00', durationMs: 30000 }));
    expect(f).toMatchObject({ speaker: 'call', startMs: 0, endMs: 30000, quote: '', category: 'contact_time' });
  });

  it('reads the offset, including Z', () => {
    expect(localClock('2026-03-02T23:10:00Z')).toMatchObject({ hhmm: '23:10', offsetMinutes: 0 });
    expect(localClock('2026-03-02T23:10:00-0330')).toMatchObject({ offsetMinutes: -210 });
  });
});

const frequency = (fields: Partial<ContactFrequencyRule>): ContactFrequencyRule => ({
  id: 'freq',
  kind: 'contact_frequency',
  title: { 'zh-CN': 'x', 'en-US': 'x' },
  category: 'contact_frequency',
  severity: 'medium',
  source: 's',
  description: 'd',
  enabled: true,
  examples: { match: [], no_match: [] },
  limit: 3,
  period: 'local_day',
  count: 'conversations',
  min_conversation_seconds: 30,
  ...fields,
});

const meta = (startedAt: string, extra: Record<string, unknown> = {}) =>
  call('zh-CN', [], { id: 'now', startedAt, durationMs: 60_000, ...extra }).call;
const h = (callId: string, startedAt: string, extra: Partial<HistoryCall> = {}): HistoryCall => ({
  callId,
  borrowerId: 'b-1',
  startedAt,
  durationMs: 60_000,
  ...extra,
});

describe('contact_frequency', () => {
  it('counts conversations on the local day of the call, in its offset', () => {
    const r = frequency({});
    const now = meta('2026-03-02T10:30:00+08:00');
    // 2026-03-01T16:30Z is 00:30 on 2 March in +08:00: the same local day
    const sameDay = [h('a', '2026-03-01T16:30:00Z'), h('b', '2026-03-02T08:00:00+08:00'), h('c', '2026-03-02T09:00:00+08:00')];
    expect(checkContactFrequency(r, now, undefined, sameDay)).toEqual(['4 conversations in this local day (limit 3)']);
    // 15:30Z on 1 March is 23:30 on 1 March in +08:00: the day before
    const crossing = [h('a', '2026-03-01T15:30:00Z'), h('b', '2026-03-02T08:00:00+08:00'), h('c', '2026-03-02T09:00:00+08:00')];
    expect(checkContactFrequency(r, now, undefined, crossing)).toBeUndefined();
  });

  it('does not count unanswered or short calls as conversations, later calls, other borrowers, or the call itself', () => {
    const r = frequency({});
    const now = meta('2026-03-02T10:30:00+08:00');
    const history = [
      h('a', '2026-03-02T08:00:00+08:00', { connected: false }),
      h('b', '2026-03-02T08:10:00+08:00', { durationMs: 10_000 }),
      h('c', '2026-03-02T08:20:00+08:00'),
      h('d', '2026-03-02T08:30:00+08:00', { borrowerId: 'someone-else' }),
      h('e', '2026-03-02T11:00:00+08:00'),
      h('now', '2026-03-02T10:30:00+08:00'),
      h('f', '2026-03-02T09:00:00+08:00'),
    ];
    expect(checkContactFrequency(r, now, undefined, history)).toBeUndefined();
    expect(checkContactFrequency(frequency({ count: 'calls' }), now, undefined, history)).toEqual(['5 calls in this local day (limit 3)']);
    // a short current call is not itself a conversation: it cannot exceed the limit
    const shortNow = meta('2026-03-02T10:30:00+08:00', { durationMs: 5000 });
    const many = [h('a', '2026-03-02T08:00:00+08:00'), h('b', '2026-03-02T08:10:00+08:00'), h('c', '2026-03-02T08:20:00+08:00')];
    expect(checkContactFrequency(r, shortNow, undefined, many)).toBeUndefined();
    expect(checkContactFrequency(r, now, undefined, many)).toHaveLength(1);
  });

  it('rolling_7_days: the 8th call in 7 × 24 hours is flagged (Reg F 7-in-7)', () => {
    const r = frequency({ limit: 7, period: 'rolling_7_days', count: 'calls' });
    const now = call('en-US', [], { id: 'now', startedAt: '2026-03-08T10:00:00-05:00' }).call;
    const seven = Array.from({ length: 7 }, (_, i) => h(`c${i}`, `2026-03-0${i + 1}T10:30:00-05:00`, { connected: false }));
    expect(checkContactFrequency(r, now, undefined, seven)).toEqual(['8 calls in 7 days (limit 7)']);
    // the call of 1 March 10:30 is more than 7 days before 8 March 10:00? no: 6 d 23.5 h. One on 1 March 09:00 is out.
    const withOld = [...seven.slice(1), h('old', '2026-03-01T09:00:00-05:00')];
    expect(checkContactFrequency(r, now, undefined, withOld)).toBeUndefined();
  });

  it('through scan: history from a batch provider, and the look-back the pack needs', async () => {
    const p = pack('zh-CN', [rule({ id: 'daily', kind: 'contact_frequency', category: 'contact_frequency', limit: 1, period: 'local_day', count: 'calls' })]);
    expect(lookbackForPack(p)).toBe(24 * 3600 * 1000);
    const first = call('zh-CN', [['agent', '您好']], { id: 'first', startedAt: '2026-03-02T09:00:00+08:00' });
    const second = call('zh-CN', [['agent', '您好']], { id: 'second', startedAt: '2026-03-02T11:00:00+08:00' });
    const provider = BatchHistoryProvider.fromTranscripts([second, first]);
    const window = historyWindow(p, second.call.startedAt)!;
    const history = await provider.callsWithBorrower('b-1', window.fromIso, window.toIso);
    expect(history.map((c) => c.callId).sort()).toEqual(['first', 'second']);
    expect(scanTranscript(p, second, history).map((f) => f.ruleId)).toEqual(['daily']);
    expect(scanTranscript(p, first, history)).toEqual([]);
    const weekly = pack('en-US', [rule({ kind: 'contact_frequency', category: 'contact_frequency', limit: 7, period: 'rolling_7_days', count: 'calls' })]);
    expect(lookbackForPack(weekly)).toBe(7 * 24 * 3600 * 1000);
    expect(historyWindow(pack('en-US', [hours]), second.call.startedAt)).toBeUndefined();
  });
});

describe('recording', () => {
  const p = pack('zh-CN', [
    rule({ id: 'missing', kind: 'recording', category: 'recording', check: 'missing_recording' }),
    rule({ id: 'silent', kind: 'recording', category: 'recording', check: 'silent_channel' }),
    rule({ id: 'short', kind: 'recording', category: 'recording', check: 'short_recording', short_ratio: 0.8 }),
  ]);
  const scan = (extra: Record<string, unknown>) => scanTranscript(p, call('zh-CN', [], { durationMs: 100_000, ...extra })).map((f) => `${f.ruleId}: ${f.matched.join('; ')}`);
  it('flags a connected call without a recording, a silent channel and a short recording', () => {
    expect(scan({ connected: true, recording: { present: false } })).toEqual(['missing: no recording for a connected call']);
    expect(scan({ connected: false, recording: { present: false } })).toEqual([]);
    expect(scan({ recording: { present: true, durationMs: 100_000, silentChannels: ['agent'] } })).toEqual(['silent: silent agent channel']);
    expect(scan({ recording: { present: true, durationMs: 50_000 } })).toEqual(['short: recording 50 s of a 100 s call']);
    expect(scan({ recording: { present: true, durationMs: 90_000, silentChannels: [] } })).toEqual([]);
    expect(scan({})).toEqual([]);
  });
});
