import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import {
  CHINA_HOLIDAYS,
  DEFAULT_LADDER,
  DISPOSAL_FOLLOW_UP_LABELS,
  DISPOSAL_MEASURE_LABELS,
  PHASE_LABELS,
  ROLE_LABELS,
  RUNGS,
  RUNG_LABELS,
  dateOf,
  defaultCalendar,
  followUpDays,
  mayNudge,
  startOfDay,
  type NotificationKind,
} from '@pirm/domain';
import {
  CAMPAIGN_WORKFLOW_TYPE,
  DISPOSAL_WORKFLOW_TYPE,
  FORM_REVIEW_WORKFLOW_TYPE,
  campaignWorkflowId,
  complaintStateQuery,
  concludeComplaintUpdate,
  decideUpdate,
  disposalStateQuery,
  disposalWorkflowId,
  formReviewInput,
  formReviewStateQuery,
  formReviewWorkflowId,
  formsChangedSignal,
  recordMobilisationUpdate,
  submitFormUpdate,
  triageComplaintUpdate,
  unitCampaignStateQuery,
  unitWorkflowId,
  type CampaignWorkflow,
  type ComplaintWorkflow,
  type DecideArgs,
  type DisposalWorkflow,
  type FormReviewWorkflow,
  type UnitCampaignState,
} from '@pirm/contracts';
import { findReviewChain, recordNudge, saveComplaintContact, saveRobot } from '@pirm/persistence';
import { useWorkflowStack } from '../../support/workflow-stack';
import { approval, registerComplaint } from '../../support/workflow-inputs';
import { until } from '../../support/wait';
import type { RiskFormView } from '../../../apps/gateway/src/forms/forms.service';

const HOUR = 3_600_000;
/**
 * The campaign's year: next year, so that its calendar lies ahead. This file's workflows run on a time-skipping
 * server of its own (no other file shares their ids), which does not skip timers decades ahead.
 */
const YEAR = new Date().getUTCFullYear() + 1;

/** An outbox row as the relay reads it. */
interface Delivery {
  id: string;
  source: string;
  personId: string | null;
  channel: string;
  address: string | null;
  kind: NotificationKind;
  message: string;
  path: string | null;
  status: string;
}

/**
 * Issue 18, "what gets sent": each event, produced by its real workflow on a real Temporal server
 * (time-skipping) over a real PostgreSQL, leaves the outbox rows (`notification_delivery`) the relay sends,
 * to the right people with the right content. Everyone on the roster has an e-mail address, so each person
 * told gets one EMAIL delivery; the unit groups have a 企业微信 robot.
 */
