import { describe, expect, it } from 'vitest';
import { maskNumbersWhenUnsure, redactReason } from '../../../src/privacy/redact-reason.ts';

describe('failure reasons as people and logs see them', () => {
  it('drop what a parser quoted from the input and mask the numbers left', () => {
    const reason = 'ingest: delivered transcript: Unexpected token 我, "我的手机是13912345678，身份证110105194912310021" is not valid JSON at 120345';
    const shown = redactReason(reason);
    expect(shown).toBe('ingest: delivered transcript: Unexpected token 我, "…" is not valid JSON at ******');
    expect(shown).not.toMatch(/\d{5}/);
  });

  it('keep what failed and where, cut to a readable length', () => {
    expect(redactReason('decode: ffmpeg exited with code 1: Invalid data found when processing input')).toBe(
      'decode: ffmpeg exited with code 1: Invalid data found when processing input',
    );
    expect([...redactReason(`transcribe: ${'x'.repeat(500)}`)]).toHaveLength(200);
  });

  it('mask every long run of numerals, Chinese ones too, keeping the length', () => {
    const text = '账号尾号一二三四五六 and order 987654';
    const masked = maskNumbersWhenUnsure(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toMatch(/987654|一二三四五六/);
  });
});
