import type { CallMeta, Language } from '../domain/transcript.ts';

/**
 * Words a recogniser should expect on a collection call. Names from the call's metadata matter
 * most: a bank or agency name misheard breaks the disclosure rule ("受XX银行委托") that looks for
 * it. The general terms steer whisper towards the domain (and, for Mandarin, towards simplified
 * characters, which the rule packs are written in).
 */
const COLLECTION_TERMS: Record<Language, readonly string[]> = {
  'zh-CN': ['受托', '委托', '催收', '逾期', '欠款', '还款', '本金', '利息', '滞纳金', '信用卡', '分期', '减免', '协商', '账单', '征信', '投诉', '录音'],
  'en-US': ['debt collector', 'on behalf of', 'past due', 'balance', 'payment plan', 'settlement', 'dispute', 'credit report', 'this call may be recorded'],
};

export function domainVocabulary(call: Pick<CallMeta, 'bank' | 'agency' | 'agentName' | 'language'>): string[] {
  const names = [call.bank, call.agency, call.agentName].filter((s): s is string => typeof s === 'string' && s.length > 0);
  return [...new Set([...names, ...COLLECTION_TERMS[call.language]])];
}