describe('issue 18 what gets sent: real events write their outbox rows', () => {
  const stack = useWorkflowStack({ name: 'events', district: { campaignId: String(YEAR) } });
  const { taskQueue } = stack;
  let keySeq = 0;

  beforeAll(async () => {
    await stack.db.dataSource.query(`UPDATE person SET email = code || '@school.cn'`);
    const office = await stack.district.personId('office-admin');
    for (const unitId of ['s001', 's002'])
      await saveRobot(
        stack.db.dataSource,
        { unitId, departmentCode: null, kind: 'WECOM', url: `http://127.0.0.1:9/wecom?key=${unitId}`, secret: null },
        office,
      );
  });

  const ds = () => stack.db.dataSource;
  const sortById = (rows: Delivery[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  /** The outbox rows whose id starts with `prefix`. */
  const outbox = async (prefix: string): Promise<Delivery[]> =>
    sortById(
      await ds().query(
        `SELECT id, source, person_id AS "personId", channel, address, kind, message, path, status
         FROM notification_delivery WHERE starts_with(id, $1)`,
        [prefix],
      ),
    );
  /** The outbox rows of `prefix` once there are at least `n` (the event's activity may still be running). */
  const outboxOf = (prefix: string, n: number) =>
    until(
      `${n} outbox rows ${prefix}…`,
      async () => {
        const rows = await outbox(prefix);
        return rows.length >= n && rows;
      },
      15_000,
    );
  const emailOf = async (personId: string): Promise<string> =>
    ((await ds().query(`SELECT email FROM person WHERE id = $1`, [personId])) as { email: string }[])[0]!.email;
  /** One EMAIL delivery per person for the event keyed `key`, as `addNotifications` plans it. */
  const mails = async (
    key: string,
    personIds: readonly string[],
    kind: NotificationKind,
    message: string,
    path: string,
  ): Promise<Delivery[]> =>
    sortById(
      await Promise.all(
        [...new Set(personIds)].map(async (p) => ({
          id: `${key}:${p}:EMAIL`,
          source: `${key}:${p}`,
          personId: p,
          channel: 'EMAIL',
          address: await emailOf(p),
          kind,
          message,
          path,
          status: 'PENDING',
        })),
      ),
    );
  /** The delivery to a unit's own group robot. */
  const groupPost = (key: string, unitId: string, kind: NotificationKind, message: string, path: string) => ({
    id: `${key}:group:WECOM`,
    source: key,
    personId: null,
    channel: 'WECOM',
    address: unitId,
    kind,
    message,
    path,
    status: 'PENDING',
  });
  const ids = (codes: string[]) => Promise.all(codes.map((c) => stack.district.personId(c)));
  /** Rows of `table` that `where` selects, its `$1`, `$2`… bound to `params`. */
  type Rows = { table: string; where: string; params: unknown[] };
  /** How many transactions wrote the rows of each part: 1 is one commit. Each part must select something. */
  const commits = async (...parts: Rows[]): Promise<number> => {
    const xids = new Set<string>();
    for (const { table, where, params } of parts) {
      const rows = (await ds().query(`SELECT xmin::text AS x FROM ${table} WHERE ${where}`, params)) as { x: string }[];
      if (!rows.length) throw new Error(`no rows in ${table} where ${where} (${params.join(', ')})`);
      for (const r of rows) xids.add(r.x);
    }
    return xids.size;
  };
  /** An event's notifications: the console's rows and their outbox rows, whose ids start with `prefix`. */
  const noticeRows = (prefix: string): Rows[] =>
    ['notification', 'notification_delivery'].map((table) => ({
      table,
      where: 'starts_with(id, $1)',
      params: [prefix],
    }));
  const inbox = (taskId: string) => `/inbox?task=${encodeURIComponent(taskId)}`;

  // ---- the review chain (R09) ----

  async function submit(form: RiskFormView): Promise<WorkflowHandle<FormReviewWorkflow>> {
    const input = formReviewInput(form, (await findReviewChain(ds(), form.formType))!, CHINA_HOLIDAYS);
    const handle = await stack.env.client.workflow.start<FormReviewWorkflow>(FORM_REVIEW_WORKFLOW_TYPE, {
      workflowId: formReviewWorkflowId(form.campaignId, form.personId),
      taskQueue,
      args: [input],
    });
    const key = `submit:${form.id}:1`;
    await handle.executeUpdate(submitFormUpdate, {
      args: [{ key, submittedBy: form.personId, revision: 1, formVersion: form.version }],
      updateId: key,
    });
    return handle;
  }

  async function decide(
    handle: WorkflowHandle<FormReviewWorkflow>,
    reviewerId: string,
    over: Partial<DecideArgs> = {},
  ) {
    const state = await handle.query(formReviewStateQuery);
    const key = `k${++keySeq}`;
    const at = { key, step: state.currentStep!, revision: state.revision, reviewerId, formVersion: state.formVersion };
    return handle.executeUpdate(decideUpdate, { args: [approval(at, over)], updateId: key });
  }

  it("R09 issue 18: a submission queues the first step's task to its reviewer (TASK, deadline, link to the task), nobody else", async () => {
    const form = await stack.district.completeForm('s002-0020');
    const handle = await submit(form);
    const step = (await handle.query(formReviewStateQuery)).steps[0]!;
    const taskId = `${form.id}:1:0`;
    expect(step.assignees).toEqual(
      await ids(await stack.district.holders('DEPARTMENT_HEAD', 's002', form.departmentId)),
    );
    const message = `新的审查任务：${ROLE_LABELS[step.role]}，请于 ${dateOf(step.dueAt! - 1)} 前完成`;
    expect(await outboxOf(`task:${taskId}:`, step.assignees.length)).toEqual(
      await mails(`task:${taskId}`, step.assignees, 'TASK', message, inbox(taskId)),
    );
    // The owner is not told of the reviewer's task.
    expect((await outbox(`task:${taskId}:`)).some((d) => d.personId === form.personId)).toBe(false);
    // Written in the commit that opened the task.
    expect(
      await commits({ table: 'review_task', where: 'id = $1', params: [taskId] }, ...noticeRows(`task:${taskId}:`)),
    ).toBe(1);
  });

  it("R09 issue 18: before a step's deadline its reviewers are reminded; at the deadline the escalation goes to the next level up and to them", async () => {
    const form = await stack.district.completeForm('s002-0021');
    const handle = await submit(form);
    const step = (await handle.query(formReviewStateQuery)).steps[0]!;
    const taskId = `${form.id}:1:0`;
    await stack.env.sleep(step.remindAt! - (await stack.env.currentTimeMs()) + 60_000);
    const remind = `remind:${taskId}:${step.dueAt}`;
    expect(await outboxOf(`${remind}:`, step.assignees.length)).toEqual(
      await mails(remind, step.assignees, 'REMINDER', `审查任务将于 ${dateOf(step.dueAt! - 1)} 到期`, inbox(taskId)),
    );

    await stack.env.sleep(step.dueAt! - (await stack.env.currentTimeMs()) + 60_000);
    const leadingGroup = await ids(await stack.district.holders('UNIT_LEADING_GROUP', 's002'));
    const escalated = await until('the step escalated', async () => {
      const s = (await handle.query(formReviewStateQuery)).steps[0]!;
      return s.escalated && s;
    });
    expect([...escalated.escalatedTo].sort()).toEqual([...leadingGroup].sort());
    const people = [...escalated.escalatedTo, ...step.assignees];
    const escalate = `escalate:${taskId}:${step.dueAt}`;
    expect(await outboxOf(`${escalate}:`, people.length)).toEqual(
      await mails(
        escalate,
        people,
        'ESCALATION',
        `审查任务已逾期，已升级至${ROLE_LABELS.UNIT_LEADING_GROUP}`,
        inbox(taskId),
      ),
    );
    // Written in the commit that gave the task to the next level up.
    expect(
      await commits({ table: 'review_task', where: 'id = $1', params: [taskId] }, ...noticeRows(`${escalate}:`)),
    ).toBe(1);
  });

  it("R09 issue 18: a return tells the form's owner with the reviewer's opinion; the decision before it queued the next step's task", async () => {
    const form = await stack.district.completeForm('s002-0022');
    const handle = await submit(form);
    const [head] = (await handle.query(formReviewStateQuery)).steps[0]!.assignees;
    await decide(handle, head!);
    const next = (await handle.query(formReviewStateQuery)).steps[1]!;
    const nextTask = `${form.id}:1:1`;
    expect(await outboxOf(`task:${nextTask}:`, next.assignees.length)).toEqual(
      await mails(
        `task:${nextTask}`,
        next.assignees,
        'TASK',
        `新的审查任务：${ROLE_LABELS[next.role]}，请于 ${dateOf(next.dueAt! - 1)} 前完成`,
        inbox(nextTask),
      ),
    );

    const opinion = '风险点查找不全，请补充班主任工作中的风险';
    await decide(handle, next.assignees[0]!, { decision: 'RETURN', opinion });
    const returned = `returned:${nextTask}`;
    expect(await outboxOf(`${returned}:`, 1)).toEqual(
      await mails(returned, [form.personId], 'RETURNED', `您的表被退回修改：${opinion}`, '/my-form'),
    );
  });

  it("R09 issue 18: the last step's approval tells the form's owner", async () => {
    const form = await stack.district.completeForm('s002-0023');
    const handle = await submit(form);
    for (let i = 0; i < 3; i++) {
      const s = await handle.query(formReviewStateQuery);
      await decide(handle, s.steps[s.currentStep!]!.assignees[0]!);
    }
    expect((await handle.query(formReviewStateQuery)).status).toBe('APPROVED');
    const approved = `approved:${form.id}:1`;
    expect(await outboxOf(`${approved}:`, 1)).toEqual(
      await mails(approved, [form.personId], 'APPROVED', '您的廉政风险识别和防控表已审核通过', '/my-form'),
    );
  });

  it('R09 issue 18: 催办 reaches the reviewers the overdue step was escalated to as well as its assignees', async () => {
    const form = await stack.district.completeForm('s002-0030');
    const handle = await submit(form);
    const step = (await handle.query(formReviewStateQuery)).steps[0]!;
    await stack.env.sleep(step.dueAt! - (await stack.env.currentTimeMs()) + 60_000);
    const escalated = await until('the step escalated', async () => {
      const s = (await handle.query(formReviewStateQuery)).steps[0]!;
      return s.escalated && s.escalatedTo.length > 0 && s;
    });
    const taskId = `${form.id}:1:0`;
    const owner = await stack.district.principal('s002-0030');
    const done = await recordNudge(ds(), taskId, { personId: owner.personId, name: owner.name }, (facts) => {
      if (!mayNudge(owner.roles, owner.personId, facts)) throw new Error('the owner may nudge');
    });
    expect(done?.count).toBe(1);
    const reviewers = [...escalated.assignees, ...escalated.escalatedTo];
    const rows = await outboxOf(`${taskId}:nudge:1:`, reviewers.length);
    expect(rows.map((r) => r.personId).sort()).toEqual([...reviewers].sort());
    expect(rows.every((r) => r.kind === 'NUDGE' && r.path === inbox(taskId) && r.channel === 'EMAIL')).toBe(true);
    expect(rows[0]!.message).toContain(owner.name);
  });

  // ---- disposal (R17) and complaints (R16) ----

  it('R17 issue 18: a disposal measure is queued to the person concerned with its follow-up deadline date, to nobody else', async () => {
    const person = await stack.district.personId('s001-0030');
    const office = await stack.district.personId('office-admin');
    const caseId = randomUUID();
    const problem = '违规征订教辅材料';
    const handle = await stack.env.client.workflow.start<DisposalWorkflow>(DISPOSAL_WORKFLOW_TYPE, {
      workflowId: disposalWorkflowId(caseId),
      taskQueue,
      args: [
        {
          caseId,
          campaignId: stack.district.campaignId,
          unitId: 's001',
          personId: person,
          problem,
          source: 'INSPECTION',
          sourceRef: null,
          firstMeasure: 'ADMONITION',
          followUpWorkingDays: followUpDays(15),
          holidays: [...CHINA_HOLIDAYS],
          openedBy: office,
        },
      ],
    });
    const [step] = (
      await until('the case opened', async () => {
        const s = await handle.query(disposalStateQuery);
        return s.steps.length === 1 && s;
      })
    ).steps;
    const deadline = dateOf(step!.dueAt - 1);
    const key = `disposal:${caseId}:1`;
    expect(await outboxOf(`${key}:`, 1)).toEqual(
      await mails(
        key,
        [person],
        'DISPOSAL',
        `${DISPOSAL_MEASURE_LABELS.ADMONITION}：${problem}。请于 ${deadline} 前${DISPOSAL_FOLLOW_UP_LABELS.ADMONITION}`,
        '/notifications',
      ),
    );
    expect(deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Written in the commit of the case's first revision (its audit record is never updated).
    expect(
      await commits({ table: 'audit_record', where: 'idem_key = $1', params: [key] }, ...noticeRows(`${key}:`)),
    ).toBe(1);
  });

  async function fileComplaint(
    contact: string | null,
  ): Promise<{ id: string; handle: WorkflowHandle<ComplaintWorkflow> }> {
    const id = randomUUID();
    if (contact) await saveComplaintContact(ds(), id, '张三', contact);
    const { handle } = await registerComplaint(stack.env.client, taskQueue, {
      id,
      named: contact !== null,
      subjectPersonId: null,
    });
    const discipline = await stack.district.personId('discipline-1');
    await handle.executeUpdate(triageComplaintUpdate, {
      args: [{ key: 'a', accept: true, reason: '予以受理', by: discipline }],
    });
    await handle.executeUpdate(concludeComplaintUpdate, {
      args: [{ key: 'c', outcome: '已责令学校退还费用', substantiated: true, by: discipline }],
    });
    return { id, handle };
  }

  it("R16 issue 18: a named complainant's outcome is queued to the contact they left (read when sent, not copied); an anonymous one gets none", async () => {
    const named = await fileComplaint('zhangsan@example.cn');
    const source = `complaint:complaint:${named.id}:CONCLUDED`;
    const [told] = await outboxOf(source, 1);
    expect(told).toEqual({
      id: `${source}:EMAIL`,
      source,
      personId: null,
      channel: 'EMAIL',
      address: null,
      kind: 'COMPLAINT',
      message: expect.stringContaining('经查属实：已责令学校退还费用'),
      path: null,
      status: 'PENDING',
    });
    const { events, revision } = await named.handle.query(complaintStateQuery);
    expect(events.at(-1)!.kind).toBe('COMPLAINANT_TOLD');
    // The outcome is queued in the commit that concluded the complaint (the revision before COMPLAINANT_TOLD).
    expect(
      await commits(
        {
          table: 'audit_record',
          where: `idem_key = $1 AND action = 'COMPLAINT_CONCLUDED'`,
          params: [`complaint:${named.id}:${revision - 1}`],
        },
        { table: 'complaint_message', where: 'complaint_id = $1', params: [named.id] },
        { table: 'notification_delivery', where: 'source = $1', params: [source] },
      ),
    ).toBe(1);
    // The handlers were told of it in the commit that stored it.
    expect(
      await commits(
        {
          table: 'audit_record',
          where: `idem_key = $1 AND action = 'COMPLAINT_RECEIVED'`,
          params: [`complaint:${named.id}:1`],
        },
        ...noticeRows(`complaint:${named.id}:received:`),
      ),
    ).toBe(1);

    const anonymous = await fileComplaint(null);
    expect((await anonymous.handle.result()).status).toBe('CONCLUDED');
    // The event happened (its handlers were told of the complaint); nothing went to the complainant.
    expect((await outbox(`complaint:${anonymous.id}:received:`)).length).toBeGreaterThan(0);
    expect(await outbox(`complaint:complaint:${anonymous.id}`)).toEqual([]);
    expect(await ds().query(`SELECT 1 FROM complaint_message WHERE complaint_id = $1`, [anonymous.id])).toEqual([]);
  });

  // ---- a unit's campaign: its public notice (R13) and its escalation ladder (the brief) ----

  describe('a unit campaign', () => {
    const unitState = (unitId: string): Promise<UnitCampaignState> =>
      stack.env.client.workflow
        .getHandle(unitWorkflowId(stack.district.campaignId, unitId))
        .query(unitCampaignStateQuery);
    const reaches = (unitId: string, what: string, check: (s: UnitCampaignState) => boolean) =>
      until(`unit ${unitId} ${what}`, async () => {
        const s = await unitState(unitId);
        return check(s) && s;
      });
    const sleepTo = async (date: string) => {
      const wait = startOfDay(date) + 9 * HOUR - (await stack.env.currentTimeMs());
      if (wait > 0) await stack.env.sleep(wait);
    };

    beforeAll(async () => {
      // s001 works through its phases; s002 never records its mobilisation and climbs the ladder.
      await stack.env.client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
        workflowId: campaignWorkflowId(stack.district.campaignId),
        taskQueue,
        args: [
          {
            campaignId: stack.district.campaignId,
            year: YEAR,
            calendar: defaultCalendar(YEAR),
            rulesVersion: 1,
            launchedBy: 'office-admin',
            units: ['s001', 's002'],
            ladder: DEFAULT_LADDER,
            holidays: [...CHINA_HOLIDAYS],
            noticeWorkingDays: 5,
          },
        ],
      });
      await sleepTo(`${YEAR}-04-16`);
    });

    it("R13 issue 18: the unit's public notice, opened by its workflow once every form is approved, is queued to each of its people and its group robot", async () => {
      const unit = stack.env.client.workflow.getHandle(unitWorkflowId(stack.district.campaignId, 's001'));
      for (const item of ['WORKING_BODY', 'IMPLEMENTATION_PLAN', 'MOBILISATION_MEETING'] as const)
        await unit.executeUpdate(recordMobilisationUpdate, {
          args: [{ key: `m-${item}`, item, evidence: `${item} 已完成`, attendance: 40, by: 'principal' }],
          updateId: `m-${item}`,
        });
      const staff: { code: string }[] = await ds().query(
        `SELECT code FROM person WHERE unit_id = 's001' AND post_id IS NOT NULL AND left_at IS NULL ORDER BY code`,
      );
      for (const p of staff) await stack.district.completeForm(p.code);
      await ds().query(`UPDATE risk_form SET status = 'APPROVED' WHERE campaign_id = $1 AND unit_id = 's001'`, [
        stack.district.campaignId,
      ]);
      await unit.signal(formsChangedSignal);
      const { screening } = await reaches(
        's001',
        'to open its public notice',
        (s) => s.screening.stage === 'PUBLIC_NOTICE',
      );

      const key = `notice-open:${stack.district.campaignId}:s001:${screening.noticeOpensAt}`;
      const message = `本单位岗位廉政风险点公示已开始，至 ${dateOf(screening.noticeClosesAt! - 1)} 结束，欢迎监督`;
      const people = (
        (await ds().query(`SELECT id FROM person WHERE unit_id = 's001' AND left_at IS NULL`)) as { id: string }[]
      ).map((p) => p.id);
      expect(people.length).toBeGreaterThanOrEqual(staff.length);
      expect(await outboxOf(key, people.length + 1)).toEqual(
        sortById([
          ...(await mails(key, people, 'NOTICE', message, '/notifications')),
          groupPost(key, 's001', 'NOTICE', message, '/notifications'),
        ]),
      );
    });

    it('brief issue 18: each rung of a unit’s escalation ladder is queued to the people it names and to the unit’s group robot', async () => {
      await sleepTo(`${YEAR}-05-20`);
      const { phases } = await reaches(
        's002',
        'to climb every mobilisation rung',
        (s) => s.phases[0]!.rungs.length === 4,
      );
      const { deadline } = phases[0]!;
      const holders = async (sql: string): Promise<string[]> =>
        ((await ds().query(sql)) as { id: string }[]).map((r) => r.id);
      const principal = await holders(
        `SELECT person_id AS id FROM role_assignment WHERE role = 'UNIT_PRINCIPAL' AND unit_id = 's002'`,
      );
      const office = await holders(
        `SELECT person_id AS id FROM role_assignment WHERE role = 'OFFICE_ADMIN' AND (unit_id IS NULL OR unit_id = 's002')`,
      );
      const districtGroup = await holders(`SELECT person_id AS id FROM leading_group_member WHERE unit_id IS NULL`);
      const discipline = await holders(
        `SELECT person_id AS id FROM role_assignment WHERE role = 'DISCIPLINE_TEAM' AND (unit_id IS NULL OR unit_id = 's002')`,
      );
      expect([principal, office, districtGroup, discipline].every((g) => g.length > 0)).toBe(true);
      const named = {
        REMINDER: principal,
        OVERDUE: [...principal, ...office],
        ESCALATED: [...principal, ...office, ...districtGroup],
        REDO_ORDER: [...principal, ...office, ...discipline],
      };
      for (const rung of RUNGS) {
        const key = `escalation:${stack.district.campaignId}:s002:MOBILISATION:${rung}:${deadline}`;
        const message = `单位 s002 ${PHASE_LABELS.MOBILISATION}阶段（截止 ${dateOf(deadline - 1)}）：${RUNG_LABELS[rung]}`;
        const people = [...new Set(named[rung])];
        expect(await outboxOf(key, people.length + 1)).toEqual(
          sortById([
            ...(await mails(key, people, 'ESCALATION', message, '/inbox')),
            groupPost(key, 's002', 'ESCALATION', message, '/inbox'),
          ]),
        );
      }
    });
  });
});
