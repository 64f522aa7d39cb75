import type { DataSource } from 'typeorm';
import { DomainError, MAX_ROSTER_ROWS, ROSTER_COLUMNS, parseRoster } from '@pirm/domain';
import { readTable, type TableFormat } from './files/table-file';
import { SYSTEM_ACTOR, type AuditActor } from './audit.repository';
import { applyRoster, type RosterImportSummary } from './roster.repository';

/**
 * Reads, validates and applies a roster file. Any bad row rejects the whole file with every problem
 * named (row, column, reason) and nothing written.
 */
export async function importRosterFile(ds: DataSource, bytes: Buffer, format: TableFormat, actor: AuditActor = SYSTEM_ACTOR): Promise<RosterImportSummary> {
  let rows: string[][];
  try {
    rows = await readTable(bytes, format, { maxRows: MAX_ROSTER_ROWS + 1, maxColumns: ROSTER_COLUMNS.length });
  } catch (err) {
    throw DomainError.validation([{ field: 'file', reason: (err as Error).message }]);
  }
  const { roster, errors } = parseRoster(rows);
  if (errors.length) throw DomainError.validation(errors.map((e) => ({ field: `row ${e.row}, ${e.column}`, reason: e.reason })));
  return applyRoster(ds, roster, actor);
}
