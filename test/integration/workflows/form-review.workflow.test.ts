import type { WorkflowHandle } from '@temporalio/client';
import {
  CHINA_HOLIDAYS,
  WorkingDayCalendar,
  dateOf,
  withHolidayYear,
  type ErrorCode,
  type HolidayYear,
} from '@pirm/domain';
import {
  FORM_REVIEW_WORKFLOW_TYPE,
  decideUpdate,
  domainErrorFromFailure,
  extendStepUpdate,
  formReviewInput,
  formReviewStateQuery,
  formReviewWorkflowId,
  holidaysPublishedSignal,
  rosterChangedSignal,
  submitFormUpdate,
  type DecideArgs,
  type FormReviewWorkflow,
} from '@pirm/contracts';
import {
  findReviewChain,
  findRiskForm,
  ReviewDecisionEntity,
  ReviewTaskEntity,
  RiskPointEntity,
} from '@pirm/persistence';
import { useWorkflowStack } from '../../support/workflow-stack';
import { campaignIdFor } from '../../support/campaign';
import { rejected, until } from '../../support/wait';
import type { RiskFormView } from '../../../apps/gateway/src/forms/forms.service';

const DAY = 86_400_000;

describe('R09 formReviewWorkflow: each form’s review chain on a real Temporal server (time-skipping)', () => {
  const stack = useWorkflowStack({
    name: 'review',
    district: { campaignId: campaignIdFor() },
    histories: 'form-review',
  });
  const { taskQueue, started } = stack;
  let keySeq = 0;

  async function submit(form: RiskFormView, revision = 1): Promise<WorkflowHandle<FormReviewWorkflow>> {
    const input = formReviewInput(form, (await findReviewChain(stack.db.dataSource, form.formType))!, CHINA_HOLIDAYS);
    const workflowId = formReviewWorkflowId(form.campaignId, form.personId);
    const handle =
      revision === 1
        ? await stack.env.client.workflow.start<FormReviewWorkflow>(FORM_REVIEW_WORKFLOW_TYPE, {
            workflowId,
            taskQueue,
            args: [input],
          })
        : stack.env.client.workflow.getHandle<FormReviewWorkflow>(workflowId);
    const key = `submit:${form.id}:${revision}`;
    if (revision === 1) started.push(workflowId);
    await handle.executeUpdate(submitFormUpdate, {
      args: [{ key, submittedBy: form.personId, revision, formVersion: form.version }],
      updateId: key,
    });
    return handle;
  }

  async function decide(
    handle: WorkflowHandle<FormReviewWorkflow>,
    reviewerCode: string,
    over: Partial<DecideArgs> = {},
    updateId?: string,
  ) {
    const state = await handle.query(formReviewStateQuery);
    const key = updateId ?? `k${++keySeq}`;
    const args: DecideArgs = {
      key,
      step: state.currentStep ?? 0,
      revision: state.revision,
      reviewerId: await stack.district.personId(reviewerCode),
      decision: 'APPROVE',
      opinion: '',
      returnTo: null,
      levelChanges: [],
      gradeChange: null,
      formVersion: state.formVersion,
      ...over,
    };
    return handle.executeUpdate(decideUpdate, { args: [args], updateId: key });
  }

  const code = async (p: Promise<unknown>): Promise<ErrorCode> => (await rejected(p)).code;

  /** The reviewers the roster gives a step, for a form. */
  const departmentHeadOf = async (form: RiskFormView) =>
    stack.district.holders('DEPARTMENT_HEAD', form.unitId, form.departmentId);

  it('R09 R12 takes a staff form through 科室负责人 → 单位领导小组 → 纪检组 to approval, recording every decision', async () => {
    const form = await stack.district.completeForm('s001-0020');
    const handle = await submit(form);
    let state = await handle.query(formReviewStateQuery);
    expect(state).toMatchObject({ status: 'IN_REVIEW', revision: 1, currentStep: 0 });
    const [head] = await departmentHeadOf(form);
    expect(state.steps[0]!.assignees).toEqual([await stack.district.personId(head!)]);

    await decide(handle, head!, { levelChanges: [{ ordinal: 1, level: 'LEVEL_1', reason: '涉及家长利益，危害较大' }] });
    state = await handle.query(formReviewStateQuery);
    expect(state.currentStep).toBe(1);
    const leadingGroup = await stack.district.holders('UNIT_LEADING_GROUP', 's001');
    expect(state.steps[1]!.assignees.sort()).toEqual(
      (await Promise.all(leadingGroup.map((c) => stack.district.personId(c)))).sort(),
    );

    await decide(handle, leadingGroup[1]!, { opinion: '同意' });
    const result = await decide(handle, 'discipline-1', {
      opinion: '审核通过',
      gradeChange: { grade: 'A', reason: '岗位涉及收费' },
    });
    expect(result.status).toBe('APPROVED');
    expect((await handle.result()).status).toBe('APPROVED');

    const stored = (await findRiskForm(stack.db.dataSource, { id: form.id }))!;
    expect(stored.status).toBe('APPROVED');
    expect(stored.postGrade).toBe('A');
    expect(stored.gradeExplanation).toMatch(/^2×30 = 60 ≥ 60 → A；派驻纪检组、监察室 \S+ 审核调整为 A：岗位涉及收费$/);
    const points = await stack.db.dataSource
      .getRepository(RiskPointEntity)
      .find({ where: { formId: form.id }, order: { ordinal: 'ASC' } });
    expect(points.map((p) => [p.computedLevel, p.level])).toEqual([
      ['LEVEL_2', 'LEVEL_1'],
      ['LEVEL_1', 'LEVEL_1'],
    ]);
    const decisions = await stack.db.dataSource
      .getRepository(ReviewDecisionEntity)
      .find({ where: { formId: form.id }, order: { step: 'ASC' } });
    expect(decisions.map((d) => [d.step, d.role, d.decision, d.opinion])).toEqual([
      [0, 'DEPARTMENT_HEAD', 'APPROVE', ''],
      [1, 'UNIT_LEADING_GROUP', 'APPROVE', '同意'],
      [2, 'DISCIPLINE_TEAM', 'APPROVE', '审核通过'],
    ]);
    const tasks = await stack.db.dataSource
      .getRepository(ReviewTaskEntity)
      .find({ where: { formId: form.id }, order: { step: 'ASC' } });
    expect(tasks.map((t) => [t.step, t.status])).toEqual([
      [0, 'DONE'],
      [1, 'DONE'],
      [2, 'DONE'],
    ]);
  });

  /** The transaction ids that wrote a decision's rows: one id means one commit. */
  const writersOf = async (formId: string, decisionKey: string, decidedTask: string, nextTask: string | null) => {
    const [row] = (await stack.db.dataSource.query(
      `SELECT (SELECT xmin::text FROM review_decision WHERE id = $1::text || ':' || $2) AS decision,
              (SELECT xmin::text FROM risk_form WHERE id = $1::uuid) AS form,
              (SELECT xmin::text FROM review_task WHERE id = $3::text) AS decided_task,
              (SELECT xmin::text FROM review_task WHERE id = $4::text) AS next_task,
              (SELECT array_agg(DISTINCT xmin::text) FROM notification WHERE id LIKE 'task:' || $4::text || ':%' OR id LIKE 'returned:' || $3::text || ':%') AS notifications,
              (SELECT xmin::text FROM audit_record WHERE idem_key = 'decision:' || $1::text || ':' || $2) AS audit`,
      [formId, decisionKey, decidedTask, nextTask],
    )) as [Record<string, string | string[] | null>];
    return row;
  };

  it('R09 R12 issue 17.2: a decision writes itself, the form, the next task, its notifications and the audit record in one commit', async () => {
    const form = await stack.district.completeForm('s001-0028');
    const handle = await submit(form);
    const [head] = await departmentHeadOf(form);
    await decide(handle, head!, { levelChanges: [{ ordinal: 1, level: 'LEVEL_1', reason: '危害较大' }] }, 'one-commit');
    const w = await writersOf(form.id, 'one-commit', `${form.id}:1:0`, `${form.id}:1:1`);
    expect(w.notifications).toHaveLength(1);
    expect(new Set([w.decision, w.form, w.decided_task, w.next_task, w.notifications![0], w.audit])).toEqual(
      new Set([w.decision]),
    );
    expect(w.decision).not.toBeNull();
    // The regrade follows the changed level in the same commit.
    expect((await findRiskForm(stack.db.dataSource, { id: form.id }))!.gradeExplanation).toMatch(
      /^2×30 = 60 ≥ 60 → A$/,
    );

    // A return to the submitter: the decision, the form and the owner's notification, one commit again.
    const back = await decide(
      handle,
      (await stack.district.holders('UNIT_LEADING_GROUP', 's001'))[0]!,
      { decision: 'RETURN', opinion: '请补充防控措施' },
      'one-commit-return',
    );
    expect(back).toMatchObject({ status: 'RETURNED', currentStep: null });
    const r = await writersOf(form.id, 'one-commit-return', `${form.id}:1:1`, null);
    expect(r.notifications).toHaveLength(1);
    expect(new Set([r.decision, r.form, r.decided_task, r.notifications![0], r.audit])).toEqual(new Set([r.decision]));
    expect((await findRiskForm(stack.db.dataSource, { id: form.id }))!.status).toBe('RETURNED');
  });

  it('R09 returns to the submitter with a required opinion; the resubmission resumes where it was returned from', async () => {
    const form = await stack.district.completeForm('s001-0021');
    const handle = await submit(form);
    const [head] = await departmentHeadOf(form);
    await decide(handle, head!);
    const member = (await stack.district.holders('UNIT_LEADING_GROUP', 's001'))[0]!;

    const noOpinion = await rejected(decide(handle, member, { decision: 'RETURN', opinion: ' ' }));
    expect(noOpinion.code).toBe('VALIDATION_FAILED');
    expect(noOpinion.fieldErrors).toEqual([
      { field: 'opinion', reason: 'is required when returning a form', message: '退回时须填写意见' },
    ]);

    await decide(handle, member, { decision: 'RETURN', opinion: '风险点查找不全，请补充' });
    expect(await handle.query(formReviewStateQuery)).toMatchObject({
      status: 'RETURNED',
      resumeAt: 1,
      currentStep: null,
    });
    const returned = (await findRiskForm(stack.db.dataSource, { id: form.id }))!;
    expect(returned.status).toBe('RETURNED');

    const owner = await stack.district.principal('s001-0021');
    const revised = await stack.district.forms.saveDraft(owner, {
      campaignId: stack.district.campaignId,
      expectedVersion: returned.version,
      postDuties: '承担学科教学，兼任班主任',
    });
    await submit(revised, 2);
    const state = await handle.query(formReviewStateQuery);
    expect(state).toMatchObject({ status: 'IN_REVIEW', revision: 2, currentStep: 1 });
    expect(await stack.db.dataSource.getRepository(ReviewTaskEntity).findOneBy({ id: `${form.id}:2:1` })).toMatchObject(
      {
        status: 'OPEN',
      },
    );
  });

  it('R09 returns to an earlier step, which decides again', async () => {
    const form = await stack.district.completeForm('s001-0022');
    const handle = await submit(form);
    const [head] = await departmentHeadOf(form);
    await decide(handle, head!);
    const member = (await stack.district.holders('UNIT_LEADING_GROUP', 's001'))[0]!;
    await decide(handle, member);
    expect(await code(decide(handle, 'discipline-1', { decision: 'RETURN', opinion: '退回', returnTo: 2 }))).toBe(
      'VALIDATION_FAILED',
    );
    await decide(handle, 'discipline-1', { decision: 'RETURN', opinion: '请科室负责人重新审查风险等级', returnTo: 0 });
    const state = await handle.query(formReviewStateQuery);
    expect(state).toMatchObject({ status: 'IN_REVIEW', currentStep: 0, revision: 1 });
    expect(state.steps[0]!.assignees).toEqual([await stack.district.personId(head!)]);
    await decide(handle, head!, { opinion: '已复核' });
    expect((await handle.query(formReviewStateQuery)).currentStep).toBe(1);
  });

  it('rejects the wrong reviewer, the owner, a step not open and a stale form version, recording nothing', async () => {
    const form = await stack.district.completeForm('s001-0023');
    const handle = await submit(form);
    const before = (await handle.query(formReviewStateQuery)).decisions.length;
    expect(await code(decide(handle, 's001-0024'))).toBe('FORBIDDEN'); // a colleague
    expect(await code(decide(handle, 'discipline-1'))).toBe('FORBIDDEN'); // a later step's reviewer
    expect(await code(decide(handle, 's001-0023'))).toBe('FORBIDDEN'); // the owner
    const [head] = await departmentHeadOf(form);
    expect(await code(decide(handle, head!, { step: 1 }))).toBe('CONFLICT');
    expect(await code(decide(handle, head!, { formVersion: 1 }))).toBe('CONFLICT');
    expect(await code(decide(handle, head!, { levelChanges: [{ ordinal: 9, level: 'LEVEL_1', reason: 'x' }] }))).toBe(
      'VALIDATION_FAILED',
    );
    expect((await handle.query(formReviewStateQuery)).decisions.length).toBe(before);
    expect(await stack.db.dataSource.getRepository(ReviewDecisionEntity).countBy({ formId: form.id })).toBe(0);
  });

  it('returns the first result for a retried decision (same key) and records it once', async () => {
    const form = await stack.district.completeForm('s001-0025');
    const handle = await submit(form);
    const [head] = await departmentHeadOf(form);
    const first = await decide(handle, head!, { opinion: '同意' }, 'retry-key');
    const second = await decide(handle, head!, { opinion: '同意' }, 'retry-key');
    expect(second).toEqual(first);
    expect(await stack.db.dataSource.getRepository(ReviewDecisionEntity).countBy({ formId: form.id })).toBe(1);
  });

  it('lets only one of two reviewers sharing a role decide a step (the other gets CONFLICT)', async () => {
    const form = await stack.district.completeForm('s001-0026');
    const handle = await submit(form);
    const [head] = await departmentHeadOf(form);
    await decide(handle, head!);
    const [a, b] = await stack.district.holders('UNIT_LEADING_GROUP', 's001');
    const outcomes = await Promise.allSettled([
      decide(handle, a!, { opinion: 'A' }),
      decide(handle, b!, { opinion: 'B' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const failure = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(domainErrorFromFailure(failure.reason)?.code).toBe('CONFLICT');
    expect(await stack.db.dataSource.getRepository(ReviewDecisionEntity).countBy({ formId: form.id, step: 1 })).toBe(1);
  });

  it('recusal: nobody reviews their own form; with nobody else in the role the step goes up one level', async () => {
    const principalForm = await stack.district.completeForm('s001-0001');
    const handle = await submit(principalForm);
    const state = await handle.query(formReviewStateQuery);
    expect(principalForm.formType).toBe('LEADERSHIP');
    expect(state.steps[0]!.assignees).not.toContain(principalForm.personId);
    expect(state.steps[0]!.assignees.length).toBeGreaterThan(0);

    const form = await stack.district.completeForm('s002-0020');
    await stack.db.dataSource.query(
      `DELETE FROM role_assignment WHERE role = 'DEPARTMENT_HEAD' AND department_id = $1`,
      [form.departmentId],
    );
    const h2 = await submit(form);
    const s2 = await h2.query(formReviewStateQuery);
    const leadingGroup = await Promise.all(
      (await stack.district.holders('UNIT_LEADING_GROUP', 's002')).map((c) => stack.district.personId(c)),
    );
    expect(s2.steps[0]!.assignees.sort()).toEqual(leadingGroup.sort());
    expect(s2.steps[0]!.assignedBecause).toBe('除填表人外没有科室(年级组)负责人，已上交单位领导小组');
  });

  it('reminds before the step deadline and escalates to the next level up when it passes, who may then decide', async () => {
    const form = await stack.district.completeForm('s002-0021');
    const handle = await submit(form);
    let state = await handle.query(formReviewStateQuery);
    const step = state.steps[0]!;
    expect(step.dueAt! - step.openedAt!).toBeGreaterThanOrEqual(5 * DAY); // 5 working days
    await stack.env.sleep(step.remindAt! - (await stack.env.currentTimeMs()) + 60_000);
    state = await handle.query(formReviewStateQuery);
    expect(state.events.map((e) => e.kind)).toEqual(['REMINDER']);

    await stack.env.sleep(step.dueAt! - (await stack.env.currentTimeMs()) + 60_000);
    state = await handle.query(formReviewStateQuery);
    expect(state.events.map((e) => e.kind)).toEqual(['REMINDER', 'ESCALATION']);
    const leadingGroup = await stack.district.holders('UNIT_LEADING_GROUP', 's002');
    expect(state.steps[0]!.escalatedTo.sort()).toEqual(
      (await Promise.all(leadingGroup.map((c) => stack.district.personId(c)))).sort(),
    );
    expect(
      (await stack.db.dataSource.getRepository(ReviewTaskEntity).findOneByOrFail({ id: `${form.id}:1:0` })).escalatedTo,
    ).toHaveLength(leadingGroup.length);

    await decide(handle, leadingGroup[0]!, { opinion: '逾期，由单位领导小组代为审查' });
    expect((await handle.query(formReviewStateQuery)).currentStep).toBe(1);
  });

  it('an extension before the deadline re-arms the timers: no escalation at the old deadline', async () => {
    const form = await stack.district.completeForm('s002-0022');
    const handle = await submit(form);
    const step = (await handle.query(formReviewStateQuery)).steps[0]!;
    await handle.executeUpdate(extendStepUpdate, {
      args: [{ key: 'ext-1', step: 0, workingDays: 5, reason: '期末考试期间', by: 'office' }],
      updateId: 'ext-1',
    });
    let state = await handle.query(formReviewStateQuery);
    expect(state.steps[0]!.dueAt).toBeGreaterThanOrEqual(step.dueAt! + 5 * DAY);
    await stack.env.sleep(step.dueAt! - (await stack.env.currentTimeMs()) + 60_000);
    state = await handle.query(formReviewStateQuery);
    expect(state.events.map((e) => e.kind)).toEqual(['EXTENSION']);
    expect(state.steps[0]!.escalated).toBe(false);
    // The re-armed timers fire at the new dates.
    await stack.env.sleep(state.steps[0]!.dueAt! - (await stack.env.currentTimeMs()) + 60_000);
    expect((await handle.query(formReviewStateQuery)).events.map((e) => e.kind)).toEqual([
      'EXTENSION',
      'REMINDER',
      'ESCALATION',
    ]);
    const bad = await rejected(
      handle.executeUpdate(extendStepUpdate, {
        args: [{ key: 'ext-2', step: 0, workingDays: 0, reason: '', by: 'office' }],
        updateId: 'ext-2',
      }),
    );
    expect(bad.fieldErrors).toEqual([
      { field: 'workingDays', reason: 'must be a whole number from 1 to 60', message: '须为 1 到 60 的整数' },
      { field: 'reason', reason: 'is required', message: '必填' },
    ]);
  });

  it('R13 issue 12.11: a holiday year published while a review runs counts for the deadlines it computes afterwards', async () => {
    const form = await stack.district.completeForm('s001-0029');
    const handle = await submit(form);
    const first = (await handle.query(formReviewStateQuery)).steps[0]!;
    // The office publishes the next two weeks as days off (per calendar year, as publishHolidayYear does).
    const now = await stack.env.currentTimeMs();
    const days = Array.from({ length: 14 }, (_, i) => dateOf(now + (i + 1) * DAY));
    const years: HolidayYear[] = [...new Set(days.map((d) => Number(d.slice(0, 4))))].map((year) => ({
      year,
      holidays: days.filter((d) => d.startsWith(String(year))),
      makeUpWorkdays: [],
    }));
    for (const y of years) await handle.signal(holidaysPublishedSignal, y);
    const [head] = await departmentHeadOf(form);
    await decide(handle, head!);

    const state = await handle.query(formReviewStateQuery);
    // The step open at the publication keeps the deadline it was given; the next one counts the days off.
    expect(state.steps[0]!.dueAt).toBe(first.dueAt);
    const next = state.steps[1]!;
    const n = (await findReviewChain(stack.db.dataSource, form.formType))!.stepDeadlineWorkingDays;
    const published = new WorkingDayCalendar(years.reduce((all, y) => withHolidayYear(all, y), CHINA_HOLIDAYS));
    expect(next.dueAt).toBe(published.deadlineAfter(next.openedAt!, n));
    expect(next.dueAt).toBeGreaterThan(new WorkingDayCalendar(CHINA_HOLIDAYS).deadlineAfter(next.openedAt!, n));
  });

  it('R09 issue 12.4: a rosterChanged signal moves the open step to the roster’s current holders; the task row and the decision follow', async () => {
    const form = await stack.district.completeForm('s001-0027');
    const handle = await submit(form);
    const before = (await handle.query(formReviewStateQuery)).steps[0]!;
    expect(before.assignees.length).toBeGreaterThan(0);
    // A re-import takes the step's role (for this form's department) away from everyone who held it.
    await stack.db.dataSource.query(
      `DELETE FROM role_assignment WHERE role = $1 AND person_id = ANY($2::uuid[]) AND (department_id IS NULL OR department_id = $3)`,
      [before.role, before.assignees, form.departmentId],
    );
    await handle.signal(rosterChangedSignal);
    const after = await until('the open step reassigned', async () => {
      const step = (await handle.query(formReviewStateQuery)).steps[0]!;
      return step.assignedBecause.endsWith('（名册变更后重新分派）') && step;
    });
    expect(after.assignees.length).toBeGreaterThan(0);
    expect(after.assignees.filter((p) => before.assignees.includes(p))).toEqual([]);
    const task = await stack.db.dataSource
      .getRepository(ReviewTaskEntity)
      .findOneByOrFail({ formId: form.id, status: 'OPEN' });
    expect([...task.assignees].sort()).toEqual([...after.assignees].sort());
    const [former] = (await stack.db.dataSource.query(`SELECT code FROM person WHERE id = $1`, [
      before.assignees[0],
    ])) as {
      code: string;
    }[];
    expect(await code(decide(handle, former!.code))).toBe('FORBIDDEN');
  });

  it('R09 issue 12.3: where the next step’s only holder decided an earlier step, the step goes one level up', async () => {
    const form = await stack.district.completeForm('s002-0023');
    const handle = await submit(form);
    const state = await handle.query(formReviewStateQuery);
    const [first, next] = [state.steps[0]!, state.steps[1]!];
    const decider = first.assignees[0]!;
    // The first step's reviewer becomes the only holder of the next step's role in the unit.
    await stack.db.dataSource.query(`DELETE FROM role_assignment WHERE role = $1 AND unit_id = $2`, [
      next.role,
      form.unitId,
    ]);
    await stack.db.dataSource.query(`INSERT INTO role_assignment (person_id, role, unit_id) VALUES ($1, $2, $3)`, [
      decider,
      next.role,
      form.unitId,
    ]);
    const [{ code: deciderCode }] = (await stack.db.dataSource.query(`SELECT code FROM person WHERE id = $1`, [
      decider,
    ])) as {
      code: string;
    }[];
    await decide(handle, deciderCode!);
    const after = (await handle.query(formReviewStateQuery)).steps[1]!;
    expect(after.assignees).not.toContain(decider);
    expect(after.assignees.length).toBeGreaterThan(0);
    expect(after.assignedBecause).toMatch(/^除填表人及前序审核人外没有.+，已上交/);
    expect(await code(decide(handle, deciderCode!))).toBe('FORBIDDEN');
  });
});
