import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { submitReport } from '../progress/progress.service';
import { closeRound, openRound } from '../rounds/rounds.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { issueNotice } from '../notices/notices.service';
import { assignTasks } from '../tasks/task-assign.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { loadCircularData } from './circular-data';
import { draftRoundCircular, draftRoundCircularText } from './circulars.service';

let t: SeededDatabase;
let roundId: number;
const units = ['省商务厅', '省能源局', '大同市'] as const;
const codes = { 省商务厅: ['4.1.1.1', '4.1.1.2'], 省能源局: ['3.1.1.1'], 大同市: ['6.3.1.1', '6.3.1.2'] } as const;

const report = async (unit: (typeof units)[number], code: string, percent: number) =>
  submitReport(t.db, t.files, await t.actorFor(unit), {
    taskId: await t.taskId(code),
    status: '序时推进',
    percent,
    progress: '推进中。',
    problems: '',
    nextSteps: '',
    coordination: '',
    attachments: [],
  });

beforeEach(async () => {
  t = await createSeededDatabase();
  for (const unit of units) {
    await assignTasks(t.db, t.office, { taskIds: await Promise.all(codes[unit].map((c) => t.taskId(c))), leadUnitId: await t.unitId(unit), startDate: '2026-01-01', deadline: '2027-12-31' });
  }
  ({ id: roundId } = await openRound(t.db, t.office, {
    planId: t.planId,
    name: '2026年第四季度调度',
    periodStart: '2026-10-01',
    periodEnd: '2026-12-31',
    dueDate: '2026-12-10',
    unitIds: await Promise.all(units.map((u) => t.unitId(u))),
  }));
});
afterEach(() => t.dispose());

