import { describe, expect, it } from 'vitest';
import { zipWithBomb } from '../testing/zip-bomb';
import { readDocx } from './docx-reader';
import { makeDocx } from './testing/docx-fixture';

/**
 * A .docx zip bomb: a small file whose word/numbering.xml (a part mammoth reads, not document.xml or styles.xml)
 * inflates to hundreds of megabytes. It must cost a quick Chinese error, never the app's memory or minutes of time.
 */
const plan = () => makeDocx([{ text: '一、总体要求', heading: 1 }, { text: '推动区域协同发展。' }]);

async function refusal(bytes: Uint8Array): Promise<{ message: string; ms: number; rssGrowthMb: number }> {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const error = await readDocx(bytes).then(
    () => new Error('accepted'),
    (e: unknown) => e as Error,
  );
  return { message: error.message, ms: performance.now() - started, rssGrowthMb: (process.memoryUsage().rss - rssBefore) / 1024 / 1024 };
}

describe('a .docx zip bomb', () => {
  it('a part declaring its huge size is refused before anything inflates', async () => {
    const bomb = await zipWithBomb(await plan(), { name: 'word/numbering.xml', inflatedMb: 200 });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const { message, ms, rssGrowthMb } = await refusal(bomb);
    expect(message).toBe('Word 文档解压后过大（内部部件“word/numbering.xml”超过 8 MB 的上限），不像是一份规划文本（可能是异常或恶意构造的文件），未导入。');
    expect(ms).toBeLessThan(3000);
    expect(rssGrowthMb).toBeLessThan(100);
  });

  it.each(['word/numbering.xml', 'word/footnotes.xml', 'word/styles.xml', 'word/document.xml'])(
    'a part (%s) lying about its size is cut off where inflating passes the cap',
    async (name) => {
      const bomb = await zipWithBomb(await plan(), { name, inflatedMb: 200, declaredBytes: 2048 });
      const { message, ms, rssGrowthMb } = await refusal(bomb);
      expect(message).toMatch(new RegExp(`^Word 文档解压后过大（内部部件“${name}”超过 (8|64) MB 的上限）`, 'u'));
      expect(ms).toBeLessThan(5000);
      expect(rssGrowthMb).toBeLessThan(200);
    },
  );

  it('a sound document still reads, through the worker', async () => {
    expect((await readDocx(await plan())).paragraphs).toEqual([
      { text: '一、总体要求', level: 1 },
      { text: '推动区域协同发展。', level: null },
    ]);
  });

  it('mammoth runs in a worker whose heap is capped: running out of it is a Chinese error, not the app dying', async () => {
    const big = await makeDocx(Array.from({ length: 4000 }, (_, i) => ({ text: `第${i}条：推动区域协同发展，`.repeat(20) })));
    await expect(readDocx(big, { heapMb: 8, timeoutMs: 60_000 })).rejects.toThrow(/超出 8 MB 的内存上限/u);
  });

  it('a worker that cannot start falls back to reading in-process', async () => {
    const missing = new URL('./no-such-worker.mjs', import.meta.url);
    expect((await readDocx(await plan(), { heapMb: 512, timeoutMs: 30_000, workerUrl: missing })).paragraphs).toHaveLength(2);
  });
});
