import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { createTestDatabase, type TestDatabase } from '../db/test-helper';
import { seedShippedPlan } from './plan.seed';
import { listPlans, planIndicators, planNode, planTree } from './plan.service';

let t: TestDatabase;
let planId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  planId = (await seedShippedPlan(t.db))!;
});
afterAll(() => t.dispose());

describe('the shipped plan, stored', () => {
  it('is listed once with its totals', async () => {
    const plans = await listPlans(t.db);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ id: planId, periodStart: 2021, periodEnd: 2025, issuedOn: '2021-09-14', chapterCount: 7, measureCount: 65, taskCount: 270 });
  });

  it('is not seeded twice', async () => {
    expect(await seedShippedPlan(t.db)).toBeNull();
    expect(await listPlans(t.db)).toHaveLength(1);
  });

  it('comes back as a tree of chapters, sections, measures and tasks with counts', async () => {
    const tree = await planTree(t.db, planId);
    expect(tree.children.map((c) => c.label)).toHaveLength(7);
    expect(tree.taskCount).toBe(270);
    const chapter3 = tree.children[2]!;
    expect(chapter3.label).toBe('第三章 深度融入京津冀，实现联动发展');
    expect([chapter3.measureCount, chapter3.taskCount]).toEqual([15, 83]);
    const measure = chapter3.children[0]!.children[0]!;
    expect(measure.label).toBe('3.1.1 建设京津冀清洁能源供应基地');
    expect(measure.children.map((task) => task.code)).toEqual(measure.children.map((_, i) => `3.1.1.${i + 1}`));
    expect(measure.taskCount).toBe(measure.children.length);
  });

  it('gives the full text and breadcrumb of a selected node', async () => {
    const tree = await planTree(t.db, planId);
    const measure = tree.children[2]!.children[0]!.children[0]!;
    const measureDetail = await planNode(t.db, 'measure', measure.id);
    expect(measureDetail.text).toMatch(/^建设京津冀清洁能源供应基地。向国家争取/);
    expect(measureDetail.path).toEqual(['第三章 深度融入京津冀，实现联动发展', '第一节 打造京津冀重要保障基地']);
    expect(measureDetail.region).toBe('京津冀');

    const task = await planNode(t.db, 'task', measure.children[0]!.id);
    expect(task.code).toBe('3.1.1.1');
    expect(task.path.at(-1)).toBe('3.1.1 建设京津冀清洁能源供应基地');

    const chapter1 = await planNode(t.db, 'chapter', tree.children[0]!.id);
    expect(chapter1.text).toContain('第一节 合作现状');
    expect(chapter1.taskCount).toBe(0);

    const root = await planNode(t.db, 'plan', planId);
    expect(root.text).toMatch(/^党的十八大以来/);
    expect(root.taskCount).toBe(270);
  });

  it('answers a missing node with a Chinese NOT_FOUND error', async () => {
    await expect(planNode(t.db, 'measure', 999_999)).rejects.toThrow(AppError);
    await expect(planNode(t.db, 'measure', 999_999)).rejects.toThrow(/找不到所选的措施/);
  });

  it('stores the starting indicator table', async () => {
    const indicators = await planIndicators(t.db, planId);
    expect(indicators.map((i) => i.name)).toContain('太原到国内主要城市通达时间');
    expect(indicators.find((i) => i.name === '通航城市')).toMatchObject({ baselineValue: 87 });
  });

  it('survives a reopen of the same file with nothing duplicated', async () => {
    const again = await t.reopen();
    expect(await listPlans(again.db)).toHaveLength(1);
    await again.close();
  });
});

describe('the plan list, counting tasks', () => {
  it('shows the live tasks as tasks are retired and revived', async () => {
    const count = async () => (await listPlans(t.db)).find((plan) => plan.id === planId)!.taskCount;
    const ids = (await t.db.selectFrom('tasks').select('id').where('plan_id', '=', planId).orderBy('id').limit(3).execute()).map((r) => r.id);
    await t.db.updateTable('tasks').set({ retired_at: '2026-07-01T00:00:00.000Z' }).where('id', 'in', ids).execute();
    expect(await count()).toBe(267);
    await t.db.updateTable('tasks').set({ retired_at: null }).where('id', '=', ids[0]!).execute();
    expect(await count()).toBe(268);
    await t.db.updateTable('tasks').set({ retired_at: null }).where('id', 'in', ids).execute();
    expect(await count()).toBe(270);
  });
});
