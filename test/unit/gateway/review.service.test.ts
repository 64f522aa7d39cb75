import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DomainError, ErrorCode, Role } from '@pirm/domain';
import { formReviewWorkflowId } from '@pirm/contracts';
import type { DecisionTask, ReviewRepository } from '@pirm/persistence';
import { ReviewService, type DecisionRequest } from '../../../apps/gateway/src/review/review.service';
import type { GatewayConfig } from '../../../apps/gateway/src/config';
import type { Principal } from '../../../apps/gateway/src/auth/principal';
import type { FormsService, RiskFormView } from '../../../apps/gateway/src/forms/forms.service';

// Service tests in the style of Immich's *.service.spec.ts: the repositories and the Temporal client are plain
// fakes, so these run without servers and pin what the service decides before anything reaches a workflow.

const reviewer: Principal = {
  personId: 'p-head',
  code: 'H1',
  name: 'Head',
  unitId: 's001',
  departmentId: 'd-1',
  postId: null,
  roles: [{ role: Role.DEPARTMENT_HEAD, unitId: 's001', departmentId: 'd-1' }],
};
const owner: Principal = {
  personId: 'p-owner',
  code: 'O1',
  name: 'Owner',
  unitId: 's001',
  departmentId: 'd-1',
  postId: null,
  roles: [],
};

const openTask = (over: Partial<DecisionTask> = {}): DecisionTask => ({
  id: 'f-1:1:0',
  formId: 'f-1',
  revision: 1,
  step: 0,
  role: Role.DEPARTMENT_HEAD,
  status: 'OPEN',
  assignees: [reviewer.personId],
  escalatedTo: [],
  campaignId: '2026',
  unitId: 's001',
  departmentId: 'd-1',
  formType: 'GENERAL_STAFF',
  ownerPersonId: owner.personId,
  formVersion: 3,
  chain: [Role.DEPARTMENT_HEAD, Role.UNIT_LEADING_GROUP],
  decided: false,
  ...over,
});

const request = (over: Partial<DecisionRequest> = {}): DecisionRequest => ({
  taskId: 'f-1:1:0',
  idempotencyKey: 'k1',
  decision: 'APPROVE',
  opinion: 'ok',
  returnTo: null,
  levelChanges: [],
  gradeChange: null,
  formVersion: 3,
  ...over,
});

function setup(task: DecisionTask | null, form?: Partial<RiskFormView>) {
  const executeUpdate = jest.fn().mockResolvedValue({ status: 'IN_REVIEW', currentStep: 1, formVersion: 4 });
  const executeUpdateWithStart = jest.fn().mockResolvedValue(undefined);
  const getHandle = jest.fn().mockReturnValue({ executeUpdate });
  const temporal = {
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
    workflow: { getHandle, executeUpdateWithStart },
  } as unknown as Client;
  const reviews = {
    findTaskForDecision: jest.fn().mockResolvedValue(task),
    unitPhases: jest
      .fn()
      .mockResolvedValue({ phases: [{ phase: 'SCREENING', status: 'IN_PROGRESS' }], mobilisation: {} }),
    findChain: jest.fn().mockResolvedValue({
      formType: 'GENERAL_STAFF',
      steps: [Role.DEPARTMENT_HEAD],
      stepDeadlineWorkingDays: 5,
      reminderWorkingDays: 1,
    }),
    holidays: jest.fn().mockResolvedValue([]),
  };
  const view =
    form &&
    ({
      id: 'f-1',
      campaignId: '2026',
      personId: owner.personId,
      unitId: 's001',
      departmentId: 'd-1',
      formType: 'GENERAL_STAFF',
      status: 'DRAFT',
      version: 3,
      reviewRevision: 0,
      submissionProblems: [],
      ...form,
    } as RiskFormView);
  const forms = { mine: jest.fn().mockResolvedValue(view ?? null) };
  const config = { temporalRpcTimeoutMs: 5_000, temporal: { taskQueue: 'q' } } as GatewayConfig;
  const service = new ReviewService(
    config,
    temporal,
    reviews as unknown as ReviewRepository,
    forms as unknown as FormsService,
  );
  return { service, reviews, forms, getHandle, executeUpdate, executeUpdateWithStart };
}

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'OK';
};

