import type { Language } from '../domain/transcript.ts';

/** whisper.cpp keeps at most n_text_ctx / 2 prompt tokens; stay well inside that. */
export const MAX_PROMPT_CHARS = 200;

/**
 * whisper's "initial prompt": text the decoder treats as what came before. A sentence in the call's
 * language and register, with the domain words, biases spelling of names and (for Mandarin) the
 * script and punctuation. Words that do not fit are dropped whole, names first kept.
 */
export function whisperPrompt(language: Language, vocabulary: readonly string[]): string {
  const [lead, separator, end] =
    language === 'zh-CN' ? ['以下是普通话的催收电话录音：', '，', '。'] : ['A recorded debt collection phone call: ', ', ', '.'];
  let body = '';
  for (const word of vocabulary) {
    const next = body ? `${body}${separator}${word}` : word;
    if (lead.length + next.length + end.length > MAX_PROMPT_CHARS) break;
    body = next;
  }
  return body ? `${lead}${body}${end}` : '';
}

/** whisper.cpp language codes. */
export function whisperLanguageCode(language: Language): 'zh' | 'en' {
  return language === 'zh-CN' ? 'zh' : 'en';
}
