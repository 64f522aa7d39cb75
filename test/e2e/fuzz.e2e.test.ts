import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { MAX_CAMPAIGN_YEAR, MIN_CAMPAIGN_YEAR, PHASES, Role, addDays } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { TEMPORAL_CLIENT } from '../../apps/gateway/src/providers';
import { campaignIdFor, campaignYears, untilCampaignRecorded } from '../support/campaign';
import { TestStack, type GraphQLResponse } from '../support/gateway';

/**
 * Issue 8, issue 12: a property-based fuzzer sends random inputs to the mutations. The generators make valid
 * inputs as well as invalid ones, each invalid one with a known defect: a valid input succeeds, an invalid
 * one is refused with a field error naming the defect and changes nothing. Whatever arrives (also from the
 * free-form generators): never a 5xx, never an INTERNAL error.
 */
type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

describe('fuzzing the mutations with random valid and invalid inputs (fast-check)', () => {
  const stack = new TestStack();
  const staff = 's001-0020';
  const RUNS = { numRuns: 40, seed: 20260415 };
  /** The campaign the forms are filed in. */
  const campaignId = campaignIdFor();
  /** Valid launches use these years (no other test file launches them on the shared Temporal server)… */
  const VALID_YEARS = campaignYears('valid launches', 10);
  /** …and launches with a broken calendar these, so that "nothing started" can be checked. */
  const BROKEN_CALENDAR_YEARS = campaignYears('launches with a broken calendar', 10);

  const anyText = fc.oneof(
    fc.string({ maxLength: 50 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constant(''),
    fc.constant('x'.repeat(5000)),
  );
  const anyInt = fc.oneof(fc.integer({ min: -5, max: 10 }), fc.constant(2_147_483_647), fc.constant(-2_147_483_648));
  const CATEGORIES = ['IDEOLOGICAL_MORAL', 'POST_DUTY', 'BUSINESS_PROCESS', 'INSTITUTIONAL'] as const;
  const anyPoint = fc.record({
    description: anyText,
    category: fc.constantFrom(...CATEGORIES),
    causes: fc.array(fc.constantFrom(...CATEGORIES), { maxLength: 5 }),
    likelihood: anyInt,
    harm: anyInt,
    findingMethod: fc.constantFrom('SELF', 'PUBLIC', 'MUTUAL', 'LEADER', 'ORGANISATION'),
    direction: fc.constantFrom('FORWARD', 'BACKWARD'),
    backwardSource: fc.option(fc.constantFrom('LETTERS_AND_VISITS', 'COMPLAINTS', 'FINANCIAL_AUDIT'), { nil: null }),
    controlMeasures: anyText,
    responsiblePostCode: fc.option(anyText, { nil: null }),
    majorMatter: fc.option(fc.constantFrom('MAJOR_DECISIONS', 'LARGE_FUNDS'), { nil: null }),
  });

  // Valid inputs: non-blank text within its bounds (no outer spaces, so it is stored as sent), scores 1–3,
  // causes that include the risk's own category, a backward source exactly for backward analysis.
  const text = (max: number) =>
    fc
      .array(fc.constantFrom(...'廉政风险防控岗位职责公开承诺教辅征订评优家长abcXYZ019，。'), {
        minLength: 1,
        maxLength: max,
      })
      .map((a) => a.join(''));
  const score = fc.integer({ min: 1, max: 3 });
  const validPoint = fc
    .record({
      description: text(60),
      category: fc.constantFrom(...CATEGORIES),
      others: fc.uniqueArray(fc.constantFrom(...CATEGORIES), { maxLength: 3 }),
      likelihood: score,
      harm: score,
      findingMethod: fc.constantFrom('SELF', 'PUBLIC', 'MUTUAL', 'LEADER', 'ORGANISATION'),
      backward: fc.option(fc.constantFrom('LETTERS_AND_VISITS', 'COMPLAINTS', 'FINANCIAL_AUDIT'), { nil: null }),
      controlMeasures: text(60),
      responsiblePostCode: fc.option(fc.constantFrom('P-TEACHER', 'P-DIRECTOR', 'P-PRINCIPAL'), { nil: null }),
    })
    .map(({ others, backward, category, ...p }) => ({
      ...p,
      category,
      causes: [category, ...others.filter((c) => c !== category)],
      direction: backward ? 'BACKWARD' : 'FORWARD',
      backwardSource: backward,
      majorMatter: null,
    }));
  type Point = Of<typeof validPoint>;
  // A staff form's fields (attachment 4).
  const validDraft = fc.record(
    {
      position: text(100),
      postDuties: text(200),
      workflowDescription: text(200),
      controlMeasures: text(200),
      riskPoints: fc.array(validPoint, { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: ['riskPoints'] },
  );
  type Draft = Of<typeof validDraft> & Record<string, unknown>;

  /** One known defect applied to a valid draft, and the field its error must name. */
  const defects: fc.Arbitrary<{ field: string; apply: (d: Draft) => Draft }>[] = [
    fc
      .oneof(fc.integer({ min: -5, max: 0 }), fc.integer({ min: 4, max: 10 }), fc.constant(2_147_483_647))
      .map((v) => ({ field: 'riskPoints[0].likelihood', apply: (d: Draft) => pointDefect(d, { likelihood: v }) })),
    fc
      .oneof(fc.integer({ min: -5, max: 0 }), fc.integer({ min: 4, max: 10 }))
      .map((v) => ({ field: 'riskPoints[0].harm', apply: (d: Draft) => pointDefect(d, { harm: v }) })),
    fc
      .constantFrom('', '   ', 'x'.repeat(1001))
      .map((v) => ({ field: 'riskPoints[0].description', apply: (d: Draft) => pointDefect(d, { description: v }) })),
    fc.constant({
      field: 'riskPoints[0].causes',
      apply: (d: Draft) => pointDefect(d, { causes: CATEGORIES.filter((c) => c !== d.riskPoints[0]!.category) }),
    }),
    fc.constant({ field: 'riskPoints[0].causes', apply: (d: Draft) => pointDefect(d, { causes: [] }) }),
    fc.constant({
      field: 'riskPoints[0].backwardSource',
      apply: (d: Draft) => pointDefect(d, { direction: 'FORWARD', backwardSource: 'COMPLAINTS' }),
    }),
    fc.constant({
      field: 'riskPoints[0].backwardSource',
      apply: (d: Draft) => pointDefect(d, { direction: 'BACKWARD', backwardSource: null }),
    }),
    fc.constant({
      field: 'riskPoints[0].majorMatter',
      apply: (d: Draft) => pointDefect(d, { majorMatter: 'LARGE_FUNDS' }),
    }),
    fc.constantFrom('岗位 1', '-x', 'a'.repeat(65), 'NO-SUCH-POST').map((v) => ({
      field: 'riskPoints[0].responsiblePostCode',
      apply: (d: Draft) => pointDefect(d, { responsiblePostCode: v }),
    })),
    fc.constant({ field: 'position', apply: (d: Draft) => ({ ...d, position: '职'.repeat(101) }) }),
    fc.constant({ field: 'departmentName', apply: (d: Draft) => ({ ...d, departmentName: '教务处' }) }),
    fc.constant({
      field: 'riskPoints',
      apply: (d: Draft) => ({ ...d, riskPoints: Array.from({ length: 51 }, () => d.riskPoints[0]!) }),
    }),
  ];
  const pointDefect = (d: Draft, over: Partial<Record<keyof Point, unknown>>): Draft => ({
    ...d,
    riskPoints: [{ ...d.riskPoints[0]!, ...over } as Point, ...d.riskPoints.slice(1)],
  });
  const draftCase = fc.oneof(
    validDraft.map((input) => ({ input, defect: null as string | null })),
    fc
      .tuple(validDraft, fc.oneof(...defects))
      .map(([d, defect]) => ({ input: defect.apply(d as Draft), defect: defect.field as string | null })),
  );

  // A valid calendar: the five phases in order, each starting no earlier than the one before and lasting a day or more.
  const validCalendar = fc
    .tuple(
      fc.integer({ min: 0, max: 3000 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 90 })), {
        minLength: PHASES.length,
        maxLength: PHASES.length,
      }),
    )
    .map(([base, spans]) => {
      let start = addDays('2030-01-01', base);
      return PHASES.map((phase, i) => {
        start = addDays(start, spans[i]![0]);
        return { phase, startsOn: start, endsOn: addDays(start, spans[i]![1]) };
      });
    });
  type Calendar = Of<typeof validCalendar>;
  const calendarDefects: fc.Arbitrary<{ field: string; apply: (c: Calendar) => unknown[] }>[] = [
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom('2030-02-30', '2030/01/01', '', 'x')).map(([i, v]) => ({
      field: `calendar[${i}].startsOn`,
      apply: (c: Calendar) => c.map((w, j) => (j === i ? { ...w, startsOn: v } : w)),
    })),
    fc.integer({ min: 0, max: 4 }).map((i) => ({
      field: `calendar[${i}].endsOn`,
      apply: (c: Calendar) => c.map((w, j) => (j === i ? { ...w, endsOn: addDays(w.startsOn, -1) } : w)),
    })),
    fc.integer({ min: 1, max: 4 }).map((i) => ({
      field: `calendar[${i}].phase`,
      apply: (c: Calendar) => c.map((w, j) => (j === i ? { ...w, phase: c[i - 1]!.phase } : w)),
    })),
    fc.constant({ field: 'calendar', apply: (c: Calendar) => c.slice(1) }),
  ];
  const launchCase = fc.oneof(
    fc
      .tuple(fc.constantFrom(...VALID_YEARS), validCalendar)
      .map(([year, calendar]) => ({ year, calendar: calendar as unknown[], defect: null as string | null })),
    fc
      .tuple(
        fc.oneof(
          fc.integer({ min: -5, max: MIN_CAMPAIGN_YEAR - 1 }),
          fc.integer({ min: MAX_CAMPAIGN_YEAR + 1, max: 2_147_483_647 }),
        ),
        validCalendar,
      )
      .map(([year, calendar]) => ({ year, calendar: calendar as unknown[], defect: 'year' as string | null })),
    fc
      .tuple(fc.constantFrom(...BROKEN_CALENDAR_YEARS), validCalendar, fc.oneof(...calendarDefects))
      .map(([year, calendar, d]) => ({ year, calendar: d.apply(calendar), defect: d.field as string | null })),
  );

  const sound = (res: GraphQLResponse) => {
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.some((e) => e.extensions?.code === 'INTERNAL') ?? false).toBe(false);
  };
  /** A refusal naming `field` among its field errors. */
  const refusedAt = (res: GraphQLResponse, field: string) => {
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(res.errors?.[0]?.extensions?.fieldErrors?.map((e) => e.field)).toContain(field);
  };
  const MINE = `query($c: ID!) { myRiskForm(campaignId: $c) { version position postDuties workflowDescription controlMeasures riskPoints { description category causes likelihood harm direction backwardSource controlMeasures } } }`;
  const roster = toCsv(generateDistrictRows({ units: 3, people: 60, seed: 2 }));
  const rosterDigest = async () =>
    (await stack.db.dataSource.query(
      `SELECT count(*)::int AS n, md5(string_agg(code || name || coalesce(unit_id, ''), ',' ORDER BY code)) AS digest FROM person`,
    )) as unknown[];

  beforeAll(async () => {
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    await stack.graphql(
      `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
      { i: { format: 'CSV', contentBase64: Buffer.from(roster).toString('base64') } },
      root,
    );
    await stack.graphql(
      `mutation($y: Int!) { launchCampaign(input: { year: $y, units: [] }) { id } }`,
      { y: Number(campaignId) },
      root,
    );
    await untilCampaignRecorded(stack.db.dataSource, campaignId);
    await stack.graphql(
      `mutation($c: ID!) { startRiskForm(campaignId: $c) { id } }`,
      { c: campaignId },
      stack.token(staff),
    );
  });
  afterAll(() => stack.stop());

  it('issue 12 saveRiskFormDraft: a valid draft is saved as sent; one with a known defect is refused naming that field and changes nothing', async () => {
    let [saved, refused] = [0, 0];
    await fc.assert(
      fc.asyncProperty(draftCase, async ({ input, defect }) => {
        const before = (
          await stack.graphql<{ myRiskForm: Record<string, unknown> & { version: number } }>(
            MINE,
            { c: campaignId },
            stack.token(staff),
          )
        ).data!.myRiskForm;
        const res = await stack.graphql(
          `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`,
          { i: { campaignId, expectedVersion: before.version, ...input } },
          stack.token(staff),
        );
        sound(res);
        const after = (
          await stack.graphql<{ myRiskForm: Record<string, unknown> & { version: number; riskPoints: unknown[] } }>(
            MINE,
            { c: campaignId },
            stack.token(staff),
          )
        ).data!.myRiskForm;
        if (defect) {
          refusedAt(res, defect);
          expect(after).toEqual(before);
          refused++;
        } else {
          expect(res.errors).toBeUndefined();
          expect(after.version).toBe(before.version + 1);
          for (const f of ['position', 'postDuties', 'workflowDescription', 'controlMeasures'] as const)
            if (input[f] !== undefined) expect(after[f]).toBe(input[f]);
          expect(after.riskPoints).toEqual(
            input.riskPoints.map((p) => ({
              description: p.description,
              category: p.category,
              causes: p.causes,
              likelihood: p.likelihood,
              harm: p.harm,
              direction: p.direction,
              backwardSource: p.backwardSource,
              controlMeasures: p.controlMeasures,
            })),
          );
          saved++;
        }
      }),
      RUNS,
    );
    // Both kinds were really tried.
    expect(saved).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
  });

  it('saveRiskFormDraft with free-form inputs: every answer is sound, and a rejected save leaves the form as it was', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          position: fc.option(anyText, { nil: undefined }),
          postDuties: fc.option(anyText, { nil: undefined }),
          riskPoints: fc.option(fc.array(anyPoint, { maxLength: 4 }), { nil: undefined }),
        }),
        async (input) => {
          const before = (
            await stack.graphql<{ myRiskForm: { version: number } }>(MINE, { c: campaignId }, stack.token(staff))
          ).data!.myRiskForm;
          const res = await stack.graphql(
            `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`,
            { i: { campaignId, expectedVersion: before.version, ...input } },
            stack.token(staff),
          );
          sound(res);
          if (res.errors)
            expect((await stack.graphql(MINE, { c: campaignId }, stack.token(staff))).data!.myRiskForm).toEqual(before);
        },
      ),
      RUNS,
    );
  });

  it('issue 12 launchCampaign: a valid year and calendar launch; a year out of range or a broken calendar is refused naming the field and starts nothing', async () => {
    const office = stack.token('office-admin');
    const temporal = stack.app.get<Client>(TEMPORAL_CLIENT);
    let [launched, refused] = [0, 0];
    await fc.assert(
      fc.asyncProperty(launchCase, async ({ year, calendar, defect }) => {
        const res = await stack.graphql<{ launchCampaign: { id: string } }>(
          `mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }`,
          { i: { year, calendar, units: [] } },
          office,
        );
        sound(res);
        if (defect) {
          refusedAt(res, defect);
          expect(await stack.db.dataSource.query(`SELECT 1 FROM campaign WHERE id = $1`, [String(year)])).toEqual([]);
          await expect(temporal.workflow.getHandle(`campaign:${year}`).describe()).rejects.toThrow();
          refused++;
        } else {
          expect(res.errors).toBeUndefined();
          expect(res.data?.launchCampaign.id).toBe(String(year));
          launched++;
        }
      }),
      { ...RUNS, numRuns: 30 },
    );
    expect(launched).toBeGreaterThan(3);
    expect(refused).toBeGreaterThan(10);
  });

  it('issue 12 importRoster: the district file re-imports and changes nothing; random content is refused with field errors and changes nothing', async () => {
    const office = stack.token('office-admin');
    const before = await rosterDigest();
    const valid = fc
      .constantFrom('CSV')
      .map((format) => ({ format, contentBase64: Buffer.from(roster).toString('base64'), valid: true }));
    const garbage = fc
      .tuple(fc.oneof(fc.base64String({ maxLength: 200 }), anyText), fc.constantFrom('CSV', 'XLSX'))
      .map(([contentBase64, format]) => ({ format, contentBase64, valid: false }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(valid, garbage), async ({ valid: ok, ...input }) => {
        const res = await stack.graphql<{ importRoster: { roleChanges: number } }>(
          `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
          { i: input },
          office,
        );
        sound(res);
        if (ok) expect(res.data?.importRoster.roleChanges).toBe(0);
        else {
          expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
          expect(res.errors?.[0]?.extensions?.fieldErrors?.length).toBeGreaterThan(0);
        }
        expect(await rosterDigest()).toEqual(before);
      }),
      RUNS,
    );
  });

  it('commentOnNotice, decideReviewTask with free-form inputs: every answer is sound', async () => {
    const office = stack.token('office-admin');
    await fc.assert(
      fc.asyncProperty(anyText, anyText, fc.option(anyText, { nil: null }), async (unitId, text, riskPointId) => {
        sound(
          await stack.graphql(`mutation($i: NoticeCommentInput!) { commentOnNotice(input: $i) { id } }`, {
            i: { campaignId, unitId, text, riskPointId },
          }),
        );
      }),
      { ...RUNS, numRuns: 9 }, // the public comment limit is 10 a minute per caller
    );
    await fc.assert(
      fc.asyncProperty(anyText, anyText, anyInt, async (taskId, key, version) => {
        sound(
          await stack.graphql(
            `mutation($i: DecideInput!) { decideReviewTask(input: $i) { status } }`,
            { i: { taskId, decision: 'RETURN', opinion: '', formVersion: version, idempotencyKey: key } },
            office,
          ),
        );
      }),
      RUNS,
    );
  });
});
