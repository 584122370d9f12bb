import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitReport } from '../progress/progress.service';
import { assignTasks } from '../tasks/task-assign.service';
import { DEFAULT_WARNING_THRESHOLDS } from '../rules/task-warning';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { liveRowSlices, readRoundRows } from './round-rows';
import { closeRound, listRounds, openRound, roundDetail } from './rounds.service';

/**
 * Closing reads and freezes a round a slice of its tasks at a time (round-rows.ts liveRowSlices), so that a large
 * plan's round is never held whole: what is frozen must still be exactly what the open round showed.
 */

const THRESHOLDS = DEFAULT_WARNING_THRESHOLDS;
const today = '2025-05-02';
let t: SeededDatabase;
let roundId: number;

beforeEach(async () => {
  t = await createSeededDatabase();
  const [commerce, taiyuan, datong] = [await t.unitId('省商务厅'), await t.unitId('太原市'), await t.unitId('大同市')];
  const tasks = await t.db.selectFrom('tasks').select(['id', 'code']).where('plan_id', '=', t.planId).orderBy('id').limit(40).execute();
  // Two lead units, cooperating units on some tasks, so that a task owes more than one row.
  await assignTasks(t.db, t.office, { taskIds: tasks.slice(0, 25).map((task) => task.id), leadUnitId: commerce, cooperatorUnitIds: [taiyuan], deadline: '2025-12-31' }, '2025-01-01');
  await assignTasks(t.db, t.office, { taskIds: tasks.slice(25).map((task) => task.id), leadUnitId: datong, deadline: '2025-06-30' }, '2025-01-01');
  ({ id: roundId } = await openRound(t.db, t.office, {
    planId: t.planId,
    name: '2025年4月调度',
    periodStart: '2025-04-01',
    periodEnd: '2025-04-30',
    dueDate: '2025-04-30',
    unitIds: [commerce, taiyuan, datong],
    reportScope: 'leadAndCooperating',
  }));
  // Some reports, by leads and by a cooperating unit, one 已完成.
  for (const [i, task] of tasks.slice(0, 30).entries()) {
    const unit = i < 25 ? (i % 3 === 0 ? '太原市' : '省商务厅') : '大同市';
    const done = i === 4;
    await submitReport(t.db, t.files, await t.actorFor(unit), {
      taskId: task.id,
      status: done ? '已完成' : i % 2 === 0 ? '序时推进' : '滞后',
      percent: done ? 100 : 10 + i,
      progress: `进展 ${task.code}`,
      problems: '',
      nextSteps: '继续推进',
      coordination: '',
      attachments: [],
    });
  }
});
afterEach(() => t.dispose());

const key = (row: { taskId: number; unitId: number }) => `${row.taskId}/${row.unitId}`;

describe('closing a round slice by slice', () => {
  it('its slices together are the open round’s rows, each once', async () => {
    const [round] = await listRounds(t.db, { id: roundId }, today);
    const whole = await readRoundRows(t.db, round!, today, THRESHOLDS);
    const sliced = [];
    let slices = 0;
    for await (const rows of liveRowSlices(t.db, round!, today, THRESHOLDS, 7)) {
      sliced.push(...rows);
      slices++;
    }
    expect(slices).toBe(Math.ceil(40 / 7));
    expect(whole.length).toBeGreaterThan(40);
    expect(new Set(sliced.map(key)).size).toBe(sliced.length);
    expect([...sliced].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...whole].sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('the closed round shows what the open round showed at closing', async () => {
    const live = await roundDetail(t.db, roundId, today, THRESHOLDS);
    await closeRound(t.db, t.office, roundId, today, THRESHOLDS);
    const frozen = await roundDetail(t.db, roundId, '2025-09-01', THRESHOLDS);
    const sorted = (rows: typeof live.tasks) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
    expect(frozen.state).toBe('closed');
    expect(sorted(frozen.tasks)).toEqual(sorted(live.tasks));
    expect(frozen.units).toEqual(live.units.map((unit) => ({ ...unit, status: frozen.units.find((u) => u.unitId === unit.unitId)!.status })));
    expect([frozen.expected, frozen.reported]).toEqual([live.expected, live.reported]);
  });
});
