import type { Transcript } from '../domain/transcript.ts';
import type { CompiledPack } from './compile-pack.ts';

/**
 * Earlier contacts with a borrower, for the contact_frequency rules. The scanner is a pure,
 * synchronous function that takes this history already fetched; where it comes from is the
 * caller's business: the batch of files given to one `callguard scan`, or PostgreSQL in the pipeline.
 */
export interface HistoryCall {
  callId: string;
  borrowerId: string;
  /** ISO 8601 with offset. */
  startedAt: string;
  durationMs?: number;
  /** Answered. Undefined counts as answered (a call with a transcript was). */
  connected?: boolean;
}

export interface HistoryProvider {
  /** Calls with the borrower that started in [fromIso, toIso], the current call may be among them. */
  callsWithBorrower(borrowerId: string, fromIso: string, toIso: string): Promise<HistoryCall[]>;
}

/** History from calls known in memory: the files of one `scan` invocation, or example calls. */
export class BatchHistoryProvider implements HistoryProvider {
  private readonly byBorrower = new Map<string, HistoryCall[]>();

  constructor(calls: Iterable<HistoryCall> = []) {
    for (const c of calls) this.add(c);
  }

  static fromTranscripts(transcripts: Iterable<Transcript>): BatchHistoryProvider {
    const provider = new BatchHistoryProvider();
    for (const t of transcripts) provider.add(historyCallOf(t));
    return provider;
  }

  add(call: HistoryCall): void {
    const list = this.byBorrower.get(call.borrowerId) ?? [];
    list.push(call);
    this.byBorrower.set(call.borrowerId, list);
  }

  /** Synchronous form, for callers that already hold every call (the scan command). */
  callsWithBorrowerSync(borrowerId: string, fromIso: string, toIso: string): HistoryCall[] {
    const from = Date.parse(fromIso);
    const to = Date.parse(toIso);
    return (this.byBorrower.get(borrowerId) ?? []).filter((c) => {
      const t = Date.parse(c.startedAt);
      return t >= from && t <= to;
    });
  }

  async callsWithBorrower(borrowerId: string, fromIso: string, toIso: string): Promise<HistoryCall[]> {
    return this.callsWithBorrowerSync(borrowerId, fromIso, toIso);
  }
}

/** The history entry a transcript stands for. */
export function historyCallOf(t: Transcript): HistoryCall {
  const lastEnd = t.segments.reduce((m, s) => Math.max(m, s.endMs), 0);
  const durationMs = t.call.durationMs ?? (lastEnd > 0 ? lastEnd : undefined);
  return {
    callId: t.call.id,
    borrowerId: t.call.borrowerId,
    startedAt: t.call.startedAt,
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(t.call.connected !== undefined ? { connected: t.call.connected } : {}),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How far back before a call's start its history is needed for this pack's rules, in ms (0 when
 * the pack has no frequency rule). A local day needs at most the 24 hours before the call.
 */
export function lookbackForPack(pack: CompiledPack): number {
  let ms = 0;
  for (const r of pack.rules) {
    if (r.kind !== 'contact_frequency') continue;
    const rule = r.rule as { period: 'local_day' | 'rolling_7_days' };
    ms = Math.max(ms, rule.period === 'local_day' ? DAY_MS : 7 * DAY_MS);
  }
  return ms;
}

/** The [from, to] window to ask a HistoryProvider for, for one call. */
export function historyWindow(pack: CompiledPack, startedAt: string): { fromIso: string; toIso: string } | undefined {
  const lookback = lookbackForPack(pack);
  if (lookback === 0) return undefined;
  const t = Date.parse(startedAt);
  return { fromIso: new Date(t - lookback).toISOString(), toIso: new Date(t).toISOString() };
}
