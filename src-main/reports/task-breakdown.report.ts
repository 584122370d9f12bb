import type { BreakdownLine } from './report-data';
import { metaLine, planBook, type ReportMeta } from './report-meta';
import { ledger, SEQ_COLUMN } from './ledger';
import { addTableSheet, newWorkbook, type ReportWorkbook } from './sheet-layout';

/** 1. 任务分解表 (the 实施方案): every task with its code, units, deadline, milestones, targets and standard. */
export function buildTaskBreakdownReport(lines: BreakdownLine[], meta: ReportMeta): ReportWorkbook {
  const workbook = newWorkbook();
  addTableSheet(workbook, {
    name: '任务分解表',
    title: `${planBook(meta.planTitle)}任务分解表`,
    meta: metaLine(meta, '规划期'),
    ...ledger(lines, [
      SEQ_COLUMN,
      { header: '任务编号', align: 'center', minWidth: 9, cell: (line) => line.code },
      { header: '章节/领域', width: 14, cell: (line) => `${line.chapter}${line.region ? `（${line.region}）` : ''}\n${line.section}` },
      { header: '重点任务', width: 18, cell: (line) => line.measure },
      { header: '具体任务', width: 38, cell: (line) => line.text },
      { header: '牵头单位', width: 12, align: 'center', cell: (line) => line.leadUnit || '待分配' },
      { header: '配合单位', width: 16, cell: (line) => line.cooperators },
      { header: '完成时限', width: 11, align: 'center', cell: (line) => line.deadline || '规划期末' },
      { header: '阶段节点', width: 22, cell: (line) => line.milestones },
      { header: '完成标准', width: 18, cell: (line) => line.standard },
      { header: '量化目标', width: 14, cell: (line) => line.targets },
      { header: '备注', width: 10, cell: (line) => line.note },
    ]),
    freezeColumns: 2,
    notes: [`共 ${lines.length} 项任务。完成时限为空的任务按规划期末执行；阶段节点后的 ✓ 表示已完成。`],
  });
  return workbook;
}
