import { describe, expect, it } from 'vitest';
import { encodeGb18030, encodeGbk } from './testing/gbk';
import { decodeText } from './text-decoding';

const sample = '第一章　总体要求\r\n（一）指导思想。坚持“一张蓝图绘到底”——推动晋陕豫黄河金三角发展。';

describe('reading a text file in the encoding it was saved in', () => {
  it('UTF-8, with and without a BOM', () => {
    const bytes = new TextEncoder().encode(sample);
    expect(decodeText(bytes)).toEqual({ text: sample, encoding: 'UTF-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))).toEqual({ text: sample, encoding: 'UTF-8（带 BOM）' });
  });

  it('GBK and GB18030 (Notepad\'s "ANSI" on a Chinese system), never garbled', () => {
    expect(decodeText(encodeGbk(sample))).toEqual({ text: sample, encoding: 'GB18030' });
    const rare = `${sample}\u00a0㐀`;
    expect(decodeText(encodeGb18030(rare)).text).toBe(rare);
  });

  it('UTF-16 with a BOM (Notepad\'s "Unicode")', () => {
    const le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(sample, 'utf16le'))]);
    expect(decodeText(le)).toEqual({ text: sample, encoding: 'UTF-16LE' });
  });

  it('refuses binary data and empty text in Chinese', () => {
    expect(() => decodeText(new Uint8Array([0x00, 0x01, 0x02, 0x03, 0xff, 0xfe, 0x00]))).toThrow('文件不是文本或 Word 文档（.docx）');
    const controls = new TextEncoder().encode(`规划${'\u0001\u0002'.repeat(20)}文本`);
    expect(() => decodeText(controls)).toThrow('文件不是文本或 Word 文档（.docx）');
    // Bytes valid in neither UTF-8 nor GB18030.
    expect(() => decodeText(new Uint8Array([0x80, 0xff, 0x80, 0xff]))).toThrow('文件不是文本或 Word 文档（.docx）');
    expect(() => decodeText(new TextEncoder().encode(' \n\u3000'))).toThrow('文件为空');
  });
});
