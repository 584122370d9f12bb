import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertWithLibreOffice, missingTools, pdfFonts, pdfPages, pdfText, toolPolicy } from '../testing/office-tools';
import type { CircularData } from './circular-data';
import { buildNoticeForm } from './notice-form.docx';
import { buildRoundCircular } from './round-circular.docx';

/**
 * The 调度情况通报 through LibreOffice Writer to PDF: A4, the GB/T 9704 margins (measured from where the text lands),
 * the fonts asked for, "— N —" page numbers and every unit and figure in the text. PLAN_DESK_RENDER_DIR keeps the files.
 */

const run = promisify(execFile);
const WRITER = ['/usr/lib/libreoffice/program/libswlo.so', '/opt/libreoffice/program/libswlo.so'].some((path) => existsSync(path));
const reason: string | null = (await missingTools({ soffice: true, poppler: true })) ?? (WRITER ? null : '缺少 LibreOffice Writer（apt-get install libreoffice-writer-nogui）');
const policy = toolPolicy(reason);

const UNITS = ['省发展改革委', '省商务厅', '省能源局', '省交通运输厅', '太原市', '大同市', '朔州市', '忻州市', '阳泉市', '吕梁市', '晋中市', '长治市', '晋城市', '临汾市', '运城市'];

function sample(): CircularData {
  const units = UNITS.map((name, index) => {
    const expected = 4 + (index % 3);
    const missing = index % 5 === 4 ? 2 : 0;
    const late = index % 4 === 1 ? 1 : 0;
    const reported = expected - missing;
    const onTime = reported - late;
    return { name, expected, reported, onTime, late, missing, onTimeRate: Math.round((onTime / expected) * 1000) / 10, rank: index + 1 };
  });
  const sum = (key: 'expected' | 'reported' | 'onTime' | 'late' | 'missing') => units.reduce((s, u) => s + u[key], 0);
  return {
    planTitle: '山西省“十四五”京津冀、长三角、大湾区等区域融合发展实现高水平崛起规划',
    office: '省区域融合发展领导小组办公室',
    roundName: '2026年第四季度调度',
    periodStart: '2026-10-01',
    periodEnd: '2026-12-31',
    dueDate: '2026-12-10',
    closedOn: '2026-12-20',
    totals: { units: units.length, expected: sum('expected'), reported: sum('reported'), onTime: sum('onTime'), late: sum('late'), missing: sum('missing'), onTimeRate: 87.5 },
    units,
    lights: [
      { unit: '大同市', red: ['6.3.1.1 建设大同国际陆港'], yellow: ['6.3.1.2 推进晋北城镇群融合'] },
      { unit: '省能源局', red: [], yellow: ['3.1.1.1 建设京津冀清洁能源供应基地'] },
    ],
    notices: [{ number: '督办〔2026〕1号', unit: '大同市', level: '黄', state: '已反馈待审核', overdue: true }],
    majorProblems: [{ unit: '省商务厅', taskCode: '4.1.1.1', text: '项目用地指标紧张，需省级层面统筹协调解决', state: '解决中' }],
  };
}

let dir: string;
let pdf: string;
let noticePdf: string;
let docx: Buffer;

beforeAll(async () => {
  docx = await buildRoundCircular(sample(), { docNumber: '晋区融办〔2026〕3号', date: '2026-12-20' });
  if (policy.skip) return;
  dir = process.env.PLAN_DESK_RENDER_DIR ?? mkdtempSync(join(tmpdir(), 'plan-desk-circular-'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'circular.docx');
  writeFileSync(file, docx);
  const notice = join(dir, 'notice.docx');
  writeFileSync(
    notice,
    await buildNoticeForm({
      number: '督办〔2026〕7号',
      office: '省区域融合发展领导小组办公室',
      unitName: '大同市',
      level: '黄',
      reason: '本季度调度未按时报送进展，建设大同国际陆港任务落后序时进度 35 个百分点。',
      requirement: '5个工作日内书面说明原因，提出整改措施和完成时限。',
      replyDue: '2026-12-20',
      issuedOn: '2026-12-11',
      tasks: [{ code: '6.3.1.1', text: '建设大同国际陆港，打造晋冀蒙交界地区物流枢纽。' }],
    }),
  );
  // One LibreOffice start for both documents (each costs seconds).
  await convertWithLibreOffice([file, notice], 'pdf', dir);
  pdf = join(dir, 'circular.pdf');
  noticePdf = join(dir, 'notice.pdf');
}, 300_000);
afterAll(() => {
  if (dir && !process.env.PLAN_DESK_RENDER_DIR) rmSync(dir, { recursive: true, force: true });
});

describe('调度情况通报 (.docx) as written', () => {
  it('asks for the 公文 fonts, each with its fallback, on an A4 page with the GB/T 9704 margins and a 22 × 28 grid', async () => {
    const zip = await JSZip.loadAsync(docx);
    const document = await zip.file('word/document.xml')!.async('string');
    expect(document).toContain('w:eastAsia="方正小标宋简体"');
    expect(document).toContain('w:eastAsia="仿宋_GB2312"');
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);
    expect(document).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/u);
    expect(document).toMatch(/<w:docGrid w:type="lines" w:linePitch="58\d"/u);
    expect(document).toContain('<w:spacing w:val="-5"/>');
    const fonts = await zip.file('word/fontTable.xml')!.async('string');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="黑体"/>');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
  });
});

