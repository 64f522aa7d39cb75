import { Role } from '@pirm/domain';
import { campaignYear, untilCampaignRecorded } from '../support/campaign';
import { TestStack } from '../support/gateway';

const LAUNCH = `mutation Launch($input: LaunchCampaignInput!) {
  launchCampaign(input: $input) { id year status currentPhase launchedBy source phases { phase label startsOn endsOn } }
}`;
const CAMPAIGN = `query Campaign($id: ID!) { campaign(id: $id) { id year status currentPhase source phases { phase startsOn endsOn } } }`;

describe('walking skeleton over HTTP: launch a campaign and read it back', () => {
  const stack = new TestStack();
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    await stack.start();
    admin = await stack.person('office-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    staff = await stack.person('teacher-1');
  });
  afterAll(() => stack.stop());

  it('reports Temporal and PostgreSQL as up on /health', async () => {
    const res = await fetch(`${stack.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'up', temporal: 'up' });
  });

  it('launches the year’s campaign on the plan’s default calendar and reads it from the workflow', async () => {
    const launched = campaignYear();
    const launch = await stack.graphql<{ launchCampaign: Record<string, unknown> }>(
      LAUNCH,
      { input: { year: launched } },
      admin,
    );
    expect(launch.errors).toBeUndefined();
    expect(launch.data?.launchCampaign).toMatchObject({
      id: String(launched),
      year: launched,
      status: 'SCHEDULED',
      currentPhase: null,
      launchedBy: 'office-admin',
      source: 'LIVE',
    });
    const read = await stack.graphql<{ campaign: { phases: unknown[] } }>(CAMPAIGN, { id: String(launched) }, staff);
    expect(read.data?.campaign.phases).toEqual([
      { phase: 'MOBILISATION', startsOn: `${launched}-04-15`, endsOn: `${launched}-04-30` },
      { phase: 'SCREENING', startsOn: `${launched}-05-01`, endsOn: `${launched}-06-10` },
      { phase: 'EXECUTION', startsOn: `${launched}-06-01`, endsOn: `${launched}-08-15` },
      { phase: 'EVALUATION', startsOn: `${launched}-08-15`, endsOn: `${launched}-09-15` },
      { phase: 'CORRECTION', startsOn: `${launched}-09-15`, endsOn: `${launched}-11-30` },
    ]);
  });

  it('returns the first campaign when a year is launched twice', async () => {
    const year = campaignYear();
    const calendar = [
      { phase: 'MOBILISATION', startsOn: `${year}-03-01`, endsOn: `${year}-03-31` },
      { phase: 'SCREENING', startsOn: `${year}-04-01`, endsOn: `${year}-05-31` },
      { phase: 'EXECUTION', startsOn: `${year}-06-01`, endsOn: `${year}-08-15` },
      { phase: 'EVALUATION', startsOn: `${year}-08-16`, endsOn: `${year}-09-15` },
      { phase: 'CORRECTION', startsOn: `${year}-09-16`, endsOn: `${year}-11-30` },
    ];
    const first = await stack.graphql<{ launchCampaign: { phases: { startsOn: string }[] } }>(
      LAUNCH,
      { input: { year, calendar } },
      admin,
    );
    const second = await stack.graphql<{ launchCampaign: { phases: { startsOn: string }[] } }>(
      LAUNCH,
      { input: { year } },
      admin,
    );
    expect(first.data?.launchCampaign.phases[0]?.startsOn).toBe(`${year}-03-01`);
    expect(second.data?.launchCampaign).toEqual(first.data?.launchCampaign);
  });

  it('rejects a bad calendar naming each field, and starts nothing', async () => {
    const year = campaignYear();
    const calendar = [
      { phase: 'MOBILISATION', startsOn: `${year}-04-15`, endsOn: `${year}-04-10` },
      { phase: 'SCREENING', startsOn: `${year}-05-01`, endsOn: `${year}-06-10` },
      { phase: 'EXECUTION', startsOn: `${year}-06-01`, endsOn: `${year}-08-15` },
      { phase: 'EVALUATION', startsOn: `${year}-08-15`, endsOn: `${year}-09-15` },
      { phase: 'CORRECTION', startsOn: `${year}-09-15`, endsOn: `${year}-11-31` },
    ];
    const res = await stack.graphql(LAUNCH, { input: { year, calendar } }, admin);
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      userMessage: '填写有误：结束日期不能早于开始日期；须为“年-月-日”格式的日期',
      fieldErrors: [
        { field: 'calendar[0].endsOn', reason: 'must not be before startsOn', message: '结束日期不能早于开始日期' },
        { field: 'calendar[4].endsOn', reason: 'must be a date YYYY-MM-DD', message: '须为“年-月-日”格式的日期' },
      ],
    });
    const read = await stack.graphql(CAMPAIGN, { id: String(year) }, admin);
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('denies by default: no token, a bad token, an unknown person, and a non-office launcher', async () => {
    const year = campaignYear();
    expect((await stack.graphql(CAMPAIGN, { id: String(year) })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await stack.graphql(CAMPAIGN, { id: String(year) }, 'not-a-jwt')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await stack.graphql(CAMPAIGN, { id: String(year) }, stack.token('nobody'))).errors?.[0]?.extensions?.code,
    ).toBe('UNAUTHENTICATED');
    const forbidden = await stack.graphql(LAUNCH, { input: { year } }, staff);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await stack.graphql(CAMPAIGN, { id: String(year) }, admin)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses cross-site simple requests (CSRF prevention)', async () => {
    const res = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { method: 'GET' });
    expect(res.status).toBe(400);
  });

  it('reads a campaign from the read model when no worker can answer', async () => {
    const year = campaignYear();
    expect((await stack.graphql(LAUNCH, { input: { year } }, admin)).errors).toBeUndefined();
    await untilCampaignRecorded(stack.db.dataSource, String(year));
    await stack.stopWorker();
    try {
      const read = await stack.graphql<{ campaign: { source: string; status: string } }>(
        CAMPAIGN,
        { id: String(year) },
        staff,
      );
      expect(read.data?.campaign).toMatchObject({ source: 'PROJECTION', status: 'SCHEDULED' });
    } finally {
      await stack.startWorker();
    }
  });
});
