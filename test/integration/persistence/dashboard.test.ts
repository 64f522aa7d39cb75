import { DASHBOARD_SQL } from '@pirm/persistence';
import { createTestDatabase, type TestDatabase } from '../../support/stack';

describe('dashboards stay fast at 10,000 forms: every aggregate can be served by an index', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it.each(Object.entries(DASHBOARD_SQL))(
    '%s reads its campaign through an index, never a full table scan',
    async (_name, sql) => {
      // With sequential scans priced out, the plan shows which index serves each table the query reads.
      const plan = await db.dataSource.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const rows: { 'QUERY PLAN': string }[] = await tx.query(`EXPLAIN ${sql}`, ['2027']);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).not.toMatch(/Seq Scan/);
      expect(plan).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
    },
  );
});