describe.skipIf(policy.skip && !policy.failUnderCi)('调度情况通报 rendered by LibreOffice Writer', () => {
  it.runIf(policy.failUnderCi)('has the tools it needs', () => {
    throw new Error(reason ?? '');
  });

  it('is A4 with the text block where the margins put it', async () => {
    const { stdout } = await run('pdfinfo', [pdf]);
    expect(stdout).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/u);
    // Where the words land: pdftotext -bbox gives each word's box in points (1 mm = 2.835 pt).
    const { stdout: boxes } = await run('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdf, '-']);
    const words = [...boxes.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</gu)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      text: m[5]!,
    }));
    const body = words.filter((w) => !/^[—\d]+$/u.test(w.text));
    const left = Math.min(...body.map((w) => w.x0)) / 2.835;
    // A full stop or comma closing a line may hang past the edge (避头尾), as in Word: measured without them.
    const right = 210 - Math.max(...body.filter((w) => !/[。，、；：）》”]$/u.test(w.text)).map((w) => w.x1)) / 2.835;
    const top = Math.min(...body.map((w) => w.y0)) / 2.835;
    expect(left).toBeGreaterThan(27);
    expect(left).toBeLessThan(29.5);
    expect(right).toBeGreaterThan(25);
    expect(right).toBeLessThan(28);
    // The first line's box starts at 37 mm; its glyphs sit low in the 29 pt exact line, some 5–7 mm further down.
    expect(top).toBeGreaterThan(37);
    expect(top).toBeLessThan(46);
  });

  it('prints "— N —" on every page, the 发文字号, title, every unit and the figures', async () => {
    const pages = await pdfPages(pdf);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page += 1) expect(await pdfText(pdf, page)).toMatch(new RegExp(`—\\s*${page}\\s*—`, 'u'));
    const text = (await pdfText(pdf)).replace(/\s+/gu, '');
    for (const expected of ['晋区融办〔2026〕3号', '关于2026年第四季度调度情况的通报', '按时报送率87.5%', '督办〔2026〕1号', '项目用地指标紧张', '6.3.1.1建设大同国际陆港', '2026年12月20日']) {
      expect(text).toContain(expected);
    }
    for (const unit of UNITS) expect(text).toContain(`${unit}：应报`);
  });

  it('prints the 督办通知单 on one A4 page: 文号, object, 事项, 要求, 办理时限, 落款 with room for the seal, "— 1 —"', async () => {
    expect(await pdfPages(noticePdf)).toBe(1);
    const { stdout } = await run('pdfinfo', [noticePdf]);
    expect(stdout).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/u);
    const page = await pdfText(noticePdf, 1);
    expect(page).toMatch(/—\s*1\s*—/u);
    const text = page.replace(/\s+/gu, '');
    for (const expected of ['督办通知单', '督办〔2026〕7号', '大同市：', '督办事项：', '任务6.3.1.1', '督办要求：', '办理时限：请于2026年12月20日前书面反馈', '省区域融合发展领导小组办公室', '2026年12月11日', '（盖章）']) {
      expect(text).toContain(expected);
    }
  });

  it('embeds a CJK font for every glyph (no boxes)', async () => {
    const fonts = await pdfFonts(pdf);
    expect(fonts.some((name) => /WenQuanYi|Noto|Hei|Song|Fang|CJK/iu.test(name))).toBe(true);
  });
});
