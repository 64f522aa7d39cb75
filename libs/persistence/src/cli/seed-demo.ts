import { parseRoster } from '@pirm/domain';
import { createDataSource } from '../data-source';
import { generateDistrictRows } from '../demo/district';
import { applyRoster } from '../roster.repository';

/** The demo district `npm start` loads the first time: the bureau and four schools, 60 people. */
export const DEMO_DISTRICT = { units: 5, people: 60, seed: 20260415 };

/** Loads the demo district when the database has no units yet (so a real roster is never touched). */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const ds = createDataSource({ url, applicationName: 'pirm-seed', poolSize: 1 });
  await ds.initialize();
  try {
    const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM unit')) as [{ n: number }];
    if (n > 0) {
      console.log(`roster present (${n} units): demo district not loaded`);
      return;
    }
    const { roster, errors } = parseRoster(generateDistrictRows(DEMO_DISTRICT));
    if (errors.length) throw new Error(`demo district is invalid: ${JSON.stringify(errors.slice(0, 3))}`);
    const summary = await applyRoster(ds, roster);
    console.log(
      `demo district loaded: ${summary.units.created} units, ${summary.people.created} people (token: npm run token -- office-admin)`,
    );
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
