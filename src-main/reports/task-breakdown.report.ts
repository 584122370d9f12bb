import type { BreakdownLine } from './report-data';
import { metaLine, planBook, type ReportMeta } from './report-meta';
import { addTableSheet, newWorkbook, type ReportWorkbook } from './sheet-layout';

/** 1. 任务分解表 (the 实施方案): every task with its code, units, deadline, milestones, targets and standard. */
export function buildTaskBreakdownReport(lines: BreakdownLine[], meta: ReportMeta): ReportWorkbook {
  const workbook = newWorkbook();
  addTableSheet(workbook, {
    name: '任务分解表',
    title: `${planBook(meta.planTitle)}任务分解表`,
    meta: metaLine(meta, '规划期'),
    columns: [
      { header: '序号', align: 'center', minWidth: 5 },
      { header: '任务编号', align: 'center', minWidth: 9 },
      { header: '章节/领域', width: 14 },
      { header: '重点任务', width: 18 },
      { header: '具体任务', width: 38 },
      { header: '牵头单位', width: 12, align: 'center' },
      { header: '配合单位', width: 16 },
      { header: '完成时限', width: 11, align: 'center' },
      { header: '阶段节点', width: 22 },
      { header: '完成标准', width: 18 },
      { header: '量化目标', width: 14 },
      { header: '备注', width: 10 },
    ],
    rows: lines.map((line, index) => [
      index + 1,
      line.code,
      `${line.chapter}${line.region ? `（${line.region}）` : ''}\n${line.section}`,
      line.measure,
      line.text,
      line.leadUnit || '待分配',
      line.cooperators,
      line.deadline || '规划期末',
      line.milestones,
      line.standard,
      line.targets,
      line.note,
    ]),
    freezeColumns: 2,
    notes: [`共 ${lines.length} 项任务。完成时限为空的任务按规划期末执行；阶段节点后的 ✓ 表示已完成。`],
  });
  return workbook;
}
