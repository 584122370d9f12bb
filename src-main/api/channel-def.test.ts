import { describe, expect, it } from 'vitest';
import { nameText, requiredText, text } from './channel-def';

describe('the contract\'s text schemas', () => {
  it('count characters as people do: 5,000 × 𠮷 fits a 5,000-character field, 5,001 does not', () => {
    expect(text(5000).safeParse('𠮷'.repeat(5000)).success).toBe(true);
    const over = text(5000).safeParse('𠮷'.repeat(5001));
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.message).toBe('不能超过 5000 个字符');
  });

  it('remove invisible text-direction controls from free text, and trim', () => {
    expect(text(100).parse('  本期\u202E进展\u2066完成  ')).toBe('本期进展完成');
    expect(requiredText(10).safeParse(' \u202E ').success).toBe(false);
  });

  it('refuse a name carrying them instead of silently changing it', () => {
    const result = nameText(255).safeParse('报告\u202Efdp.exe');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('文字方向控制字符');
    expect(nameText(60).parse(' 省工业和信息化厅 ')).toBe('省工业和信息化厅');
  });
});
