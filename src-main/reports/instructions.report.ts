import { INSTRUCTION_TARGET_LABELS, type InstructionRow } from '../api/instructions.types';
import { chinaDateOf } from '../rules/report-date';
import { LIGHT_FILLS, metaLine, planBook, type ReportMeta } from './report-meta';
import { ledger, SEQ_COLUMN } from './ledger';
import { addTableSheet, newWorkbook, type ReportWorkbook } from './sheet-layout';

/**
 * 批示件办理台账: each 领导批示 with what it is about, who gave it and when, its text and scan, the 督办 notice it
 * became and that notice's state, and where the 批示 stands. Pure: the 台账's rows in (the list the 督办 page shows),
 * the workbook out, in the same layout as the other 台账.
 */
export function buildInstructionsReport(lines: InstructionRow[], meta: ReportMeta): ReportWorkbook {
  const workbook = newWorkbook();
  const count = (stage: InstructionRow['stage']) => lines.filter((line) => line.stage === stage).length;
  addTableSheet(workbook, {
    name: '批示件办理台账',
    title: `${planBook(meta.planTitle)}批示件办理台账`,
    meta: metaLine(meta, '统计时点'),
    ...ledger(lines, [
      SEQ_COLUMN,
      { header: '批示人', width: 10, align: 'center', cell: (line) => line.leader },
      { header: '批示日期', width: 11, align: 'center', cell: (line) => line.givenOn },
      { header: '批示对象', width: 8, align: 'center', cell: (line) => INSTRUCTION_TARGET_LABELS[line.targetKind] },
      { header: '批示事项', width: 28, cell: (line) => line.targetLabel },
      { header: '责任单位', width: 12, align: 'center', cell: (line) => line.unitName ?? '' },
      { header: '批示内容', width: 30, cell: (line) => line.text },
      { header: '批示件', width: 16, cell: (line) => line.attachments.map((file) => file.name).join('\n') },
      { header: '转办督办单', width: 14, align: 'center', cell: (line) => line.notice?.number ?? '未转办' },
      { header: '督办单状态', width: 12, align: 'center', cell: (line) => line.notice?.state ?? '' },
      { header: '办理阶段', width: 8, align: 'center', cell: (line) => line.stage },
      { header: '办结情况', width: 18, cell: (line) => (line.closedAt ? `${chinaDateOf(line.closedAt)} 办结${line.closedNote ? `：${line.closedNote}` : ''}` : '') },
    ]),
    // Not yet acted on stands out; the rest prints plain.
    rowFills: lines.map((line) => (line.stage === '待转办' ? LIGHT_FILLS.yellow : null)),
    freezeColumns: 2,
    notes: [
      `共 ${lines.length} 件：待转办 ${count('待转办')} 件，督办中 ${count('督办中')} 件，待办结 ${count('待办结')} 件，已办结 ${count('已办结')} 件。` +
        '办理流程：登记批示 → 转为督办（督办单交办、签收、反馈、审核）→ 办结。',
    ],
  });
  return workbook;
}
