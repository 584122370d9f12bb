import { describe, expect, it } from 'vitest';
import { normaliseText } from './template.parser';

describe('cell text as stored and compared', () => {
  it('has its line endings unified and the blanks around it removed, full-width spaces included', () => {
    expect(normaliseText('\u3000 第一行\r\n第二行\r第三行\n \t\u3000')).toBe('第一行\n第二行\n第三行');
    expect(normaliseText('\u00a0\ufeff内容\u2003')).toBe('内容');
    expect(normaliseText('中 间\u3000保留')).toBe('中 间\u3000保留');
    // Every character that can stand at either end: removed exactly when the rule's blanks include it.
    const rule = (text: string) => text.replace(/\r\n?/gu, '\n').replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '');
    for (let code = 0; code < 0x10000; code++) {
      const text = `${String.fromCharCode(code)}内容${String.fromCharCode(code)}`;
      if (normaliseText(text) !== rule(text)) expect(normaliseText(text), `U+${code.toString(16)}`).toBe(rule(text));
    }
  });
});
