import { writeFileSync } from 'node:fs';
import { generateDistrictRows, toCsv } from '../demo/district';
import { writeXlsx } from '../files/table-file';

/**
 * `npm run demo:district -- <out.csv|out.xlsx> [units] [people] [seed]`: writes a synthetic district roster
 * (default 150 units, 10,000 people) in the import format.
 */
async function main(): Promise<void> {
  const [out, units = '150', people = '10000', seed = '20260415'] = process.argv.slice(2);
  if (!out || !/\.(csv|xlsx)$/i.test(out))
    throw new Error('usage: npm run demo:district -- <out.csv|out.xlsx> [units] [people] [seed]');
  const rows = generateDistrictRows({ units: Number(units), people: Number(people), seed: Number(seed) });
  writeFileSync(out, out.toLowerCase().endsWith('.csv') ? toCsv(rows) : await writeXlsx('人员名册', rows));
  console.log(`wrote ${out}: ${rows.length - 1} people in ${units} units`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
