import { TestStack } from '../support/gateway';
import { campaignIdFor } from '../support/campaign';
import { TestDistrict } from '../support/district';

const CAMPAIGN = campaignIdFor('paging');
const COMMENTS = `query($f: Int, $a: ID) { noticeComments(campaignId: "${CAMPAIGN}", unitId: "s001", first: $f, after: $a) { id text } }`;
const MEASURES = `query($f: Int, $a: ID) { unitRiskMeasures(campaignId: "${CAMPAIGN}", unitId: "s001", first: $f, after: $a) { riskPointId } }`;

/**
 * Issue 13.10: the lists that had no page size (a unit's notice comments, its risk measures) take `first`
 * (1 to 500) and `after`, page without gaps or repeats, and answer a bad page argument with a field error.
 */
describe('R13 R14 issue 13.10 every list is paged and bounded', () => {
  const stack = new TestStack();
  let district: TestDistrict;
  const office = () => stack.token('office-admin');

  /** Every page of `doc` at `size` rows a page, following `after` with the key `key` of each page's last row. */
  async function pages<T extends Record<string, string>>(doc: string, field: string, key: string, size: number) {
    const all: T[][] = [];
    let after: string | null = null;
    for (;;) {
      const res: { data?: Record<string, T[]> | null; errors?: unknown } = await stack.graphql<Record<string, T[]>>(
        doc,
        { f: size, a: after },
        office(),
      );
      expect(res.errors).toBeUndefined();
      const page: T[] = res.data![field]!;
      if (page.length === 0) return all;
      all.push(page);
      after = page[page.length - 1]![key]!;
    }
  }

  beforeAll(async () => {
    await stack.start();
    district = await TestDistrict.create(stack.db.dataSource, CAMPAIGN);
    await district.openScreening();
    const people: { code: string }[] = await stack.db.dataSource.query(
      `SELECT code FROM person WHERE unit_id = 's001' AND post_id IS NOT NULL ORDER BY code LIMIT 3`,
    );
    for (const p of people) await district.completeForm(p.code);
    await stack.db.dataSource.query(`UPDATE risk_form SET status = 'APPROVED' WHERE campaign_id = $1`, [CAMPAIGN]);
    for (let i = 0; i < 5; i++)
      await stack.db.dataSource.query(
        `INSERT INTO notice_comment (campaign_id, unit_id, text, status, created_at)
         VALUES ($1, 's001', $2, 'OPEN', now() - make_interval(secs => $3))`,
        [CAMPAIGN, `意见 ${i}`, 10 - (i % 2)], // two pairs share a timestamp: the id breaks the tie
      );
  });
  afterAll(() => stack.stop());

  it('issue 13.10 noticeComments pages by first/after with no gap and no repeat', async () => {
    const got = await pages<{ id: string; text: string }>(COMMENTS, 'noticeComments', 'id', 2);
    expect(got.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(new Set(got.flat().map((c) => c.id)).size).toBe(5);
  });

  it('issue 13.10 unitRiskMeasures pages by first/after with no gap and no repeat', async () => {
    const all = (await stack.graphql<{ unitRiskMeasures: { riskPointId: string }[] }>(MEASURES, { f: 500 }, office()))
      .data!.unitRiskMeasures;
    expect(all.length).toBeGreaterThan(3);
    const got = await pages<{ riskPointId: string }>(MEASURES, 'unitRiskMeasures', 'riskPointId', 2);
    expect(got.flat().map((m) => m.riskPointId)).toEqual(all.map((m) => m.riskPointId));
  });

  it.each([
    ['noticeComments', COMMENTS],
    ['unitRiskMeasures', MEASURES],
  ])('issue 13.10 %s answers a page size out of 1–500 or a malformed cursor with a field error', async (_, doc) => {
    for (const [vars, field] of [
      [{ f: 0 }, 'first'],
      [{ f: 501 }, 'first'],
      [{ f: 10, a: 'not-an-id' }, 'after'],
    ] as const) {
      const res = await stack.graphql(doc, vars, office());
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [expect.objectContaining({ field })],
      });
    }
  });
});
