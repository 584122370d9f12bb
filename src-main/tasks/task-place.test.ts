import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { taskSpan } from '../rules/plan-period';
import { choices } from '../testing/choices';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { addTask } from './task-edit.service';

/**
 * Each task's place in the plan's order and its effective deadline, kept on the row by triggers (migration 0026) for
 * the task lists' order (task-query.ts inOrder), against the values they stand for — its chapter's, section's and
 * measure's seq, and taskSpan's deadline (rules/plan-period.ts, the rule's owner) — after every kind of write that
 * moves them: tasks added, moved and given or cleared deadlines, chapters, sections and measures re-ordered or moved,
 * the plan's period changed. On both engines.
 */

let t: SeededDatabase;
beforeEach(async () => {
  t = await createSeededDatabase();
});
afterEach(async () => t.dispose());

async function misplacedTasks(): Promise<{ id: number; kept: unknown[]; expected: unknown[] }[]> {
  const rows = await t.db
    .selectFrom('tasks')
    .innerJoin('measures as m', 'm.id', 'tasks.measure_id')
    .innerJoin('sections as s', 's.id', 'm.section_id')
    .innerJoin('chapters as c', 'c.id', 's.chapter_id')
    .innerJoin('plans as p', 'p.id', 'tasks.plan_id')
    .select([
      'tasks.id',
      'tasks.chapter_seq',
      'tasks.section_seq',
      'tasks.measure_seq',
      'tasks.effective_deadline',
      'tasks.start_date',
      'tasks.deadline',
      'c.seq as c_seq',
      's.seq as s_seq',
      'm.seq as m_seq',
      'p.period_start',
      'p.period_end',
    ])
    .execute();
  return rows
    .map((row) => ({
      id: row.id,
      kept: [Number(row.chapter_seq), Number(row.section_seq), Number(row.measure_seq), row.effective_deadline],
      expected: [
        Number(row.c_seq),
        Number(row.s_seq),
        Number(row.m_seq),
        taskSpan({ startDate: row.start_date, deadline: row.deadline }, { periodStart: Number(row.period_start), periodEnd: Number(row.period_end) }).deadline,
      ],
    }))
    .filter((row) => JSON.stringify(row.kept) !== JSON.stringify(row.expected));
}

describe('a task’s place in the plan’s order', () => {
  it('stays equal to its chapter’s, section’s and measure’s order and its deadline by the rule through every write that moves them', async () => {
    expect(await misplacedTasks(), 'after the import').toEqual([]);
    const r = choices(26);
    const plan = await t.db.selectFrom('plans').select(['period_start', 'period_end']).where('id', '=', t.planId).executeTakeFirstOrThrow();
    // Seqs far from the plan's own, so that a moved row never meets a unique (parent, seq) already taken.
    let free = 1000;
    const ids = async (table: 'chapters' | 'sections' | 'measures' | 'tasks') =>
      (await t.db.selectFrom(table).select('id').where('plan_id', '=', t.planId).orderBy('id').execute()).map((row) => row.id);
    const writes: Record<string, () => Promise<void>> = {
      'task added': async () => {
        await addTask(t.db, t.office, { measureId: r.pick(await ids('measures')), text: `新增任务${free++}` });
      },
      'task moved to another measure': async () => {
        await t.db.updateTable('tasks').set({ measure_id: r.pick(await ids('measures')), seq: free++ }).where('id', '=', r.pick(await ids('tasks'))).execute();
      },
      'deadline set or cleared': async () => {
        const deadline = r.pick([null, '2023-06-30', '2025-12-31', '2022-01-15']);
        await t.db.updateTable('tasks').set({ deadline }).where('id', '=', r.pick(await ids('tasks'))).execute();
      },
      'chapter re-numbered': async () => {
        await t.db.updateTable('chapters').set({ seq: free++ }).where('id', '=', r.pick(await ids('chapters'))).execute();
      },
      'section re-numbered': async () => {
        await t.db.updateTable('sections').set({ seq: free++ }).where('id', '=', r.pick(await ids('sections'))).execute();
      },
      'section moved to another chapter': async () => {
        await t.db.updateTable('sections').set({ chapter_id: r.pick(await ids('chapters')), seq: free++ }).where('id', '=', r.pick(await ids('sections'))).execute();
      },
      'measure re-numbered': async () => {
        await t.db.updateTable('measures').set({ seq: free++ }).where('id', '=', r.pick(await ids('measures'))).execute();
      },
      'measure moved to another section': async () => {
        await t.db.updateTable('measures').set({ section_id: r.pick(await ids('sections')), seq: free++ }).where('id', '=', r.pick(await ids('measures'))).execute();
      },
      'plan period changed': async () => {
        await t.db.updateTable('plans').set({ period_end: Number(plan.period_start) + 3 + r.int(5) }).where('id', '=', t.planId).execute();
      },
    };
    const kinds = Object.keys(writes);
    for (let step = 0; step < 60; step++) {
      // Every kind at least once, then at random.
      const kind = step < kinds.length ? kinds[step]! : r.pick(kinds);
      await writes[kind]!();
      expect(await misplacedTasks(), `${step}: ${kind}`).toEqual([]);
    }
    // Not vacuous: tasks without a deadline of their own take the plan's (moved) last day.
    expect(await t.db.selectFrom('tasks').select('id').where('deadline', 'is', null).where('plan_id', '=', t.planId).execute()).not.toHaveLength(0);
  });
});
