import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { SheetColumn } from '@pirm/domain';

export type Cell = string | number | null;

/** One worksheet of an export: its columns, how many rows it will have, and the rows as they are read. */
export interface ExportSheet {
  name: string;
  columns: readonly SheetColumn[];
  count(): Promise<number>;
  rows(): AsyncIterable<Cell[]>;
}

/**
 * Writes the sheets through exceljs's streaming writer: each row is committed as it is read, so memory stays
 * flat however large the export; `progress` hears the rows written out of all rows.
 */
export async function writeXlsx(
  sheets: readonly ExportSheet[],
  out: Writable,
  progress: (done: number, total: number) => Promise<void>,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const total = (await Promise.all(sheets.map((s) => s.count()))).reduce((a, b) => a + b, 0);
  let done = 0;
  await progress(0, total);
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for await (const row of sheet.rows()) {
      ws.addRow(row).commit();
      if (++done % 500 === 0) await progress(done, total);
    }
    ws.commit();
  }
  await workbook.commit();
  await progress(done, total);
}
