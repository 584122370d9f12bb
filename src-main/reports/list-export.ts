import type { Kysely } from 'kysely';
import { PROBLEM_STATE_LABELS } from '../api/problems.types';
import type { ListExportInput } from '../api/reports.contract';
import type { ExportedFile } from '../api/reports.types';
import type { Database } from '../db/database.types';
import { listNotices } from '../notices/notices.service';
import { listProblems } from '../problems/problems.service';
import { roundDetail } from '../rounds/rounds.service';
import { listTasks, type TaskFilter } from '../tasks/task-query';
import { runExport } from './export-runner';
import { workbookFileName } from './file-names';
import { buildNoticeListExport, buildProblemListExport, buildRoundListExport, buildTaskListExport } from './list-export.report';
import type { ReportContext } from './report.service';
import { LIGHT_NAMES, type ReportMeta } from './report-meta';
import { workbookBytes } from './sheet-layout';

/**
 * 导出当前列表: reads a list through the very function its list channel calls, with the same input, so the file holds
 * the list's rows in the list's order — every page of them — and hands them to the pure builders
 * (list-export.report.ts). Runs in the export worker like the other reports (export-runner.ts).
 */

export interface ListExportContext extends ReportContext {
  /** 填报单位 on the file: whoever exports it (the office, or a unit exporting its own list). */
  exporter: string;
}

export function exportList(db: Kysely<Database>, input: ListExportInput, context: ListExportContext): Promise<ExportedFile> {
  return runExport(db, { kind: 'list', input, context }, () => exportListHere(db, input, context));
}

export async function exportListHere(db: Kysely<Database>, input: ListExportInput, context: ListExportContext): Promise<ExportedFile> {
  const meta = async (planId: number | undefined, period = `截至 ${context.today}`): Promise<ReportMeta> => ({
    unitName: context.exporter,
    date: context.today,
    period,
    planTitle: await planTitle(db, planId),
  });
  const dated = `截至${context.today}`;
  switch (input.list) {
    case 'tasks': {
      // Every row the filter finds: the page the list shows is one slice of these.
      const { offset: _offset, limit: _limit, ...filter } = input.filter;
      const { rows } = await listTasks(db, filter, context.today, context.thresholds);
      const workbook = buildTaskListExport(rows, await meta(filter.planId ?? rows[0]?.planId), await describeTaskFilter(db, filter));
      return file(workbook, workbookFileName({ period: dated, title: '任务分解清单' }));
    }
    case 'problems': {
      const rows = await listProblems(db, input.filter);
      const filters = [
        ...(input.filter.majorOpenOnly ? ['重大问题清单（未解决的重大问题）'] : []),
        ...(input.filter.state ? [`状态：${PROBLEM_STATE_LABELS[input.filter.state]}`] : []),
        ...(input.filter.unitId !== undefined ? [`单位：${await unitName(db, input.filter.unitId)}`] : []),
      ];
      const title = input.filter.majorOpenOnly ? '重大问题清单' : '问题台账';
      return file(buildProblemListExport(rows, await meta(input.filter.planId ?? rows[0]?.planId), filters), workbookFileName({ period: dated, title }));
    }
    case 'notices': {
      const rows = await listNotices(db, input.filter, context.today);
      const filters = [
        ...(input.filter.unitId !== undefined ? [`督办单位：${await unitName(db, input.filter.unitId)}`] : []),
        ...(input.filter.openOnly ? ['未办结'] : []),
        ...(input.filter.overdueOnly ? ['逾期'] : []),
      ];
      return file(buildNoticeListExport(rows, await meta(input.filter.planId ?? rows[0]?.planId), filters), workbookFileName({ period: dated, title: '督办事项清单' }));
    }
    case 'round': {
      // One unit's rows are read as its round page reads them, not picked out of every unit's.
      const round = await roundDetail(db, input.id, context.today, context.thresholds, input.unitId);
      const rows = round.tasks;
      const filters = input.unitId !== undefined ? [`单位：${await unitName(db, input.unitId)}`] : [];
      const period = `${round.name}（${round.periodStart} 至 ${round.periodEnd}，${round.dueDate} 截止）`;
      return file(buildRoundListExport(round, rows, await meta(round.planId, period), filters), workbookFileName({ period: round.name, title: '任务报送明细' }));
    }
  }
}

async function file(workbook: Parameters<typeof workbookBytes>[0], fileName: string): Promise<ExportedFile> {
  return { fileName, contentBase64: (await workbookBytes(workbook)).toString('base64') };
}

async function planTitle(db: Kysely<Database>, planId: number | undefined): Promise<string> {
  const plan = await db
    .selectFrom('plans')
    .select('title')
    .$if(planId !== undefined, (query) => query.where('id', '=', planId!))
    .orderBy('id')
    .executeTakeFirst();
  return plan?.title ?? '规划';
}

async function unitName(db: Kysely<Database>, unitId: number): Promise<string> {
  return (await db.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst())?.name ?? `单位 ${unitId}`;
}

const ROLE_WORDS = { lead: '牵头', cooperating: '配合', any: '牵头或配合' } as const;
const SORT_WORDS = { code: '任务编号', deadline: '完成时限', percent: '完成进度', scheduleProgress: '序时进度', lag: '落后序时', status: '完成状态', leadUnit: '牵头单位', lastReportAt: '最近填报' } as const;
const LIGHT_WORDS = { ...LIGHT_NAMES, none: '未亮灯' } as const;

/** The filters in the words of the 任务分解 filter bar, printed under the table. */
async function describeTaskFilter(db: Kysely<Database>, filter: TaskFilter): Promise<string[]> {
  const titleOf = async (table: 'chapters' | 'sections' | 'measures', id: number) =>
    (await db.selectFrom(table).select('title').where('id', '=', id).executeTakeFirst())?.title ?? String(id);
  const parts: string[] = [];
  if (filter.chapterId !== undefined) parts.push(`章：${await titleOf('chapters', filter.chapterId)}`);
  if (filter.sectionId !== undefined) parts.push(`节：${await titleOf('sections', filter.sectionId)}`);
  if (filter.measureId !== undefined) parts.push(`措施：${await titleOf('measures', filter.measureId)}`);
  if (filter.region) parts.push(`区域：${filter.region}`);
  if (filter.unitId !== undefined) parts.push(`单位：${await unitName(db, filter.unitId)}（${ROLE_WORDS[filter.unitRole ?? 'any']}）`);
  if (filter.statuses?.length) parts.push(`完成状态：${filter.statuses.join('、')}`);
  if (filter.lights?.length) parts.push(`预警：${filter.lights.map((light) => LIGHT_WORDS[light]).join('、')}`);
  if (filter.deadlineFrom || filter.deadlineTo) parts.push(`完成时限：${filter.deadlineFrom ?? '不限'} 至 ${filter.deadlineTo ?? '不限'}`);
  if (filter.search) parts.push(`检索“${filter.search}”`);
  if (filter.includeRetired) parts.push('含已撤销任务');
  if (filter.sort) parts.push(`按${SORT_WORDS[filter.sort.field]}${filter.sort.order === 'asc' ? '升序' : '降序'}`);
  return parts;
}
