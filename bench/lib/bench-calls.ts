import type { CallInput } from '../../src/pipeline/intake/register-call.ts';
import { generateCall, type Lang } from './generate-calls.ts';

/**
 * Generated calls (bench/lib/generate-calls.ts) of 30–120 s, zh-CN and en-US, delivered as
 * transcripts: 5 calls per borrower spread over two days, so the frequency rules read history.
 */
export function benchCalls(n: number): CallInput[] {
  const out: CallInput[] = [];
  for (let i = 0; i < n; i++) {
    const lang: Lang = i % 3 === 2 ? 'en-US' : 'zh-CN';
    const t = generateCall(lang, 30 + (i % 4) * 30, i + 1);
    const hour = 8 + (i % 14);
    const day = 2 + (i % 2);
    const offset = lang === 'zh-CN' ? '+08:00' : '-05:00';
    const call = {
      ...t.call,
      id: `bench-${String(i).padStart(6, '0')}`,
      // Calls of one borrower are spread through the burst, as a dialer's day spreads them over hours.
      borrowerId: `BB-${i % Math.max(1, Math.floor(n / 5))}`,
      startedAt: `2026-03-0${day}T${String(hour).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00${offset}`,
      firstContact: i % 5 === 0,
    };
    out.push({ meta: call, transcriptText: JSON.stringify({ ...t, call }) });
  }
  return out;
}
