import { describe, expect, it } from 'vitest';
import { domainVocabulary } from '../../../src/asr/domain-vocabulary.ts';
import { MAX_PROMPT_CHARS, whisperLanguageCode, whisperPrompt } from '../../../src/asr/whisper-prompt.ts';

describe('whisper prompt', () => {
  it('puts the call’s bank, agency and agent first, then collection terms of its language', () => {
    const words = domainVocabulary({ bank: '招商银行', agency: '华信资产', agentName: '王芳', language: 'zh-CN' });
    expect(words.slice(0, 3)).toEqual(['招商银行', '华信资产', '王芳']);
    expect(words).toContain('逾期');
    expect(domainVocabulary({ bank: 'Acme Bank', language: 'en-US' })).toContain('on behalf of');
  });

  it('writes a Mandarin sentence in simplified script with full-width punctuation', () => {
    const p = whisperPrompt('zh-CN', ['招商银行', '逾期']);
    expect(p).toBe('以下是普通话的催收电话录音：招商银行，逾期。');
  });

  it('drops whole words that do not fit and is empty without vocabulary', () => {
    const many = Array.from({ length: 100 }, (_, i) => `word${i}`);
    const p = whisperPrompt('en-US', many);
    expect(p.length).toBeLessThanOrEqual(MAX_PROMPT_CHARS);
    expect(p.endsWith('.')).toBe(true);
    expect(p).not.toMatch(/word\d*$/);
    expect(whisperPrompt('en-US', [])).toBe('');
  });

  it('maps call languages to whisper codes', () => {
    expect(whisperLanguageCode('zh-CN')).toBe('zh');
    expect(whisperLanguageCode('en-US')).toBe('en');
  });
});
