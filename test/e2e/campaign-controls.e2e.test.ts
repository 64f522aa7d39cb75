import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Role, endOfDay, startOfDay } from '@pirm/domain';
import { formsChangedSignal, unitWorkflowId } from '@pirm/contracts';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { TestDistrict } from '../support/district';
import { TestStack } from '../support/gateway';
import { createTimeSkippingEnv } from '../support/stack';
import { until } from '../support/wait';

// 2027 by hand: its weekdays and holidays are what the checks are about, on a time-skipping server of this file's own.
/** 2027's days off around 劳动节 (Sat 1 – Wed 5 May) and a make-up Sunday, as the office would publish them. */
const HOLIDAYS_2027 = {
  year: 2027,
  holidays: ['2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04', '2027-05-05'],
  makeUpWorkdays: ['2027-04-25'],
};

const UNIT_STATE = `query($u: ID!) { unitCampaign(campaignId: "2027", unitId: $u) {
  campaignId unitId source paused cancelled closedReason screeningStage noticeOpensAt noticeClosesAt missingHolidayYears
  noticeClosedEarly { by reason at } mobilisation { item by at attendance } phases { phase status deadline rung rungs } } }`;
const UNITS = `{ campaignUnits(campaignId: "2027") { nodes { unitId unitName paused phases { phase status deadline rung rungs openedAt completedAt } } } }`;
const SUMMARY = `{ campaignPhaseSummary(campaignId: "2027") { phase inProgress overdue } }`;
const ACT = `mutation($i: CampaignActionInput!) { campaignAction(campaignId: "2027", input: $i) { status paused pausedUnits } }`;

interface UnitState {
  campaignId: string;
  unitId: string;
  source: string;
  paused: boolean;
  cancelled: boolean;
  closedReason: string | null;
  screeningStage: string;
  noticeOpensAt: string | null;
  noticeClosesAt: string | null;
  missingHolidayYears: number[];
  noticeClosedEarly: { by: string; reason: string; at: string } | null;
  mobilisation: { item: string; by: string; at: string; attendance: number | null }[];
  phases: { phase: string; status: string; deadline: string; rung: string | null; rungs: string[] }[];
}
interface Units {
  campaignUnits: {
    nodes: {
      unitId: string;
      unitName: string;
      paused: boolean;
      phases: {
        phase: string;
        status: string;
        deadline: string;
        rung: string | null;
        rungs: string[];
        openedAt: string | null;
        completedAt: string | null;
      }[];
    }[];
  };
}

/**
 * Issue 12 points 6, 7, 8, 10 and 11 over GraphQL, on Temporal's time-skipping server so that a 2027 calendar
 * passes in moments: the office's controls reach the read model, a control with a unit acts on that unit alone,
 * the notice length is a setting and the office can close a notice early, a unit's live state is one query,
 * and a year's holidays published by the office move the deadlines computed afterwards.
 */
