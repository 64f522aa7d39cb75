import { parentPort, workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import type { ErrorText } from '@pirm/domain';
import type { TableBounds } from './table-file';

/**
 * Runs in a worker thread (see `readTable`), so a hostile or huge workbook costs that thread, never the
 * gateway's event loop. Only cells that exist are visited (never `columnCount` per cell: that made a
 * 10,000-row file take minutes), and the first value outside the bounds refuses the file. ExcelJS's streaming
 * reader is not used: it splits UTF-8 characters across chunk boundaries (汪天建 came back as 汪\ufffd\ufffd\ufffd建).
 */
interface Job {
  bytes: Uint8Array;
  bounds: TableBounds;
}

/** `refused`: the file is readable but out of bounds (its reason and message are for the user as they stand). */
export type XlsxWorkerReply = { rows: string[][] } | { refused: ErrorText } | { unreadable: string };

class OutOfBounds extends Error {
  constructor(readonly problem: ErrorText) {
    super(problem.reason);
  }
}

async function read({ bytes, bounds }: Job): Promise<string[][] | null> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return null;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const text = cell.text.trim();
      if (text === '') return;
      if (column > bounds.maxColumns) {
        throw new OutOfBounds({
          reason: `the sheet has a value in column ${column} (${cell.address}); at most ${bounds.maxColumns} columns are known`,
          message: `单元格 ${cell.address} 有内容，表格最多 ${bounds.maxColumns} 列`,
        });
      }
      if (rowNumber > bounds.maxRows) {
        throw new OutOfBounds({
          reason: `the sheet has a value in row ${rowNumber} (${cell.address}); at most ${bounds.maxRows} rows are allowed`,
          message: `单元格 ${cell.address} 有内容，表格最多 ${bounds.maxRows} 行`,
        });
      }
      cells[column - 1] = text;
    });
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
}

if (parentPort) {
  const port = parentPort;
  read(workerData as Job).then(
    (rows) =>
      port.postMessage(
        (rows
          ? { rows }
          : {
              refused: { reason: 'the XLSX file has no worksheet', message: 'XLSX 文件中没有工作表' },
            }) satisfies XlsxWorkerReply,
      ),
    (err: unknown) =>
      port.postMessage(
        (err instanceof OutOfBounds ? { refused: err.problem } : { unreadable: String(err) }) satisfies XlsxWorkerReply,
      ),
  );
}
