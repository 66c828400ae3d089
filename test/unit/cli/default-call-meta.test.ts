import { describe, expect, it } from 'vitest';
import { CallMetaSchema } from '../../../src/domain/transcript.ts';
import { defaultCallMeta, describeDefaults, isoWithOffset, languageOfChoice } from '../../../src/cli/default-call-meta.ts';

describe('the call metadata assumed for a bare recording', () => {
  const startedAt = new Date('2026-03-02T02:30:00Z');

  it('takes the id from the file name and the language asked for; the rest is unknown or the stricter case', () => {
    const meta = defaultCallMeta('/calls/2026-03-02/agent7-call-0042.amr', { language: 'en-US', startedAt, utcOffsetMinutes: -300 });
    expect(CallMetaSchema.parse(meta)).toEqual(meta);
    expect(meta).toEqual({
      id: 'agent7-call-0042',
      agentId: 'unknown',
      borrowerId: 'unknown',
      bank: 'unknown',
      startedAt: '2026-03-01T21:30:00-05:00',
      direction: 'outbound',
      firstContact: true,
      language: 'en-US',
    });
  });

  it('keeps a name with no extension, and a dotfile, as the id', () => {
    expect(defaultCallMeta('recordings/call7', { language: 'zh-CN', startedAt, utcOffsetMinutes: 480 }).id).toBe('call7');
    expect(defaultCallMeta('.hidden', { language: 'zh-CN', startedAt, utcOffsetMinutes: 480 }).id).toBe('.hidden');
  });

  it('writes the start with the UTC offset, east and west, whole and half hours', () => {
    expect(isoWithOffset(startedAt, 480)).toBe('2026-03-02T10:30:00+08:00');
    expect(isoWithOffset(startedAt, 0)).toBe('2026-03-02T02:30:00+00:00');
    expect(isoWithOffset(startedAt, 330)).toBe('2026-03-02T08:00:00+05:30');
    expect(isoWithOffset(startedAt, -210)).toBe('2026-03-01T23:00:00-03:30');
  });

  it('maps --language to the call language; auto names none', () => {
    expect(languageOfChoice('zh')).toBe('zh-CN');
    expect(languageOfChoice('en')).toBe('en-US');
    expect(languageOfChoice('auto')).toBeUndefined();
  });

  it('tells the person what was assumed, and how to say English when the language was not asked', () => {
    const meta = defaultCallMeta('call.wav', { language: 'zh-CN', startedAt, utcOffsetMinutes: 480 });
    const note = describeDefaults('dir/call.wav', meta, false);
    expect(note).toMatch(/^no call metadata for call\.wav: assuming id "call", language zh-CN \(--language en for English\)/);
    expect(note).toMatch(/pass --meta META\.json/);
    expect(note).toMatch(/无通话元数据/);
    expect(describeDefaults('dir/call.wav', meta, true)).not.toMatch(/--language en/);
  });
});
