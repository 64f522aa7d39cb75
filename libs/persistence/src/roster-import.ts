import type { DataSource } from 'typeorm';
import { DomainError, MAX_ROSTER_ROWS, ROSTER_COLUMNS, parseRoster, type RowError } from '@pirm/domain';
import { TableFileError, readTable, type TableFormat } from './files/table-file';
import { SYSTEM_ACTOR, type AuditActor } from './audit.repository';
import { applyRoster, type RosterImportOptions, type RosterImportSummary } from './roster.repository';

/** A dry run's problems come back as data (every row's); a real import with any problem is refused. */
export interface RosterImportReport extends RosterImportSummary {
  errors: RowError[];
}

const none = { created: 0, updated: 0, unchanged: 0 };

/**
 * Reads, validates and applies a roster file. Any bad row rejects the whole file with every problem
 * named (row, column, reason) and nothing written; a dry run lists them and what the import would change.
 */
export async function importRosterFile(
  ds: DataSource,
  bytes: Buffer,
  format: TableFormat,
  actor: AuditActor = SYSTEM_ACTOR,
  options: RosterImportOptions = {},
): Promise<RosterImportReport> {
  let rows: string[][];
  try {
    rows = await readTable(bytes, format, { maxRows: MAX_ROSTER_ROWS + 1, maxColumns: ROSTER_COLUMNS.length });
  } catch (err) {
    const problem =
      err instanceof TableFileError
        ? err.problem
        : { reason: (err as Error).message, message: '无法读取该文件，请上传 CSV 或 XLSX 表格' };
    throw DomainError.validation([{ field: 'file', ...problem }]);
  }
  const { roster, errors } = parseRoster(rows);
  if (errors.length && options.dryRun) {
    const mode = options.mode ?? 'MERGE';
    const counts = {
      units: none,
      departments: none,
      posts: none,
      people: none,
      roleChanges: 0,
      leadingGroupChanges: 0,
    };
    return { ...counts, mode, dryRun: true, newPeople: [], changedPeople: [], leavers: [], unitIds: [], errors };
  }
  if (errors.length)
    throw DomainError.validation(
      errors.map((e) => ({ field: `row ${e.row}, ${e.column}`, reason: e.reason, message: e.message })),
    );
  return { ...(await applyRoster(ds, roster, actor, options)), errors: [] };
}