describe('调度情况通报: what it says', () => {
  it('is refused while the round is open', async () => {
    await expect(loadCircularData(t.db, roundId)).rejects.toThrow('尚未结束');
  });

  it('counts the frozen round, ranks units by on-time rate, lists red tasks by unit and the notices', async () => {
    await report('省商务厅', '4.1.1.1', 60);
    await report('省商务厅', '4.1.1.2', 60);
    // Far behind 序时进度 (≈ 48 % at closing): red.
    await report('省能源局', '3.1.1.1', 5);
    await issueNotice(
      t.db,
      t.office,
      { taskIds: [await t.taskId('6.3.1.1')], unitId: await t.unitId('大同市'), level: '黄', reason: '未报送', requirement: '补报', replyDue: '2026-12-20' },
      '2026-12-11',
    );
    await closeRound(t.db, t.office, roundId, '2026-12-11', DEFAULT_WARNING_THRESHOLDS);

    const data = await loadCircularData(t.db, roundId);
    expect(data.totals).toMatchObject({ units: 3, expected: 5, reported: 3, missing: 2, onTimeRate: 60 });
    expect(data.units.map((u) => [u.rank, u.name, u.onTimeRate])).toEqual([
      [1, '省商务厅', 100],
      [1, '省能源局', 100],
      [3, '大同市', 0],
    ]);
    expect(data.lights.find((l) => l.unit === '省能源局')?.red).toEqual([expect.stringMatching(/^3\.1\.1\.1 /u)]);
    expect(data.notices).toEqual([{ number: '督办〔2026〕1号', unit: '大同市', level: '黄', state: expect.any(String), overdue: false }]);

    const file = await draftRoundCircular(t.db, { roundId, docNumber: '晋区融办〔2026〕3号' });
    expect(file.fileName).toBe('2026年第四季度调度情况通报.docx');
    const xml = await (await JSZip.loadAsync(Buffer.from(file.contentBase64, 'base64'))).file('word/document.xml')!.async('string');
    for (const unit of units) expect(xml).toContain(unit);
    expect(xml).toContain('晋区融办〔2026〕3号');
  });

  it('dates the round by the app\'s clock, not the machine\'s: the same 通报 whatever day the computer shows', async () => {
    await issueNotice(
      t.db,
      t.office,
      { taskIds: [await t.taskId('6.3.1.1')], unitId: await t.unitId('大同市'), level: '黄', reason: '未报送', requirement: '补报', replyDue: '2026-12-20' },
      '2026-12-11',
      new Date('2026-12-11T02:00:00Z'),
    );
    // The machine's clock a year on (a demo run with --today, or this test run late): closing "on 11 December" must
    // still date the round 11 December and see the notice as it stood then, not 逾期 and not closed in 2027.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-12-01T02:00:00Z') });
    try {
      await closeRound(t.db, t.office, roundId, '2026-12-11', DEFAULT_WARNING_THRESHOLDS);
    } finally {
      vi.useRealTimers();
    }
    const data = await loadCircularData(t.db, roundId);
    expect(data.closedOn).toBe('2026-12-11');
    expect(data.notices).toEqual([expect.objectContaining({ number: '督办〔2026〕1号', overdue: false })]);
  });

  it('names each notice at the level the escalation rule gives it on the closing day, not the level it was issued at', async () => {
    const issuedOn = new Date('2026-11-02T02:00:00Z');
    await issueNotice(
      t.db,
      t.office,
      { taskIds: [await t.taskId('6.3.1.1')], unitId: await t.unitId('大同市'), level: '蓝', reason: '未报送', requirement: '补报', replyDue: '2026-11-05' },
      '2026-11-02',
      issuedOn,
    );
    await issueNotice(
      t.db,
      t.office,
      { taskIds: [await t.taskId('4.1.1.1')], unitId: await t.unitId('省商务厅'), level: '蓝', reason: '进度滞后', requirement: '说明原因', replyDue: '2026-12-06' },
      '2026-11-02',
      issuedOn,
    );
    await closeRound(t.db, t.office, roundId, '2026-12-11', DEFAULT_WARNING_THRESHOLDS);
    // Closed on 2026-12-11 (Beijing): unanswered 36 days past its reply date the first is 红 (default rule: 黄 after 3
    // days, 红 after 10), the second 5 days past is 黄.
    await t.db.updateTable('rounds').set({ closed_at: '2026-12-11T02:00:00.000Z' }).where('id', '=', roundId).execute();

    const data = await loadCircularData(t.db, roundId);
    expect(data.notices.map((n) => [n.unit, n.level])).toEqual([
      ['省商务厅', '黄'],
      ['大同市', '红'],
    ]);
    const draft = await draftRoundCircularText(t.db, { roundId, docNumber: '晋区融办〔2026〕3号' });
    const text = draft.blocks.map((b) => b.text).join('\n');
    expect(text).toContain('红色督办，大同市');
    expect(text).toContain('黄色督办，省商务厅');
    expect(text).not.toContain('蓝色督办');
  });

  it('the office edits every paragraph of the draft, and the saved document says exactly what it wrote', async () => {
    await report('省商务厅', '4.1.1.1', 60);
    await closeRound(t.db, t.office, roundId, '2026-12-11', DEFAULT_WARNING_THRESHOLDS);
    const draft = await draftRoundCircularText(t.db, { roundId, docNumber: '晋区融办〔2026〕3号' });
    // Every place of the 公文 is in the draft, each unit's line among the paragraphs.
    expect([...new Set(draft.blocks.map((b) => b.role))]).toEqual(expect.arrayContaining(['docNumber', 'title', 'salutation', 'heading', 'body', 'signature', 'date']));
    for (const unit of units) expect(draft.blocks.some((b) => b.role === 'body' && b.text.includes(`${unit}：应报`))).toBe(true);

    // Each paragraph rewritten; the last 下步工作要求 removed by emptying it.
    const edited = draft.blocks.map((block, index) => ({ role: block.role, text: `改写第${index + 1}段` }));
    const lastBody = edited.map((b) => b.role).lastIndexOf('body');
    edited[lastBody] = { role: 'body', text: '   ' };
    const file = await draftRoundCircular(t.db, { roundId, blocks: edited });
    const xml = await (await JSZip.loadAsync(Buffer.from(file.contentBase64, 'base64'))).file('word/document.xml')!.async('string');
    const texts = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).filter((x) => x !== '');
    expect(texts).toEqual(edited.filter((b) => b.text.trim() !== '').map((b) => b.text));
    for (const original of draft.blocks) expect(xml).not.toContain(original.text);
    // The title keeps its 公文 font, the 落款 its place on the right.
    expect(xml).toMatch(/方正小标宋简体[^]*改写第2段/u);

    await expect(draftRoundCircular(t.db, { roundId, blocks: draft.blocks.map((b) => ({ role: b.role, text: '' })) })).rejects.toThrow('都已清空');
  });
});
