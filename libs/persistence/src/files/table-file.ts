import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export type TableFormat = 'CSV' | 'XLSX';

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

/**
 * Reads the first sheet of a CSV or XLSX file into rows of trimmed strings (first row: headers).
 * Throws an Error with a user-facing message when the file cannot be read.
 */
export async function readTable(bytes: Buffer, format: TableFormat): Promise<string[][]> {
  if (bytes.length > MAX_TABLE_FILE_BYTES) throw new Error(`the file is larger than ${MAX_TABLE_FILE_BYTES / 1024 / 1024} MB`);
  if (format === 'CSV') {
    try {
      const records: string[][] = parse(decodeText(bytes), { relax_column_count: true, skip_empty_lines: false, trim: true, bom: true });
      return records;
    } catch (err) {
      throw new Error(`not a readable CSV file: ${(err as Error).message}`);
    }
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new Error('not a readable XLSX file');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the XLSX file has no worksheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(row.getCell(c).text.trim());
    rows[rowNumber - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

/** Writes rows (first row: headers) as an XLSX workbook with one sheet. */
export async function writeXlsx(sheetName: string, rows: readonly (readonly (string | number)[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const r of rows) sheet.addRow([...r]);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
