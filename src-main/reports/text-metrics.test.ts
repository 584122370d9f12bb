import { describe, expect, it } from 'vitest';
import { linesAtLeast, wrappedLines } from './text-metrics';

/**
 * A row's height is its tallest cell's; `linesAtLeast` skips measuring cells that cannot be taller than the tallest so
 * far. It must give the same heights as measuring every cell, or the printed rows would change.
 */
describe('linesAtLeast', () => {
  it('is the larger of the lines so far and the text’s own lines, whatever the text and the column width', () => {
    const pieces = ['推进', '项目建设', 'ABC', '2025', '，', '\n', '加快推进重点项目前期工作', 'a b c', '𠀀'];
    const texts: string[] = [''];
    // Texts of every length up to ~60 units, of wide, narrow and mixed characters, some with line breaks.
    for (let seed = 1; seed < 400; seed++) {
      let text = '';
      for (let n = seed; n > 0; n = Math.floor(n / pieces.length)) text += pieces[n % pieces.length]!.repeat(1 + (seed % 5));
      texts.push(text);
    }
    for (const width of [5, 6.5, 8, 9, 12, 14, 16, 30, 34, 40]) {
      for (const text of texts) {
        for (const atLeast of [1, 2, 3, 5, 8]) {
          expect(linesAtLeast(atLeast, text, width), `${JSON.stringify(text)} at ${width} from ${atLeast}`).toBe(Math.max(atLeast, wrappedLines(text, width)));
        }
      }
    }
  });
});
