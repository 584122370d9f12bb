import type { Kysely } from 'kysely';
import type { Indicator, PlanNodeDetail, PlanNodeKind, PlanSummary, PlanTreeNode, Region } from '../api/plan.types';
import { AppError } from '../api/errors';
import type { Database } from '../db/database.types';

/** Read side of the plan: lists, the whole tree for the plan page, one node's full text. */

export async function listPlans(db: Kysely<Database>): Promise<PlanSummary[]> {
  const plans = await db
    .selectFrom('plans')
    .select((eb) => [
      'plans.id',
      'plans.code',
      'plans.title',
      'plans.issued_on',
      'plans.period_start',
      'plans.period_end',
      eb.selectFrom('chapters').whereRef('chapters.plan_id', '=', 'plans.id').select(eb.fn.countAll<number>().as('n')).as('chapter_count'),
      eb.selectFrom('measures').whereRef('measures.plan_id', '=', 'plans.id').select(eb.fn.countAll<number>().as('n')).as('measure_count'),
      // Kept as tasks come and go (migration 0027): the first call on every start reads one row per plan.
      eb.selectFrom('plan_task_counts').whereRef('plan_task_counts.plan_id', '=', 'plans.id').select('live').as('task_count'),
    ])
    .orderBy('plans.id')
    .execute();
  return plans.map((plan) => ({
    id: plan.id,
    code: plan.code,
    title: plan.title,
    issuedOn: plan.issued_on,
    periodStart: plan.period_start,
    periodEnd: plan.period_end,
    chapterCount: plan.chapter_count ?? 0,
    measureCount: plan.measure_count ?? 0,
    taskCount: plan.task_count ?? 0,
  }));
}

