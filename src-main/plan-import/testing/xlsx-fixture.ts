import ExcelJS from 'exceljs';

/**
 * An Excel 台账 as offices keep one: a merged title row, a line with 填报单位 and 填报日期, the header, and the rows,
 * where `null` means the cell above is merged down over it.
 */
export async function makeLedgerXlsx(title: string, header: string[], rows: (string | null)[][], sheetName = '任务台账'): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.addRow(['填报单位：省区域融合发展领导小组办公室', '', '', '填报日期：2024年6月30日']);
  sheet.addRow(header);
  rows.forEach((row) => sheet.addRow(row.map((text) => text ?? '')));
  rows.forEach((row, r) => {
    row.forEach((text, c) => {
      if (text === null || rows[r + 1]?.[c] !== null) return;
      let end = r + 1;
      while (rows[end + 1]?.[c] === null) end++;
      sheet.mergeCells(r + 4, c + 1, end + 4, c + 1);
    });
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