describe('issue 12: office controls, the public notice, a unit’s live state and published holidays (R03–R05, R13, R22)', () => {
  let env: TestWorkflowEnvironment;
  let stack: TestStack;
  const tok = (code: string) => stack.token(code);
  let seq = 0;

  const ok = async <T>(p: Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> => {
    const res = await p;
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const sleepTo = async (date: string) => {
    const wait = startOfDay(date) + 9 * 3_600_000 - (await env.currentTimeMs());
    if (wait > 0) await env.sleep(wait);
  };
  const unitState = async (unitId: string, code = 'office-admin') =>
    (await ok(stack.graphql<{ unitCampaign: UnitState }>(UNIT_STATE, { u: unitId }, tok(code)))).unitCampaign;
  const progress = async (unitId: string) =>
    (await ok(stack.graphql<Units>(UNITS, {}, tok('office-admin')))).campaignUnits.nodes.find(
      (n) => n.unitId === unitId,
    )!;
  /** A unit's row of the read model, as the projection wrote it (live queries answer even for ended runs). */
  const projected = async (unitId: string) =>
    (
      (await stack.db.dataSource.query(`SELECT state FROM unit_campaign WHERE campaign_id = '2027' AND unit_id = $1`, [
        unitId,
      ])) as { state: { cancelled: boolean; closed: { reason: string } | null } }[]
    )[0]?.state;
  const act = (i: Record<string, unknown>) =>
    stack.graphql<{ campaignAction: { status: string; paused: boolean; pausedUnits: string[] } }>(
      ACT,
      { i: { ...i, idempotencyKey: `a${++seq}` } },
      tok('office-admin'),
    );
  const mobilise = async (unitId: string) => {
    for (const item of ['WORKING_BODY', 'IMPLEMENTATION_PLAN', 'MOBILISATION_MEETING']) {
      await ok(
        stack.graphql(
          `mutation($i: MobilisationRecordInput!) { recordMobilisation(input: $i) { unitId } }`,
          {
            i: {
              campaignId: '2027',
              unitId,
              idempotencyKey: `m${++seq}`,
              item,
              evidence: `${item} 已完成`,
              attendance: item === 'MOBILISATION_MEETING' ? 20 : null,
            },
          },
          tok(`${unitId}-0001`),
        ),
      );
    }
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    stack = new TestStack(env.address);
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 4, people: 48, seed: 21 }));
    await ok(
      stack.graphql(
        `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
        { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
        root,
      ),
    );
  });
  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it('issue 12.8 issue 12.11 R13 the notice length is a launch setting (at least 1); a 2027 campaign says at launch that 2027 has no holidays', async () => {
    const LAUNCH = `mutation($n: Int) { launchCampaign(input: { year: 2027, units: ["s001", "s002", "s003"], noticeWorkingDays: $n }) { status noticeWorkingDays missingHolidayYears } }`;
    const bad = await stack.graphql(LAUNCH, { n: 0 }, tok('office-admin'));
    expect(bad.errors?.[0]?.extensions?.fieldErrors).toEqual([
      {
        field: 'noticeWorkingDays',
        reason: 'must be a whole number of working days from 1 to 60',
        message: '须为 1 到 60 个工作日',
      },
    ]);
    const launched = await ok(stack.graphql<{ launchCampaign: unknown }>(LAUNCH, { n: 2 }, tok('office-admin')));
    expect(launched.launchCampaign).toEqual({ status: 'SCHEDULED', noticeWorkingDays: 2, missingHolidayYears: [2027] });
  });

  it('issue 12.11 R13 R22 the office publishes 2027’s holidays (validated, versioned, audited); the running campaign and its units take them', async () => {
    const PUBLISH = `mutation($i: HolidayYearInput!) { publishHolidayYear(input: $i) { year version holidays makeUpWorkdays publishedBy } }`;
    const invalid = await stack.graphql(
      PUBLISH,
      { i: { ...HOLIDAYS_2027, makeUpWorkdays: ['2027-04-26'] } },
      tok('office-admin'),
    );
    expect(invalid.errors?.[0]?.extensions?.fieldErrors).toEqual([
      {
        field: 'input.makeUpWorkdays[0]',
        reason: 'must fall on a Saturday or Sunday (2027-04-26 is a Monday)',
        message: '调休上班日须为周六或周日（2027-04-26 是周一）',
      },
    ]);
    expect((await stack.graphql(PUBLISH, { i: HOLIDAYS_2027 }, tok('s001-0001'))).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect(await stack.db.dataSource.query(`SELECT 1 FROM holiday_year`)).toEqual([]);

    const published = await ok(
      stack.graphql<{ publishHolidayYear: unknown }>(PUBLISH, { i: HOLIDAYS_2027 }, tok('office-admin')),
    );
    expect(published.publishHolidayYear).toEqual({ ...HOLIDAYS_2027, version: 1, publishedBy: 'office-admin' });
    // Publishing the same data again (a retry) makes no new version.
    expect(
      (
        await ok(
          stack.graphql<{ publishHolidayYear: { version: number } }>(
            PUBLISH,
            { i: HOLIDAYS_2027 },
            tok('office-admin'),
          ),
        )
      ).publishHolidayYear.version,
    ).toBe(1);
    const years = await ok(
      stack.graphql<{ holidayYears: { year: number; version: number }[] }>(
        `{ holidayYears { year version } }`,
        {},
        tok('s001-0012'),
      ),
    );
    expect(years.holidayYears).toEqual([
      { year: 2025, version: 0 },
      { year: 2026, version: 0 },
      { year: 2027, version: 1 },
    ]);
    const audit: { action: string; target: string }[] = await stack.db.dataSource.query(
      `SELECT action, target FROM audit_record WHERE action = 'HOLIDAYS_PUBLISH'`,
    );
    expect(audit).toEqual([{ action: 'HOLIDAYS_PUBLISH', target: 'holidays:2027:v1' }]);

    await until('the campaign to take 2027’s holidays', async () => {
      const c = await ok(
        stack.graphql<{ campaign: { missingHolidayYears: number[] } }>(
          `{ campaign(id: "2027") { missingHolidayYears } }`,
          {},
          tok('office-admin'),
        ),
      );
      return c.campaign.missingHolidayYears.length === 0;
    });
    await until(
      'unit s001 to take 2027’s holidays',
      async () => (await unitState('s001')).missingHolidayYears.length === 0,
    );
  });

  it('issue 12.10 R03–R05 a unit’s live state is one query: mobilisation records, phases with deadlines; scoped like its progress', async () => {
    await sleepTo('2027-04-16');
    await mobilise('s001');
    await mobilise('s003');
    const s = await unitState('s001');
    expect(s).toMatchObject({
      campaignId: '2027',
      unitId: 's001',
      source: 'LIVE',
      paused: false,
      screeningStage: 'FORMS',
      noticeOpensAt: null,
      noticeClosedEarly: null,
    });
    expect(s.mobilisation.map((m) => [m.item, m.by, m.attendance])).toEqual([
      ['WORKING_BODY', 's001-0001', null],
      ['IMPLEMENTATION_PLAN', 's001-0001', null],
      ['MOBILISATION_MEETING', 's001-0001', 20],
    ]);
    expect(s.phases.slice(0, 2).map((p) => [p.phase, p.status, p.deadline, p.rungs])).toEqual([
      ['MOBILISATION', 'COMPLETE', new Date(endOfDay('2027-04-30')).toISOString(), []],
      ['SCREENING', 'IN_PROGRESS', new Date(endOfDay('2027-06-10')).toISOString(), []],
    ]);
    // Issue 17: the progress rows come out of the repository in camelCase, every field filled.
    const row = (await until('the read model to show s001 mobilised', async () => {
      const r = await progress('s001');
      return r.phases[0]?.completedAt ? r : null;
    }))!;
    expect(row.unitName).toEqual(expect.any(String));
    expect(row.unitName).not.toBe('');
    expect(row.phases[0]!.openedAt).toEqual(expect.any(String));
    // The unit's own people and the discipline team read it; another unit's principal may not.
    expect((await unitState('s001', 's001-0012')).unitId).toBe('s001');
    expect((await unitState('s001', 'discipline-1')).unitId).toBe('s001');
    expect((await stack.graphql(UNIT_STATE, { u: 's001' }, tok('s002-0001'))).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await stack.graphql(UNIT_STATE, { u: 's009' }, tok('office-admin'))).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
  });

  it('issue 12.11 R13 a notice opened after the publication counts 2027’s holidays: 2 working days from Thu 29 April end on Thu 6 May', async () => {
    await sleepTo('2027-04-29');
    const district = new TestDistrict(stack.db.dataSource, '2027');
    const people: { code: string }[] = await stack.db.dataSource.query(
      `SELECT code FROM person WHERE unit_id = 's001' AND post_id IS NOT NULL ORDER BY code`,
    );
    for (const p of people) await district.completeForm(p.code);
    await stack.db.dataSource.query(
      `UPDATE risk_form SET status = 'APPROVED' WHERE campaign_id = '2027' AND unit_id = 's001'`,
    );
    await env.client.workflow.getHandle(unitWorkflowId('2027', 's001')).signal(formsChangedSignal);
    const s = await until('the notice to open', async () => {
      const x = await unitState('s001');
      return x.screeningStage === 'PUBLIC_NOTICE' && x;
    });
    expect(s.noticeOpensAt! >= '2027-04-29').toBe(true);
    // Plain Monday–Friday would close it at the end of Monday 3 May.
    expect(s.noticeClosesAt).toBe(new Date(endOfDay('2027-05-06')).toISOString());
    // The public sees when it closes, from the read model, which follows the workflow's state.
    const notice = await until('the public notice in the read model', async () => {
      const res = await stack.graphql<{ publicNotice: { closesAt: string } }>(
        `{ publicNotice(campaignId: "2027", unitId: "s001") { closesAt } }`,
      );
      return res.data?.publicNotice;
    });
    expect(notice.closesAt).toBe(s.noticeClosesAt);
  });

  it('issue 12.8 R13 the office closes a unit’s notice early with a reason, recorded and audited; the closing time shows', async () => {
    await sleepTo('2027-05-04');
    const CLOSE = `mutation($i: CloseNoticeInput!) { closeUnitNotice(input: $i) { screeningStage noticeClosesAt noticeClosedEarly { by reason at } } }`;
    const input = (reason: string) => ({ campaignId: '2027', unitId: 's001', reason, idempotencyKey: `n${++seq}` });
    expect(
      (await stack.graphql(CLOSE, { i: input('公示无异议') }, tok('s001-0001'))).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const blank = await stack.graphql(CLOSE, { i: input(' ') }, tok('office-admin'));
    expect(blank.errors?.[0]?.extensions?.fieldErrors).toEqual([
      {
        field: 'reason',
        reason: 'must be 1 to 2000 characters: closing early is recorded with why',
        message: '请填写提前结束公示的理由，不超过 2000 个字',
      },
    ]);
    const now = await env.currentTimeMs();
    const closed = await ok(
      stack.graphql<{
        closeUnitNotice: {
          screeningStage: string;
          noticeClosesAt: string;
          noticeClosedEarly: { by: string; reason: string; at: string };
        };
      }>(CLOSE, { i: input('公示期内无异议，提前结束') }, tok('office-admin')),
    );
    expect(closed.closeUnitNotice).toMatchObject({
      screeningStage: 'AWAITING_CONFIRMATION',
      noticeClosedEarly: { by: 'office-admin', reason: '公示期内无异议，提前结束' },
    });
    expect(Date.parse(closed.closeUnitNotice.noticeClosesAt)).toBeGreaterThanOrEqual(now);
    expect(Date.parse(closed.closeUnitNotice.noticeClosesAt)).toBeLessThan(endOfDay('2027-05-04'));
    expect((await stack.graphql(CLOSE, { i: input('again') }, tok('office-admin'))).errors?.[0]?.extensions?.code).toBe(
      'CONFLICT',
    );
    await until('the closing to be audited', async () => {
      const rows: { actor: string; target: string }[] = await stack.db.dataSource.query(
        `SELECT actor, target FROM audit_record WHERE chain = '2027' AND action = 'NOTICE_CLOSED_EARLY'`,
      );
      return rows.length === 1 && rows[0]!.actor === 'office-admin' && rows[0]!.target === 'unit:s001';
    });
    // The principal may confirm at once.
    const CONFIRM = `mutation { confirmRiskArchive(input: { campaignId: "2027", unitId: "s001", idempotencyKey: "c1" }) { screeningStage } }`;
    expect(
      (await ok(stack.graphql<{ confirmRiskArchive: { screeningStage: string } }>(CONFIRM, {}, tok('s001-0001'))))
        .confirmRiskArchive.screeningStage,
    ).toBe('ARCHIVED');
  });

  it('issue 12.6 R22 EXTEND moves the read model too: the new deadline, no rung, not overdue — through a gateway restart', async () => {
    // s002 never mobilised: every rung of its mobilisation deadline (30 April) has fired by 20 May.
    await sleepTo('2027-05-20');
    const lagging = await until('s002’s redo order in the read model', async () => {
      const p = (await progress('s002')).phases[0]!;
      return p.rung === 'REDO_ORDER' && p;
    });
    expect(lagging.rungs).toEqual(['REMINDER', 'OVERDUE', 'ESCALATED', 'REDO_ORDER']);
    const overdue = async () =>
      (
        await ok(
          stack.graphql<{ campaignPhaseSummary: { phase: string; overdue: number }[] }>(
            SUMMARY,
            {},
            tok('office-admin'),
          ),
        )
      ).campaignPhaseSummary[0]!;
    expect(await overdue()).toMatchObject({ phase: 'MOBILISATION', overdue: 1 });

    await ok(
      act({
        kind: 'EXTEND',
        reason: '校长调整，延期动员',
        unitId: 's002',
        phase: 'MOBILISATION',
        endsOn: '2027-06-30',
      }),
    );
    const newDeadline = new Date(endOfDay('2027-06-30')).toISOString();
    await until('the read model to take the extension', async () => {
      const p = (await progress('s002')).phases[0]!;
      return p.deadline === newDeadline && p.rung === null;
    });
    expect((await overdue()).overdue).toBe(0);
    await stack.restartGateway();
    expect((await progress('s002')).phases[0]).toMatchObject({
      status: 'IN_PROGRESS',
      deadline: newDeadline,
      rung: null,
      rungs: [],
    });
    expect(await overdue()).toMatchObject({ phase: 'MOBILISATION', inProgress: 1, overdue: 0 });
    expect((await unitState('s002')).phases[0]).toMatchObject({ deadline: newDeadline, rungs: [] });
  });

  it('issue 12.7 R22 PAUSE and RESUME with a unit act on that unit alone; CANCEL with a unit cancels only it', async () => {
    const paused = await ok(act({ kind: 'PAUSE', reason: '学校施工', unitId: 's003' }));
    expect(paused.campaignAction).toEqual({ status: 'RUNNING', paused: false, pausedUnits: ['s003'] });
    await until('s003 to pause', async () => (await unitState('s003')).paused);
    expect((await unitState('s001')).paused).toBe(false);
    expect((await unitState('s002')).paused).toBe(false);
    // issue 12.6: the pause reaches the read model.
    await until('the read model to show s003 paused', async () => (await progress('s003')).paused);
    expect((await progress('s001')).paused).toBe(false);
    const twice = await act({ kind: 'PAUSE', reason: 'x', unitId: 's003' });
    expect(twice.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'kind', reason: 'unit s003 is already paused', message: '该单位已经暂停' },
    ]);
    expect((await act({ kind: 'RESUME', reason: 'x', unitId: 's001' })).errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'kind', reason: 'unit s001 is not paused', message: '该单位没有暂停' },
    ]);

    // RESUME with a unit resumes that unit alone, even while another is paused.
    await ok(act({ kind: 'PAUSE', reason: '迎检', unitId: 's002' }));
    const resumed = await ok(act({ kind: 'RESUME', reason: '施工结束', unitId: 's003' }));
    expect(resumed.campaignAction).toEqual({ status: 'RUNNING', paused: false, pausedUnits: ['s002'] });
    await until('s003 to resume', async () => !(await unitState('s003')).paused);
    await until('the read model to show s003 resumed', async () => !(await progress('s003')).paused);
    expect([(await unitState('s002')).paused, (await progress('s002')).paused]).toEqual([true, true]);
    await ok(act({ kind: 'RESUME', reason: '迎检结束', unitId: 's002' }));
    await until('the read model to show s002 resumed', async () => !(await progress('s002')).paused);

    // issue 12.6: without a unit, PAUSE and RESUME act on every unit, and the read model follows.
    await ok(act({ kind: 'PAUSE', reason: '全区暂停' }));
    await until('the read model to show every unit paused', async () =>
      (await Promise.all(['s001', 's002', 's003'].map(progress))).every((u) => u.paused),
    );
    await ok(act({ kind: 'RESUME', reason: '全区恢复' }));
    await until('the read model to show every unit resumed', async () =>
      (await Promise.all(['s001', 's002', 's003'].map(progress))).every((u) => !u.paused),
    );

    const cancelled = await ok(act({ kind: 'CANCEL', reason: '学校撤并', unitId: 's003' }));
    expect(cancelled.campaignAction.status).toBe('RUNNING');
    await until('s003 to finish cancelled', async () => {
      const c = await ok(
        stack.graphql<{ campaign: { runningUnits: number } }>(
          `{ campaign(id: "2027") { runningUnits } }`,
          {},
          tok('office-admin'),
        ),
      );
      return c.campaign.runningUnits === 2;
    });
    // issue 12.6: the unit's state says so, live and in the read model.
    expect((await unitState('s003')).cancelled).toBe(true);
    await until('the read model to show s003 cancelled', async () => (await projected('s003'))?.cancelled);
    expect((await unitState('s001')).cancelled).toBe(false);
  });

  it('R22 a control on a campaign that was never launched is NOT_FOUND, not an internal error', async () => {
    const res = await stack.graphql(
      ACT.replace('"2027"', '"2099"'),
      { i: { kind: 'PAUSE', reason: 'x', idempotencyKey: `a${++seq}` } },
      tok('office-admin'),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('issue 12.6 R22 CLOSE_UNIT and ADD_UNIT reach the read model', async () => {
    await ok(act({ kind: 'CLOSE_UNIT', reason: '学校撤并', unitId: 's002' }));
    await until(
      'the read model to show s002 closed',
      async () => (await projected('s002'))?.closed?.reason === '学校撤并',
    );
    expect((await unitState('s002')).closedReason).toBe('学校撤并');
    await ok(act({ kind: 'ADD_UNIT', reason: '局机关参加', unitId: 'bureau' }));
    const added = await until('the read model to list the bureau', async () =>
      (await ok(stack.graphql<Units>(UNITS, {}, tok('office-admin')))).campaignUnits.nodes.find(
        (n) => n.unitId === 'bureau',
      ),
    );
    expect(added.phases.length).toBe(5);
    expect((await unitState('bureau')).cancelled).toBe(false);
  });
});