describe('ReviewService.decide (R09 R12 issue 17.2)', () => {
  it('reads the task once and sends the decision to the form’s own workflow', async () => {
    const { service, reviews, getHandle, executeUpdate } = setup(openTask());
    await expect(service.decide(reviewer, request())).resolves.toEqual({
      status: 'IN_REVIEW',
      currentStep: 1,
      formVersion: 4,
    });
    expect(reviews.findTaskForDecision).toHaveBeenCalledTimes(1);
    expect(reviews.findTaskForDecision).toHaveBeenCalledWith('f-1:1:0', 'p-head:k1');
    expect(getHandle).toHaveBeenCalledWith(formReviewWorkflowId('2026', owner.personId));
    expect(executeUpdate).toHaveBeenCalledWith(expect.anything(), {
      args: [
        expect.objectContaining({
          key: 'p-head:k1',
          step: 0,
          revision: 1,
          reviewerId: 'p-head',
          decision: 'APPROVE',
          formVersion: 3,
        }),
      ],
      updateId: 'p-head:k1',
    });
  });

  it('a step someone else decided is a CONFLICT, answered without calling the workflow', async () => {
    const { service, executeUpdate } = setup(openTask({ status: 'DONE' }));
    expect(await codeOf(service.decide(reviewer, request()))).toBe(ErrorCode.CONFLICT);
    expect(executeUpdate).not.toHaveBeenCalled();
  });

  it('a retry of a recorded decision goes to the workflow for its first result', async () => {
    const { service, executeUpdate } = setup(openTask({ status: 'DONE', decided: true }));
    expect(await codeOf(service.decide(reviewer, request()))).toBe('OK');
    expect(executeUpdate).toHaveBeenCalledTimes(1);
  });

  it('refuses whoever the step was not given to, and a reviewer who no longer holds a role for it (FORBIDDEN)', async () => {
    const notMine = setup(openTask({ assignees: ['p-other'] }));
    expect(await codeOf(notMine.service.decide(reviewer, request()))).toBe(ErrorCode.FORBIDDEN);
    const roleGone = setup(openTask());
    expect(
      await codeOf(
        roleGone.service.decide(
          { ...reviewer, roles: [{ role: Role.DEPARTMENT_HEAD, unitId: 's002', departmentId: 'd-9' }] },
          request(),
        ),
      ),
    ).toBe(ErrorCode.FORBIDDEN);
    expect(notMine.executeUpdate).not.toHaveBeenCalled();
    expect(roleGone.executeUpdate).not.toHaveBeenCalled();
  });

  it('a bad idempotency key is a field error and reads nothing', async () => {
    const { service, reviews } = setup(openTask());
    await expect(service.decide(reviewer, request({ idempotencyKey: 'no spaces' }))).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      fieldErrors: [{ field: 'idempotencyKey' }],
    });
    expect(reviews.findTaskForDecision).not.toHaveBeenCalled();
  });

  it('an unknown task is NOT_FOUND; a workflow closed meanwhile (last step approved) is a CONFLICT', async () => {
    expect(await codeOf(setup(null).service.decide(reviewer, request()))).toBe(ErrorCode.NOT_FOUND);
    const closed = setup(openTask());
    closed.executeUpdate.mockRejectedValue(new WorkflowNotFoundError('closed', 'form:2026:p-owner', undefined));
    expect(await codeOf(closed.service.decide(reviewer, request()))).toBe(ErrorCode.CONFLICT);
  });
});

describe('ReviewService.submit (R09 R13 issue 17.1)', () => {
  it('a form in review is not submitted again: CONFLICT from the lifecycle, no workflow call', async () => {
    const { service, executeUpdateWithStart } = setup(null, { status: 'SUBMITTED', version: 3, reviewRevision: 1 });
    expect(await codeOf(service.submit(owner, '2026', 3))).toBe(ErrorCode.CONFLICT);
    expect(executeUpdateWithStart).not.toHaveBeenCalled();
  });

  it('a stale version is a CONFLICT; a form with problems is a field error', async () => {
    expect(await codeOf(setup(null, { version: 4 }).service.submit(owner, '2026', 3))).toBe(ErrorCode.CONFLICT);
    const bad = setup(null, { submissionProblems: [{ field: 'position', reason: 'is required', message: '必填' }] });
    await expect(bad.service.submit(owner, '2026', 3)).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      fieldErrors: [{ field: 'position' }],
    });
  });

  it('a draft while screening is open starts round 1 of its review workflow by update-with-start', async () => {
    const { service, executeUpdateWithStart, forms } = setup(null, {});
    await service.submit(owner, '2026', 3);
    expect(executeUpdateWithStart).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        args: [{ key: 'submit:f-1:1', submittedBy: owner.personId, revision: 1, formVersion: 3 }],
        updateId: 'submit:f-1:1',
      }),
    );
    expect(forms.mine).toHaveBeenCalledTimes(2);
  });

  it('a first submission while the unit’s screening is closed is a CONFLICT naming why', async () => {
    const { service, reviews, executeUpdateWithStart } = setup(null, {});
    reviews.unitPhases.mockResolvedValue({ phases: [{ phase: 'SCREENING', status: 'NOT_STARTED' }], mobilisation: {} });
    expect(await codeOf(service.submit(owner, '2026', 3))).toBe(ErrorCode.CONFLICT);
    expect(executeUpdateWithStart).not.toHaveBeenCalled();
  });
});
