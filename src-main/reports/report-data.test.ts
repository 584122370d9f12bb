import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { submitReport } from '../progress/progress.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { closeRound, openRound } from '../rounds/rounds.service';
import { assignTasks } from '../tasks/task-assign.service';
import { listTasks } from '../tasks/task-query';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { loadProgressLines, type ProgressLine } from './report-data';

/**
 * A round's report lines take the round's figures from its rows and the rest of each task (its place in the plan, its
 * cooperating units, its 完成时限) from a read of their own: these must be what the task list says of the same tasks,
 * in the task list's order, whether the round is open or closed.
 */

const THRESHOLDS = DEFAULT_WARNING_THRESHOLDS;
let t: SeededDatabase;
let commerce: number;
let datong: number;
let roundId: number;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-04-02T02:00:00Z'));
  t = await createSeededDatabase();
  commerce = await t.unitId('省商务厅');
  datong = await t.unitId('大同市');
  const taiyuan = await t.unitId('太原市');
  // Tasks in three chapters: cooperating units listed in the units' order, one task without a deadline of its own.
  await assignTasks(t.db, t.office, { taskIds: [await t.taskId('4.1.1.1')], leadUnitId: commerce, cooperatorUnitIds: [taiyuan, datong], deadline: '2025-12-31' });
  await assignTasks(t.db, t.office, { taskIds: [await t.taskId('3.1.1.1')], leadUnitId: datong, deadline: null });
  await assignTasks(t.db, t.office, { taskIds: [await t.taskId('6.3.1.1'), await t.taskId('4.1.1.2')], leadUnitId: commerce, cooperatorUnitIds: [datong], deadline: '2026-06-30' });
  ({ id: roundId } = await openRound(t.db, t.office, {
    planId: t.planId,
    name: '2025年4月调度',
    periodStart: '2025-04-01',
    periodEnd: '2025-04-30',
    dueDate: '2025-04-30',
    unitIds: [commerce, datong],
    reportScope: 'leadAndCooperating',
  }));
  vi.setSystemTime(new Date('2025-04-10T02:00:00Z'));
  await submitReport(t.db, t.files, await t.actorFor('大同市'), {
    taskId: await t.taskId('4.1.1.1'),
    status: '序时推进',
    percent: 30,
    progress: '推进中。',
    problems: '',
    nextSteps: '',
    coordination: '',
    attachments: [{ name: '佐证.txt', contentBase64: Buffer.from('佐证材料').toString('base64') }],
  });
});
afterEach(async () => {
  vi.useRealTimers();
  await t.dispose();
});

/** What a line says of the task itself, as the task list (and the chapters' order) has it. */
async function expectedPlaces(codes: string[], today: string) {
  const { rows } = await listTasks(t.db, { planId: t.planId, includeRetired: true }, today, THRESHOLDS);
  const chapters = await t.db.selectFrom('chapters').select(['seq', 'heading', 'title']).where('plan_id', '=', t.planId).execute();
  const seq = new Map(chapters.map((c) => [`${c.heading} ${c.title}`, c.seq]));
  return rows
    .filter((row) => codes.includes(row.code))
    .map((row) => ({
      taskId: row.id,
      chapter: row.chapterTitle,
      chapterSeq: seq.get(row.chapterTitle),
      region: row.region,
      measure: row.measureTitle,
      cooperators: row.cooperators.map((unit) => unit.name).join('、'),
      deadline: row.deadline,
    }));
}

const places = (lines: ProgressLine[]) =>
  lines.map(({ taskId, chapter, chapterSeq, region, measure, cooperators, deadline }) => ({ taskId, chapter, chapterSeq, region, measure, cooperators, deadline }));

describe('a round’s report lines', () => {
  it('show each task’s place in the plan, cooperating units and 完成时限 as the task list does, in its order, open and closed', async () => {
    for (const today of ['2025-04-20', '2025-05-02']) {
      if (today === '2025-05-02') await closeRound(t.db, t.office, roundId, today, THRESHOLDS);
      const whole = await loadProgressLines(t.db, { planId: t.planId, roundId }, today, THRESHOLDS);
      expect(whole.map((line) => [line.code, line.leadUnit])).toEqual([
        ['3.1.1.1', '大同市'],
        ['4.1.1.1', '省商务厅'],
        ['4.1.1.2', '省商务厅'],
        ['6.3.1.1', '省商务厅'],
      ]);
      expect(places(whole)).toEqual(await expectedPlaces(['3.1.1.1', '4.1.1.1', '4.1.1.2', '6.3.1.1'], today));
      expect(whole.find((line) => line.code === '3.1.1.1')!.deadline).toBe('2025-12-31');
      expect(whole.find((line) => line.code === '4.1.1.1')!.cooperators).toBe('太原市、大同市');

      // 大同市's own rows: the tasks it cooperates on name their lead; its evidence only where asked for.
      const own = await loadProgressLines(t.db, { planId: t.planId, roundId, unitId: datong, withAttachments: true }, today, THRESHOLDS);
      expect(own.map((line) => [line.code, line.leadUnit, line.reported, line.attachments])).toEqual([
        ['3.1.1.1', '大同市', false, []],
        ['4.1.1.1', '省商务厅', true, ['佐证.txt']],
        ['4.1.1.2', '省商务厅', false, []],
        ['6.3.1.1', '省商务厅', false, []],
      ]);
      expect(places(own)).toEqual(places(whole));
      const withoutFiles = await loadProgressLines(t.db, { planId: t.planId, roundId, unitId: datong }, today, THRESHOLDS);
      expect(withoutFiles.map((line) => line.attachments)).toEqual([[], [], [], []]);
    }
  });
});

describe('a closed round’s lines read for a report that does not print every field', () => {
  it('are the whole read’s lines with only the fields left out emptied', async () => {
    await submitReport(t.db, t.files, await t.actorFor('大同市'), {
      taskId: await t.taskId('3.1.1.1'),
      status: '序时推进',
      percent: 40,
      progress: '已开工。',
      problems: '',
      nextSteps: '五月完成招标。',
      coordination: '',
      attachments: [],
    });
    await closeRound(t.db, t.office, roundId, '2025-05-02', THRESHOLDS);
    const whole = await loadProgressLines(t.db, { planId: t.planId, roundId }, '2025-05-02', THRESHOLDS);
    const brief = await loadProgressLines(t.db, { planId: t.planId, roundId, without: ['nextSteps', 'reasons', 'reportedAt', 'reportDate'] }, '2025-05-02', THRESHOLDS);
    // Something to leave out: the reported task's 下步打算 and report date, every line's 预警原因.
    expect(whole.find((line) => line.code === '3.1.1.1')).toMatchObject({ nextSteps: '五月完成招标。', reportDate: '2025-04-10' });
    expect(whole.every((line) => line.reasons !== null)).toBe(true);
    expect(brief).toEqual(whole.map((line) => ({ ...line, nextSteps: '', reasons: null, reportedAt: null, reportDate: null })));
  });
});
