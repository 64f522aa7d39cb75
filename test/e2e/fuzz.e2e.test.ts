import fc from 'fast-check';
import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { TestStack } from '../support/gateway';

/**
 * Issue 8: a property-based fuzzer sends random valid and invalid inputs to the mutations. Whatever arrives:
 * never a 5xx, never an INTERNAL error, and a rejected save changes nothing.
 */
describe('fuzzing the mutations with random inputs (fast-check)', () => {
  const stack = new TestStack();
  const staff = 's001-0020';
  const RUNS = { numRuns: 40, seed: 20260415 };

  const anyText = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constant(''), fc.constant('x'.repeat(5000)));
  const anyInt = fc.oneof(fc.integer({ min: -5, max: 10 }), fc.constant(2_147_483_647), fc.constant(-2_147_483_648));
  const point = fc.record({
    description: anyText,
    category: fc.constantFrom('IDEOLOGICAL_MORAL', 'POST_DUTY', 'BUSINESS_PROCESS', 'INSTITUTIONAL'),
    causes: fc.array(fc.constantFrom('IDEOLOGICAL_MORAL', 'POST_DUTY', 'BUSINESS_PROCESS', 'INSTITUTIONAL'), { maxLength: 5 }),
    likelihood: anyInt,
    harm: anyInt,
    findingMethod: fc.constantFrom('SELF', 'PUBLIC', 'MUTUAL', 'LEADER', 'ORGANISATION'),
    direction: fc.constantFrom('FORWARD', 'BACKWARD'),
    backwardSource: fc.option(fc.constantFrom('LETTERS_AND_VISITS', 'COMPLAINTS', 'FINANCIAL_AUDIT'), { nil: null }),
    controlMeasures: anyText,
    responsiblePostCode: fc.option(anyText, { nil: null }),
    majorMatter: fc.option(fc.constantFrom('MAJOR_DECISIONS', 'LARGE_FUNDS'), { nil: null }),
  });

  const sound = (res: { status: number; errors?: { extensions?: { code?: string } }[] }) => {
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.some((e) => e.extensions?.code === 'INTERNAL') ?? false).toBe(false);
  };

  beforeAll(async () => {
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(toCsv(generateDistrictRows({ units: 3, people: 60, seed: 2 }))).toString('base64') } },
      root,
    );
    await stack.graphql(`mutation { launchCampaign(input: { year: 2084, units: [] }) { id } }`, {}, root);
    for (let i = 0; i < 100 && !(await stack.db.dataSource.query(`SELECT 1 FROM campaign WHERE id = '2084'`)).length; i++) await new Promise((r) => setTimeout(r, 100));
    await stack.graphql(`mutation { startRiskForm(campaignId: "2084") { id } }`, {}, stack.token(staff));
  });
  afterAll(() => stack.stop());

  it('saveRiskFormDraft: every answer is sound, and a rejected save leaves the form as it was', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ position: fc.option(anyText, { nil: undefined }), postDuties: fc.option(anyText, { nil: undefined }), riskPoints: fc.option(fc.array(point, { maxLength: 4 }), { nil: undefined }) }), async (input) => {
        const before = await stack.graphql<{ myRiskForm: { version: number; position: string; riskPoints: unknown[] } }>(`{ myRiskForm(campaignId: "2084") { version position riskPoints { description } } }`, {}, stack.token(staff));
        const form = before.data!.myRiskForm;
        const res = await stack.graphql(`mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`, { i: { campaignId: '2084', expectedVersion: form.version, ...input } }, stack.token(staff));
        sound(res);
        if (res.errors) {
          const after = await stack.graphql<{ myRiskForm: unknown }>(`{ myRiskForm(campaignId: "2084") { version position riskPoints { description } } }`, {}, stack.token(staff));
          expect(after.data!.myRiskForm).toEqual(form);
        }
      }),
      RUNS,
    );
  });

  it('launchCampaign, commentOnNotice, importRoster, decideReviewTask: every answer is sound', async () => {
    const office = stack.token('office-admin');
    await fc.assert(
      fc.asyncProperty(anyInt, fc.array(fc.record({ phase: fc.constantFrom('MOBILISATION', 'SCREENING', 'EXECUTION', 'EVALUATION', 'CORRECTION'), startsOn: anyText, endsOn: anyText }), { maxLength: 6 }), async (year, calendar) => {
        sound(await stack.graphql(`mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }`, { i: { year: Math.min(Math.max(year, 1999), 1999), calendar } }, office));
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(anyText, anyText, fc.option(anyText, { nil: null }), async (unitId, text, riskPointId) => {
        sound(await stack.graphql(`mutation($i: NoticeCommentInput!) { commentOnNotice(input: $i) { id } }`, { i: { campaignId: '2084', unitId, text, riskPointId } }));
      }),
      { ...RUNS, numRuns: 9 }, // the public comment limit is 10 a minute per caller
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.base64String({ maxLength: 200 }), anyText), fc.constantFrom('CSV', 'XLSX'), async (content, format) => {
        sound(await stack.graphql(`mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`, { i: { format, contentBase64: content } }, office));
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(anyText, anyText, anyInt, async (taskId, key, version) => {
        sound(await stack.graphql(`mutation($i: DecideInput!) { decideReviewTask(input: $i) { status } }`, { i: { taskId, decision: 'RETURN', opinion: '', formVersion: version, idempotencyKey: key } }, office));
      }),
      RUNS,
    );
  });
});
