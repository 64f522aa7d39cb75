import type { WorkflowHandle } from '@temporalio/client';
import { CHINA_HOLIDAYS, DEFAULT_LADDER, defaultCalendar, startOfDay, type Phase } from '@pirm/domain';
import {
  CAMPAIGN_WORKFLOW_TYPE,
  SEARCH_ATTRIBUTES,
  adminActionUpdate,
  campaignWorkflowId,
  completePhaseUpdate,
  confirmArchiveUpdate,
  domainErrorFromFailure,
  formsChangedSignal,
  recordMobilisationUpdate,
  unitCampaignStateQuery,
  unitWorkflowId,
  type AdminAction,
  type CampaignWorkflow,
  type UnitCampaignState,
} from '@pirm/contracts';
import { EscalationEntity, UnitPhaseProgressEntity } from '@pirm/persistence';
import { recordHistories } from '../../support/histories';
import { useWorkflowStack } from '../../support/workflow-stack';
import { until } from '../../support/wait';

const HOUR = 3_600_000;

describe('the brief: the whole default calendar (15 April → 30 November) with per-unit escalation, on the time-skipping server', () => {
  // This file's own: its workflows run on a time-skipping server of its own, through 2027's dates.
  const year = 2027;
  const campaignId = String(year);
  const stack = useWorkflowStack({
    name: 'units',
    district: { campaignId, size: { units: 5, people: 60, seed: 9 } },
    // No workflow cache: every workflow task rebuilds its state from history, as after a worker restart, so each
    // rung below is proven to fire once even when the worker that armed it is gone.
    maxCachedWorkflows: 0,
    record: async (client, dir) => {
      await recordHistories(client, [campaignWorkflowId(campaignId)], dir, 'campaign-with-units');
      const units = ['s001', 's002', 's003', 's004'].map((u) => unitWorkflowId(campaignId, u));
      await recordHistories(client, units, dir, 'unit-campaign');
    },
  });
  const { taskQueue } = stack;
  let campaign: WorkflowHandle<CampaignWorkflow>;
  let seq = 0;

  const sleepTo = async (date: string, hours = 9) => {
    const wait = startOfDay(date) + hours * HOUR - (await stack.env.currentTimeMs());
    if (wait > 0) await stack.env.sleep(wait);
  };
  const unit = (unitId: string) => stack.env.client.workflow.getHandle(unitWorkflowId(campaignId, unitId));
  const state = (unitId: string): Promise<UnitCampaignState> => unit(unitId).query(unitCampaignStateQuery);
  /** A unit's state once `check` holds: signals and activities complete asynchronously. */
  const reaches = (
    unitId: string,
    what: string,
    check: (s: UnitCampaignState) => boolean,
  ): Promise<UnitCampaignState> =>
    until(`unit ${unitId} ${what}`, async () => {
      const s = await state(unitId);
      return check(s) && s;
    });
  const phase = async (unitId: string, p: Phase) => (await state(unitId)).phases.find((x) => x.phase === p)!;
  const act = (a: Omit<AdminAction, 'key' | 'by'>) =>
    campaign.executeUpdate(adminActionUpdate, {
      args: [{ ...a, key: `a${++seq}`, by: 'office-admin' }],
      updateId: `a${seq}`,
    });
  const mobilise = async (unitId: string) => {
    for (const item of ['WORKING_BODY', 'IMPLEMENTATION_PLAN', 'MOBILISATION_MEETING'] as const) {
      await unit(unitId).executeUpdate(recordMobilisationUpdate, {
        args: [
          {
            key: `m${++seq}`,
            item,
            evidence: `${item} 已完成`,
            attendance: item === 'MOBILISATION_MEETING' ? 40 : null,
            by: 'principal',
          },
        ],
        updateId: `m${seq}`,
      });
    }
  };
  /** Every person of the unit files a form and it is approved (the chain itself is tested in form-review tests). */
  const approveAllForms = async (unitId: string) => {
    const people: { code: string }[] = await stack.db.dataSource.query(
      `SELECT code FROM person WHERE unit_id = $1 AND post_id IS NOT NULL ORDER BY code`,
      [unitId],
    );
    for (const p of people) await stack.district.completeForm(p.code);
    await stack.db.dataSource.query(
      `UPDATE risk_form SET status = 'APPROVED' WHERE campaign_id = $1 AND unit_id = $2`,
      [campaignId, unitId],
    );
    await unit(unitId).signal(formsChangedSignal);
  };
  const confirm = (unitId: string) =>
    unit(unitId).executeUpdate(confirmArchiveUpdate, {
      args: [{ key: `c${++seq}`, by: 'principal' }],
      updateId: `c${seq}`,
    });
  const complete = (unitId: string, p: Phase) =>
    unit(unitId).executeUpdate(completePhaseUpdate, {
      args: [{ key: `p${++seq}`, phase: p, evidence: `${p} 已完成`, by: 'principal' }],
      updateId: `p${seq}`,
    });
  const rungs = async (unitId: string, p: Phase) =>
    (
      await stack.db.dataSource
        .getRepository(EscalationEntity)
        .find({ where: { unitId, phase: p }, order: { firedAt: 'ASC' } })
    ).map((e) => e.rung);

  it('runs the whole calendar: on time (s001), missing screening (s002), extended (s003), paused across a deadline, added mid-campaign (s004)', async () => {
    campaign = await stack.env.client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
      workflowId: campaignWorkflowId(campaignId),
      taskQueue,
      args: [
        {
          campaignId,
          year,
          calendar: defaultCalendar(year),
          rulesVersion: 1,
          launchedBy: 'office-admin',
          units: ['s001', 's002', 's003'],
          ladder: DEFAULT_LADDER,
          holidays: [...CHINA_HOLIDAYS],
          noticeWorkingDays: 5,
        },
      ],
    });

    // R03–R05: mobilisation opens on 15 April; its three records complete it and open screening at once.
    await sleepTo(`${year}-04-16`);
    expect((await phase('s001', 'MOBILISATION')).status).toBe('IN_PROGRESS');
    for (const u of ['s001', 's002', 's003']) await mobilise(u);
    expect(await phase('s001', 'MOBILISATION')).toMatchObject({ status: 'COMPLETE' });
    expect(await phase('s001', 'SCREENING')).toMatchObject({ status: 'IN_PROGRESS' });
    const early = await unit('s001')
      .executeUpdate(confirmArchiveUpdate, { args: [{ key: 'early', by: 'p' }], updateId: 'early' })
      .catch((e: unknown) => e);
    expect(domainErrorFromFailure(early)?.code).toBe('CONFLICT');

    // s001: all forms approved → public notice for 5 working days → the principal confirms → archive (R13).
    await approveAllForms('s001');
    expect(
      (await reaches('s001', 'to leave the forms stage', (s) => s.screening.stage !== 'FORMS')).screening,
    ).toMatchObject({
      stage: 'PUBLIC_NOTICE',
      approved: 12,
      staff: 12,
    });
    await sleepTo(`${year}-05-20`);
    expect((await state('s001')).screening.stage).toBe('AWAITING_CONFIRMATION');
    const confirmed = await confirm('s001');
    expect(confirmed.screening).toMatchObject({ stage: 'ARCHIVED', archiveVersion: 1 });
    expect(confirmed.phases.find((p) => p.phase === 'SCREENING')!.status).toBe('COMPLETE');

    // s003: the office extends its screening deadline before it passes; it completes late but within the extension.
    await act({ kind: 'EXTEND', reason: '学校迁址', unitId: 's003', phase: 'SCREENING', endsOn: `${year}-07-10` });
    await sleepTo(`${year}-06-20`);
    await approveAllForms('s003');
    await reaches('s003', 'to open its public notice', (s) => s.screening.stage === 'PUBLIC_NOTICE');
    await sleepTo(`${year}-06-30`);
    await confirm('s003');

    // s002 never finishes screening: every rung fires exactly once (reminder, overdue, escalated + circular, redo order).
    await sleepTo(`${year}-06-25`);
    await reaches('s002', 'to fire all four screening rungs', (s) => s.phases[1]!.rungs.length === 4); // the read model is written right after
    expect(await rungs('s002', 'SCREENING')).toEqual(['REMINDER', 'OVERDUE', 'ESCALATED', 'REDO_ORDER']);
    expect(await rungs('s003', 'SCREENING')).toEqual([]);
    expect(await rungs('s001', 'SCREENING')).toEqual([]);
    expect(
      (
        await stack.db.dataSource
          .getRepository(UnitPhaseProgressEntity)
          .findOneByOrFail({ campaignId, unitId: 's002', phase: 'SCREENING' })
      ).rung,
    ).toBe('REDO_ORDER');

    // A unit added mid-campaign starts at the current phase.
    await sleepTo(`${year}-07-01`);
    await act({ kind: 'ADD_UNIT', reason: '新建学校', unitId: 's004' });
    const added = await reaches('s004', 'to start execution', (s) => s.phases[2]!.status !== 'NOT_STARTED');
    expect(added.phases.map((p) => [p.phase, p.status])).toEqual([
      ['MOBILISATION', 'CLOSED'],
      ['SCREENING', 'CLOSED'],
      ['EXECUTION', 'IN_PROGRESS'],
      ['EVALUATION', 'NOT_STARTED'],
      ['CORRECTION', 'NOT_STARTED'],
    ]);

    // A pause across the execution deadline (15 August) holds the timers: no rung fires, the deadline moves.
    await sleepTo(`${year}-08-01`);
    const before = (await phase('s001', 'EXECUTION')).deadline;
    await act({ kind: 'PAUSE', reason: '暑期暂停' });
    await sleepTo(`${year}-08-25`);
    expect(await rungs('s001', 'EXECUTION')).toEqual([]);
    await act({ kind: 'RESUME', reason: '恢复' });
    expect((await phase('s001', 'EXECUTION')).deadline).toBeGreaterThan(before + 20 * 24 * HOUR);
    for (const u of ['s001', 's003', 's004']) await complete(u, 'EXECUTION');
    expect(await rungs('s001', 'EXECUTION')).toEqual([]);

    // The office closes the lagging unit with a reason; the others finish the last phases.
    await act({ kind: 'CLOSE_UNIT', reason: '已责令整改，转入专项督办', unitId: 's002' });
    await sleepTo(`${year}-08-26`);
    for (const u of ['s001', 's003', 's004']) await complete(u, 'EVALUATION');
    await sleepTo(`${year}-09-16`);
    for (const u of ['s001', 's003', 's004']) await complete(u, 'CORRECTION');

    const searchable = await stack.env.client.workflow.getHandle(unitWorkflowId(campaignId, 's001')).describe();
    expect(searchable.typedSearchAttributes.get(SEARCH_ATTRIBUTES.phase)).toBe('CORRECTION');

    const result = await campaign.result();
    expect(result.status).toBe('COMPLETED');
    expect(result.units).toEqual({ s001: 'COMPLETE', s002: 'CLOSED', s003: 'COMPLETE', s004: 'COMPLETE' });
    expect(result.actions.map((a) => [a.kind, a.by, a.reason])).toEqual([
      ['EXTEND', 'office-admin', '学校迁址'],
      ['ADD_UNIT', 'office-admin', '新建学校'],
      ['PAUSE', 'office-admin', '暑期暂停'],
      ['RESUME', 'office-admin', '恢复'],
      ['CLOSE_UNIT', 'office-admin', '已责令整改，转入专项督办'],
    ]);
    expect(await stack.env.currentTimeMs()).toBeGreaterThanOrEqual(startOfDay(`${year}-12-01`));
  });

  it('rejects office actions that name no reason or a unit outside the campaign, recording nothing', async () => {
    const other = await stack.env.client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
      workflowId: campaignWorkflowId('2031'),
      taskQueue,
      args: [
        {
          campaignId: '2031',
          year: 2031,
          calendar: defaultCalendar(2031),
          rulesVersion: 1,
          launchedBy: 'office-admin',
          units: [],
        },
      ],
    });
    const err = await other
      .executeUpdate(adminActionUpdate, {
        args: [{ key: 'bad', kind: 'CLOSE_UNIT', by: 'office-admin', reason: ' ', unitId: 's999' }],
        updateId: 'bad',
      })
      .catch((e: unknown) => e);
    expect(domainErrorFromFailure(err)?.fieldErrors).toEqual([
      {
        field: 'reason',
        reason: 'is required: every action is recorded with why',
        message: '请填写理由，每项操作都会记录原因',
      },
      { field: 'unitId', reason: 'unit s999 is not in this campaign', message: '该单位不在本次活动中' },
    ]);
    await other.terminate('test over');
  });
});
