import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError } from '@pirm/domain';
import { createDataSource } from '../data-source';
import { importRosterFile } from '../roster-import';
import { ROSTER_IMPORT_MODES, type RosterImportMode } from '../roster.repository';

const USAGE = `usage: npm run roster:import -- [--mode ${ROSTER_IMPORT_MODES.join('|')}] [--dry-run] <roster.csv|roster.xlsx>`;

/** `npm run roster:import -- [--mode M] [--dry-run] <file.csv|file.xlsx>`: imports a roster into DATABASE_URL. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { mode: { type: 'string', default: 'MERGE' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  const mode = values.mode as RosterImportMode;
  const url = process.env.DATABASE_URL;
  if (!file || !ROSTER_IMPORT_MODES.includes(mode)) throw new Error(USAGE);
  if (!url) throw new Error('DATABASE_URL is not set (and no running `npm start` was found)');
  const ext = extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') throw new Error('the file must end in .csv or .xlsx');
  const ds = createDataSource({ url, applicationName: 'pirm-roster-import', poolSize: 1 });
  await ds.initialize();
  try {
    const summary = await importRosterFile(ds, readFileSync(file), ext === '.csv' ? 'CSV' : 'XLSX', undefined, {
      mode,
      dryRun: values['dry-run'],
    });
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  if (err instanceof DomainError && err.fieldErrors.length) {
    console.error('nothing was imported:');
    for (const e of err.fieldErrors) console.error(`  ${e.field}: ${e.reason}`);
  } else {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
