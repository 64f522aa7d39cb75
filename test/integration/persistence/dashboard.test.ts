import type { Rung } from '@pirm/domain';
import { DASHBOARD_SQL, campaignDashboard, insertEscalation } from '@pirm/persistence';
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

describe('R22 the overview’s escalation trend counts every rung of the campaign by China day, rung and unit', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('puts a rung fired at 01:00 Beijing time on that Beijing day, and counts beyond any page size', async () => {
    const fire = (key: string, unitId: string, rung: Rung, at: string) =>
      insertEscalation(db.dataSource, {
        key,
        campaignId: '2027',
        unitId,
        phase: 'SCREENING',
        rung,
        deadline: Date.parse('2027-04-30T16:00:00Z'),
        at: Date.parse(at),
        notified: [],
        message: '逾期',
      });
    // 17:00 UTC on 30 April is 01:00 on 1 May in Beijing.
    await fire('e-1', 's001', 'OVERDUE', '2027-04-30T17:00:00Z');
    await fire('e-2', 's002', 'OVERDUE', '2027-04-30T17:30:00Z');
    await fire('e-3', 's001', 'REMINDER', '2027-04-29T03:00:00Z');
    // More than the 500 the old single page held, for one unit on one day.
    for (let i = 0; i < 600; i++) await fire(`m-${i}`, 's003', 'OVERDUE', '2027-05-02T02:00:00Z');
    await fire('e-4', 's001', 'OVERDUE', '2027-05-01T15:59:00Z');
    const { escalationsByDay } = await campaignDashboard(db.dataSource, '2027');
    expect(escalationsByDay).toEqual([
      { day: '2027-04-29', rung: 'REMINDER', unitId: 's001', count: 1 },
      { day: '2027-05-01', rung: 'OVERDUE', unitId: 's001', count: 2 },
      { day: '2027-05-01', rung: 'OVERDUE', unitId: 's002', count: 1 },
      { day: '2027-05-02', rung: 'OVERDUE', unitId: 's003', count: 600 },
    ]);
  });
});
