import { parentPort, workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';
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

/** `refused`: the file is readable but out of bounds (its message is for the user as it stands). */
export type XlsxWorkerReply = { rows: string[][] } | { refused: string } | { unreadable: string };

class OutOfBounds extends Error {}

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
        throw new OutOfBounds(
          `the sheet has a value in column ${column} (${cell.address}); at most ${bounds.maxColumns} columns are known`,
        );
      }
      if (rowNumber > bounds.maxRows) {
        throw new OutOfBounds(
          `the sheet has a value in row ${rowNumber} (${cell.address}); at most ${bounds.maxRows} rows are allowed`,
        );
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
      port.postMessage((rows ? { rows } : { refused: 'the XLSX file has no worksheet' }) satisfies XlsxWorkerReply),
    (err: unknown) =>
      port.postMessage(
        (err instanceof OutOfBounds ? { refused: err.message } : { unreadable: String(err) }) satisfies XlsxWorkerReply,
      ),
  );
}
