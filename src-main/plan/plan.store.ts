import type { Kysely } from 'kysely';
import { jsonRows } from '../db/sql-forms';
import type { Database } from '../db/database.types';
import type { ParsedPlan } from './plan.parser';

export interface PlanSource {
  /** Stable short key for the plan, unique in the database. */
  code: string;
  /** The file it came from, for traceability. */
  sourceName: string;
}

/**
 * Writes a parsed plan with all its chapters, sections, measures, tasks and indicators in one transaction — the
 * caller's, when it is already inside one (an import that writes more in the same transaction).
 */
export async function savePlan(db: Kysely<Database>, plan: ParsedPlan, source: PlanSource): Promise<number> {
  return db.isTransaction ? write(db, plan, source) : db.transaction().execute((trx) => write(trx, plan, source));
}

async function write(trx: Kysely<Database>, plan: ParsedPlan, source: PlanSource): Promise<number> {
  const { id: planId } = await trx
    .insertInto('plans')
    .values({
      code: source.code,
      title: plan.title,
      issued_on: plan.issuedOn,
      period_start: plan.periodStart,
      period_end: plan.periodEnd,
      outlook_year: plan.outlookYear,
      preface: plan.preface,
      indicator_notes: plan.indicatorNotes,
      source_name: source.sourceName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Level by level, each level's rows in one statement (a slice of a thousand rows at a time), their ids read back by
  // their parent and place: a plan's few thousand measures were one INSERT … RETURNING each, and its tasks one VALUES
  // list per measure, a statement per list length (bench/: a large plan's save).
  const chapterRows = plan.chapters.map((chapter, index) => ({
    plan_id: planId,
    seq: index + 1,
    code: chapter.code,
    heading: chapter.heading,
    title: chapter.title,
    intro: chapter.intro,
    region: chapter.region,
    has_tasks: chapter.hasTasks ? 1 : 0,
  }));
  await insertRows(trx, 'chapters', chapterRows, ['plan_id', 'seq', 'code', 'heading', 'title', 'intro', 'region', 'has_tasks']);
  const chapterIds = new Map(
    (await trx.selectFrom('chapters').select(['id', 'seq']).where('plan_id', '=', planId).execute()).map((row) => [row.seq, row.id]),
  );

  const sectionRows = plan.chapters.flatMap((chapter, chapterIndex) =>
    chapter.sections.map((section, index) => ({
      plan_id: planId,
      chapter_id: chapterIds.get(chapterIndex + 1)!,
      seq: index + 1,
      code: section.code,
      heading: section.heading,
      title: section.title,
      intro: section.intro,
    })),
  );
  await insertRows(trx, 'sections', sectionRows, ['plan_id', 'chapter_id', 'seq', 'code', 'heading', 'title', 'intro']);
  const sectionIds = new Map(
    (await trx.selectFrom('sections').select(['id', 'chapter_id', 'seq']).where('plan_id', '=', planId).execute()).map((row) => [`${row.chapter_id}/${row.seq}`, row.id]),
  );

  const sectionsInOrder = plan.chapters.flatMap((chapter, chapterIndex) =>
    chapter.sections.map((section, index) => ({ section, id: sectionIds.get(`${chapterIds.get(chapterIndex + 1)}/${index + 1}`)! })),
  );
  const measureRows = sectionsInOrder.flatMap(({ section, id }) =>
    section.measures.map((measure, index) => ({
      plan_id: planId,
      section_id: id,
      seq: index + 1,
      code: measure.code,
      title: measure.title,
      body: measure.text,
      next_task_seq: measure.tasks.length + 1,
    })),
  );
  await insertRows(trx, 'measures', measureRows, ['plan_id', 'section_id', 'seq', 'code', 'title', 'body', 'next_task_seq']);
  const measureIds = new Map(
    (await trx.selectFrom('measures').select(['id', 'section_id', 'seq']).where('plan_id', '=', planId).execute()).map((row) => [`${row.section_id}/${row.seq}`, row.id]),
  );

  const taskRows = sectionsInOrder.flatMap(({ section, id }) =>
    section.measures.flatMap((measure, measureIndex) =>
      measure.tasks.map((task, index) => ({
        plan_id: planId,
        measure_id: measureIds.get(`${id}/${measureIndex + 1}`)!,
        seq: index + 1,
        code: task.code,
        text: task.text,
        origin: 'plan',
      })),
    ),
  );
  await insertRows(trx, 'tasks', taskRows, ['plan_id', 'measure_id', 'seq', 'code', 'text', 'origin']);

  if (plan.indicators.length > 0) {
    await trx
      .insertInto('indicators')
      .values(
        plan.indicators.map((indicator, index) => ({
          plan_id: planId,
          seq: index + 1,
          name: indicator.name,
          unit: indicator.unit,
          baseline_year: indicator.baselineYear,
          baseline_value: indicator.baselineValue,
          target_year: indicator.targetYear,
          target_value: indicator.targetValue,
          target_text: indicator.targetText,
          direction: indicator.direction,
          source_text: indicator.sourceText,
          note: indicator.note,
        })),
      )
      .execute();
  }
  return planId;
}

const ROWS_PER_STATEMENT = 1_000;

/** Rows in order, a thousand per statement as one JSON parameter (db/sql-forms.ts): the same statement each time. */
async function insertRows<Table extends 'chapters' | 'sections' | 'measures' | 'tasks', Row extends object, Column extends keyof Row & keyof Database[Table] & string>(
  trx: Kysely<Database>,
  table: Table,
  rows: readonly Row[],
  columns: readonly Column[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await trx
      .insertInto(table)
      .columns(columns)
      .expression(jsonRows(rows.slice(i, i + ROWS_PER_STATEMENT), columns))
      .execute();
  }
}
