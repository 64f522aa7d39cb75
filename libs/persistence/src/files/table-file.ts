import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ErrorText } from '@pirm/domain';
import type { XlsxWorkerReply } from './xlsx-worker';

export type TableFormat = 'CSV' | 'XLSX';

/** A file `readTable` refuses: `message` is the English reason (logs); `problem` also says it to the uploader in Chinese. */
export class TableFileError extends Error {
  constructor(readonly problem: ErrorText) {
    super(problem.reason);
    this.name = 'TableFileError';
  }
}

const UNREADABLE_XLSX: ErrorText = {
  reason: 'not a readable XLSX file',
  message: '无法读取该 XLSX 文件，请确认它是未损坏的 Excel 工作簿',
};

/** Upper bound on an uploaded table file, checked before parsing. */
export const MAX_TABLE_FILE_BYTES = 10 * 1024 * 1024;

/** CSV from Excel on Chinese Windows is GB18030 (GBK); everything else is UTF-8 (with or without BOM). */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** How far a sheet may reach: a value beyond either bound refuses the file before the rest is read. */
export interface TableBounds {
  /** Rows, counting the header row. */
  maxRows: number;
  maxColumns: number;
}

/** Wall-clock limit of one XLSX parse (the bench reads 10,000 rows in well under this). */
export const XLSX_PARSE_TIMEOUT_MS = 30_000;

// Compiled next to this file; under ts-jest (sources) the build's copy, which the test setup compiles first.
const WORKER_FILE = __filename.endsWith('.ts')
  ? join(__dirname, '../../dist/files/xlsx-worker.js')
  : join(__dirname, 'xlsx-worker.js');

function checkBounds(rows: string[][], bounds: TableBounds): void {
  rows.forEach((cells, r) => {
    let last = cells.length - 1;
    while (last >= 0 && cells[last] === '') last--;
    if (last >= bounds.maxColumns)
      throw new TableFileError({
        reason: `the sheet has a value in column ${last + 1} of row ${r + 1}; at most ${bounds.maxColumns} columns are known`,
        message: `第 ${r + 1} 行第 ${last + 1} 列有内容，表格最多 ${bounds.maxColumns} 列`,
      });
    if (last >= 0 && r >= bounds.maxRows)
      throw new TableFileError({
        reason: `the sheet has a value in row ${r + 1}; at most ${bounds.maxRows} rows are allowed`,
        message: `第 ${r + 1} 行有内容，表格最多 ${bounds.maxRows} 行`,
      });
  });
}

/**
 * XLSX in a worker thread with a time and memory limit: a hostile or huge workbook costs that thread,
 * never the gateway's event loop (health checks, shutdown).
 */
function readXlsx(bytes: Buffer, bounds: TableBounds): Promise<string[][]> {
  if (!existsSync(WORKER_FILE))
    throw new TableFileError({
      reason: `the XLSX reader ${WORKER_FILE} is missing: build the project`,
      message: '服务器暂时无法读取 XLSX 文件，请联系管理员',
    });
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, {
      workerData: { bytes: new Uint8Array(bytes), bounds },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new TableFileError({
              reason: `the XLSX file could not be read within ${XLSX_PARSE_TIMEOUT_MS / 1000} s`,
              message: `XLSX 文件未能在 ${XLSX_PARSE_TIMEOUT_MS / 1000} 秒内读完，请精简后重试`,
            }),
          ),
        ),
      XLSX_PARSE_TIMEOUT_MS,
    );
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    worker.once('message', (reply: XlsxWorkerReply) =>
      settle(() => {
        if ('rows' in reply) resolve(reply.rows);
        else reject(new TableFileError('refused' in reply ? reply.refused : UNREADABLE_XLSX));
      }),
    );
    worker.once('error', (err) =>
      settle(() =>
        reject(
          new TableFileError(
            /memory/i.test(err.message)
              ? { reason: 'the XLSX file is too large to read', message: 'XLSX 文件太大，无法读取' }
              : UNREADABLE_XLSX,
          ),
        ),
      ),
    );
    worker.once('exit', () => settle(() => reject(new TableFileError(UNREADABLE_XLSX))));
  });
}

/**
 * Reads the first sheet of a CSV or XLSX file into rows of trimmed strings (first row: headers), refusing
 * a sheet with values beyond `bounds`. Throws a TableFileError saying why when the file cannot be read.
 */
export async function readTable(bytes: Buffer, format: TableFormat, bounds: TableBounds): Promise<string[][]> {
  if (bytes.length > MAX_TABLE_FILE_BYTES)
    throw new TableFileError({
      reason: `the file is larger than ${MAX_TABLE_FILE_BYTES / 1024 / 1024} MB`,
      message: `文件不能超过 ${MAX_TABLE_FILE_BYTES / 1024 / 1024} MB`,
    });
  if (format === 'XLSX') return readXlsx(bytes, bounds);
  let records: string[][];
  try {
    records = parse(decodeText(bytes), { relax_column_count: true, skip_empty_lines: false, trim: true, bom: true });
  } catch (err) {
    throw new TableFileError({
      reason: `not a readable CSV file: ${(err as Error).message}`,
      message: '无法读取该 CSV 文件，请检查引号和分隔符是否成对、完整',
    });
  }
  checkBounds(records, bounds);
  return records;
}

/** Writes rows (first row: headers) as an XLSX workbook with one sheet. */
export async function writeXlsx(sheetName: string, rows: readonly (readonly (string | number)[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const r of rows) sheet.addRow([...r]);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
