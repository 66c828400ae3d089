import { describe, expect, it } from 'vitest';
import { clip, displayWidth, renderTable } from '../../../src/cli/text-table.ts';

describe('text table', () => {
  it('counts Chinese characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('老赖')).toBe(4);
    expect(displayWidth('受招商银行委托，')).toBe(16);
  });

  it('aligns columns holding Chinese and Latin text', () => {
    const out = renderTable(['id', 'quote'], [['zh-1', '你这个老赖'], ['en-1', 'deadbeat']]).split('\n');
    expect(out[0]).toBe('  id    quote');
    expect(out[2]).toBe('  zh-1  你这个老赖');
    expect(displayWidth(out[1]!)).toBe(displayWidth('  zh-1  你这个老赖'));
  });

  it('clips by display width with an ellipsis', () => {
    expect(clip('你这个老赖，真不要脸', 9)).toBe('你这个老…');
    expect(displayWidth(clip('你这个老赖，真不要脸', 9))).toBeLessThanOrEqual(9);
    expect(clip('short', 9)).toBe('short');
  });
});