/** The whole plan as one tree (a few hundred nodes): four queries, assembled in memory. */
export async function planTree(db: Kysely<Database>, planId: number): Promise<PlanTreeNode> {
  const plan = await db.selectFrom('plans').select(['id', 'code', 'title']).where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', `找不到编号为 ${planId} 的规划，可能已被删除。`);

  const [chapters, sections, measures, tasks] = await Promise.all([
    db.selectFrom('chapters').select(['id', 'code', 'heading', 'title']).where('plan_id', '=', planId).orderBy('seq').execute(),
    db.selectFrom('sections').select(['id', 'chapter_id', 'code', 'heading', 'title']).where('plan_id', '=', planId).orderBy('seq').execute(),
    db.selectFrom('measures').select(['id', 'section_id', 'code', 'title']).where('plan_id', '=', planId).orderBy('seq').execute(),
    db
      .selectFrom('tasks')
      .select(['id', 'measure_id', 'code', 'text'])
      .where('plan_id', '=', planId)
      .where('retired_at', 'is', null)
      .orderBy('seq')
      .execute(),
  ]);

  const node = (kind: PlanNodeKind, id: number, code: string, label: string, children: PlanTreeNode[]): PlanTreeNode => ({
    kind,
    id,
    code,
    label,
    children,
    measureCount: kind === 'measure' ? 1 : children.reduce((sum, child) => sum + child.measureCount, 0),
    taskCount: kind === 'task' ? 1 : children.reduce((sum, child) => sum + child.taskCount, 0),
  });
  const byParent = <T, K extends keyof T>(rows: T[], key: K) => {
    const map = new Map<T[K], T[]>();
    for (const row of rows) {
      const siblings = map.get(row[key]);
      if (siblings) siblings.push(row);
      else map.set(row[key], [row]);
    }
    return map;
  };
  const tasksByMeasure = byParent(tasks, 'measure_id');
  const measuresBySection = byParent(measures, 'section_id');
  const sectionsByChapter = byParent(sections, 'chapter_id');

  return node(
    'plan',
    plan.id,
    plan.code,
    plan.title,
    chapters.map((chapter) =>
      node(
        'chapter',
        chapter.id,
        chapter.code,
        headed(chapter.heading, chapter.title),
        (sectionsByChapter.get(chapter.id) ?? []).map((section) =>
          node(
            'section',
            section.id,
            section.code,
            headed(section.heading, section.title),
            (measuresBySection.get(section.id) ?? []).map((measure) =>
              node(
                'measure',
                measure.id,
                measure.code,
                `${measure.code} ${measure.title}`,
                (tasksByMeasure.get(measure.id) ?? []).map((task) => node('task', task.id, task.code, `${task.code} ${task.text}`, [])),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

export async function planNode(db: Kysely<Database>, kind: PlanNodeKind, id: number): Promise<PlanNodeDetail> {
  const notFound = () => new AppError('NOT_FOUND', `找不到所选的${KIND_NAMES[kind]}（编号 ${id}），请刷新规划树后重试。`);
  switch (kind) {
    case 'plan': {
      const plan = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
      if (!plan) throw notFound();
      const counts = await countsUnder(db, 'plans.id', id);
      return { kind, id, code: plan.code, path: [], title: plan.title, text: plan.preface, region: null, ...counts };
    }
    case 'chapter': {
      const chapter = await db.selectFrom('chapters').selectAll().where('id', '=', id).executeTakeFirst();
      if (!chapter) throw notFound();
      const sections = await db.selectFrom('sections').select(['heading', 'title', 'intro']).where('chapter_id', '=', id).orderBy('seq').execute();
      const counts = await countsUnder(db, 'chapters.id', id);
      const text = [chapter.intro, ...sections.map((s) => [headed(s.heading, s.title), s.intro].filter(Boolean).join('\n'))].filter(Boolean).join('\n\n');
      return {
        kind,
        id,
        code: chapter.code,
        path: [],
        title: headed(chapter.heading, chapter.title),
        text,
        region: chapter.region as Region | null,
        ...counts,
      };
    }
    case 'section': {
      const section = await db
        .selectFrom('sections')
        .innerJoin('chapters', 'chapters.id', 'sections.chapter_id')
        .select(['sections.code', 'sections.heading', 'sections.title', 'sections.intro', 'chapters.heading as chapterHeading', 'chapters.title as chapterTitle', 'chapters.region'])
        .where('sections.id', '=', id)
        .executeTakeFirst();
      if (!section) throw notFound();
      const measures = await db.selectFrom('measures').select(['body']).where('section_id', '=', id).orderBy('seq').execute();
      const counts = await countsUnder(db, 'sections.id', id);
      return {
        kind,
        id,
        code: section.code,
        path: [headed(section.chapterHeading, section.chapterTitle)],
        title: headed(section.heading, section.title),
        text: [section.intro, ...measures.map((m) => m.body)].filter(Boolean).join('\n\n'),
        region: section.region as Region | null,
        ...counts,
      };
    }
    case 'measure': {
      const measure = await db
        .selectFrom('measures')
        .innerJoin('sections', 'sections.id', 'measures.section_id')
        .innerJoin('chapters', 'chapters.id', 'sections.chapter_id')
        .select(['measures.code', 'measures.title', 'measures.body', 'sections.heading as sectionHeading', 'sections.title as sectionTitle', 'chapters.heading as chapterHeading', 'chapters.title as chapterTitle', 'chapters.region'])
        .where('measures.id', '=', id)
        .executeTakeFirst();
      if (!measure) throw notFound();
      const counts = await countsUnder(db, 'measures.id', id);
      return {
        kind,
        id,
        code: measure.code,
        path: [headed(measure.chapterHeading, measure.chapterTitle), headed(measure.sectionHeading, measure.sectionTitle)],
        title: `${measure.code} ${measure.title}`,
        text: measure.body,
        region: measure.region as Region | null,
        ...counts,
      };
    }
    case 'task': {
      const task = await db
        .selectFrom('tasks')
        .innerJoin('measures', 'measures.id', 'tasks.measure_id')
        .innerJoin('sections', 'sections.id', 'measures.section_id')
        .innerJoin('chapters', 'chapters.id', 'sections.chapter_id')
        .select(['tasks.code', 'tasks.text', 'measures.code as measureCode', 'measures.title as measureTitle', 'sections.heading as sectionHeading', 'sections.title as sectionTitle', 'chapters.heading as chapterHeading', 'chapters.title as chapterTitle', 'chapters.region'])
        .where('tasks.id', '=', id)
        .executeTakeFirst();
      if (!task) throw notFound();
      return {
        kind,
        id,
        code: task.code,
        path: [headed(task.chapterHeading, task.chapterTitle), headed(task.sectionHeading, task.sectionTitle), `${task.measureCode} ${task.measureTitle}`],
        title: `任务 ${task.code}`,
        text: task.text,
        region: task.region as Region | null,
        measureCount: 0,
        taskCount: 1,
      };
    }
  }
}

/** `第三章 深度融入京津冀…`; an imported section the document did not number shows its title alone. */
function headed(heading: string, title: string): string {
  return heading ? `${heading} ${title}` : title;
}

const KIND_NAMES: Record<PlanNodeKind, string> = { plan: '规划', chapter: '章', section: '节', measure: '措施', task: '任务' };

/** Counts of measures and live tasks below a plan, chapter, section or measure. */
async function countsUnder(
  db: Kysely<Database>,
  scope: 'plans.id' | 'chapters.id' | 'sections.id' | 'measures.id',
  id: number,
): Promise<{ measureCount: number; taskCount: number }> {
  const row = await db
    .selectFrom('measures')
    .innerJoin('sections', 'sections.id', 'measures.section_id')
    .innerJoin('chapters', 'chapters.id', 'sections.chapter_id')
    .innerJoin('plans', 'plans.id', 'chapters.plan_id')
    .leftJoin('tasks', (join) => join.onRef('tasks.measure_id', '=', 'measures.id').on('tasks.retired_at', 'is', null))
    .where(scope, '=', id)
    .select((eb) => [eb.fn.count<number>('measures.id').distinct().as('measureCount'), eb.fn.count<number>('tasks.id').as('taskCount')])
    .executeTakeFirstOrThrow();
  return { measureCount: Number(row.measureCount), taskCount: Number(row.taskCount) };
}

export async function planIndicators(db: Kysely<Database>, planId: number): Promise<Indicator[]> {
  const rows = await db.selectFrom('indicators').selectAll().where('plan_id', '=', planId).orderBy('seq').execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    unit: row.unit,
    baselineYear: row.baseline_year,
    baselineValue: row.baseline_value,
    targetYear: row.target_year,
    targetValue: row.target_value,
    targetText: row.target_text,
    direction: row.direction as Indicator['direction'],
    sourceText: row.source_text,
    note: row.note,
  }));
}
