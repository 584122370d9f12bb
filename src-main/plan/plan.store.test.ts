import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import shippedPlanText from '../../resources/plans/shanxi-regional-integration-2021.txt?raw';
import { createTestDatabase, type TestDatabase } from '../db/test-helper';
import { parsePlan, type ParsedPlan } from './plan.parser';
import { savePlan } from './plan.store';

/** Saving a parsed plan: its whole tree in place, level by level, in a number of statements that does not grow with it. */

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(() => t.dispose());

/** The saved plan's tree as codes and places, read back through the parent links. */
async function savedTree(planId: number) {
  const { db } = t;
  const chapters = await db.selectFrom('chapters').select(['id', 'seq', 'code', 'title', 'has_tasks', 'region']).where('plan_id', '=', planId).orderBy('seq').execute();
  const tree = [];
  for (const chapter of chapters) {
    const sections = await db.selectFrom('sections').select(['id', 'seq', 'code', 'title', 'plan_id']).where('chapter_id', '=', chapter.id).orderBy('seq').execute();
    const sectionTrees = [];
    for (const section of sections) {
      const measures = await db.selectFrom('measures').select(['id', 'seq', 'code', 'title', 'body', 'next_task_seq', 'plan_id']).where('section_id', '=', section.id).orderBy('seq').execute();
      const measureTrees = [];
      for (const measure of measures) {
        const tasks = await db.selectFrom('tasks').select(['seq', 'code', 'text', 'plan_id', 'origin']).where('measure_id', '=', measure.id).orderBy('seq').execute();
        measureTrees.push({ ...measure, id: undefined, tasks });
      }
      sectionTrees.push({ ...section, id: undefined, measures: measureTrees });
    }
    tree.push({ ...chapter, id: undefined, sections: sectionTrees });
  }
  return tree;
}

/** The tree the parser gave, in the same shape. */
function parsedTree(plan: ParsedPlan, planId: number) {
  return plan.chapters.map((chapter, c) => ({
    id: undefined,
    seq: c + 1,
    code: chapter.code,
    title: chapter.title,
    has_tasks: chapter.hasTasks ? 1 : 0,
    region: chapter.region,
    sections: chapter.sections.map((section, s) => ({
      id: undefined,
      seq: s + 1,
      code: section.code,
      title: section.title,
      plan_id: planId,
      measures: section.measures.map((measure, m) => ({
        id: undefined,
        seq: m + 1,
        code: measure.code,
        title: measure.title,
        body: measure.text,
        next_task_seq: measure.tasks.length + 1,
        plan_id: planId,
        tasks: measure.tasks.map((task, k) => ({ seq: k + 1, code: task.code, text: task.text, plan_id: planId, origin: 'plan' })),
      })),
    })),
  }));
}

describe('savePlan', () => {
  it('saves every chapter, section, measure and task under its own parent, in order', async () => {
    const plan = parsePlan(shippedPlanText);
    expect(plan.chapters.flatMap((c) => c.sections.flatMap((s) => s.measures.flatMap((m) => m.tasks))).length).toBeGreaterThan(200);
    const planId = await savePlan(t.db, plan, { code: 'SHIPPED', sourceName: 'test' });
    expect(await savedTree(planId)).toEqual(parsedTree(plan, planId));
    // A second plan beside it: the parents are found within its own plan.
    const secondId = await savePlan(t.db, plan, { code: 'SECOND', sourceName: 'test' });
    expect(await savedTree(secondId)).toEqual(parsedTree(plan, secondId));
  });

  it('takes as many statements for a large plan as for a small one', async () => {
    const statementsFor = async (plan: ParsedPlan, code: string) => {
      let statements = 0;
      const counted = t.db.withPlugin({
        transformQuery: (args) => {
          statements++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      await savePlan(counted, plan, { code, sourceName: 'test' });
      return statements;
    };
    const whole = parsePlan(shippedPlanText);
    const small: ParsedPlan = { ...whole, chapters: whole.chapters.filter((chapter) => chapter.hasTasks).slice(0, 1) };
    expect(small.chapters[0]!.sections.flatMap((s) => s.measures).length).toBeGreaterThan(0);
    expect(await statementsFor(whole, 'WHOLE')).toBe(await statementsFor(small, 'SMALL'));
  });
});
