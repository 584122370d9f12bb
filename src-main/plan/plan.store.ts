import type { Kysely } from 'kysely';
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

  for (const [chapterIndex, chapter] of plan.chapters.entries()) {
    const { id: chapterId } = await trx
      .insertInto('chapters')
      .values({
        plan_id: planId,
        seq: chapterIndex + 1,
        code: chapter.code,
        heading: chapter.heading,
        title: chapter.title,
        intro: chapter.intro,
        region: chapter.region,
        has_tasks: chapter.hasTasks ? 1 : 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    for (const [sectionIndex, section] of chapter.sections.entries()) {
      const { id: sectionId } = await trx
        .insertInto('sections')
        .values({
          plan_id: planId,
          chapter_id: chapterId,
          seq: sectionIndex + 1,
          code: section.code,
          heading: section.heading,
          title: section.title,
          intro: section.intro,
        })
        .returning('id')
        .executeTakeFirstOrThrow();

      for (const [measureIndex, measure] of section.measures.entries()) {
        const { id: measureId } = await trx
          .insertInto('measures')
          .values({
            plan_id: planId,
            section_id: sectionId,
            seq: measureIndex + 1,
            code: measure.code,
            title: measure.title,
            body: measure.text,
            next_task_seq: measure.tasks.length + 1,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (measure.tasks.length > 0) {
          await trx
            .insertInto('tasks')
            .values(
              measure.tasks.map((task, taskIndex) => ({
                plan_id: planId,
                measure_id: measureId,
                seq: taskIndex + 1,
                code: task.code,
                text: task.text,
                origin: 'plan',
              })),
            )
            .execute();
        }
      }
    }
  }

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
