import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DomainError } from '@pirm/domain';
import { createDataSource } from '../data-source';
import { importRosterFile } from '../roster-import';

/** `npm run roster:import -- <file.csv|file.xlsx>`: imports a roster into DATABASE_URL. */
async function main(): Promise<void> {
  const file = process.argv[2];
  const url = process.env.DATABASE_URL;
  if (!file) throw new Error('usage: npm run roster:import -- <roster.csv|roster.xlsx>');
  if (!url) throw new Error('DATABASE_URL is not set (and no running `npm start` was found)');
  const ext = extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') throw new Error('the file must end in .csv or .xlsx');
  const ds = createDataSource({ url, applicationName: 'pirm-roster-import', poolSize: 1 });
  await ds.initialize();
  try {
    const summary = await importRosterFile(ds, readFileSync(file), ext === '.csv' ? 'CSV' : 'XLSX');
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
