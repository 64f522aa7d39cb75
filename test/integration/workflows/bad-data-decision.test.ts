import { CHINA_HOLIDAYS } from '@pirm/domain';
import {
  FORM_REVIEW_WORKFLOW_TYPE,
  INVALID_DATA,
  decideUpdate,
  formReviewInput,
  formReviewStateQuery,
  formReviewWorkflowId,
  submitFormUpdate,
  type DecideArgs,
  type FormReviewWorkflow,
} from '@pirm/contracts';
import { findReviewChain } from '@pirm/persistence';
import { useWorkflowStack } from '../../support/workflow-stack';
import { campaignIdFor } from '../../support/campaign';
import { within } from '../../support/wait';

describe('issue 13.2 (R09): data the database refuses fails a decision once and leaves the form open', () => {
  const stack = useWorkflowStack({ name: 'bad-data', district: { campaignId: campaignIdFor() } });
  const { taskQueue } = stack;

  it('a NUL that got past the gateway fails the decision (no retry forever), and the next decision is accepted', async () => {
    const form = await stack.district.completeForm('s001-0020');
    const input = formReviewInput(form, (await findReviewChain(stack.db.dataSource, form.formType))!, CHINA_HOLIDAYS);
    const handle = await stack.env.client.workflow.start<FormReviewWorkflow>(FORM_REVIEW_WORKFLOW_TYPE, {
      workflowId: formReviewWorkflowId(form.campaignId, form.personId),
      taskQueue,
      args: [input],
    });
    const submitKey = `submit:${form.id}:1`;
    await handle.executeUpdate(submitFormUpdate, {
      args: [{ key: submitKey, submittedBy: form.personId, revision: 1, formVersion: form.version }],
      updateId: submitKey,
    });
    const [head] = await stack.district.holders('DEPARTMENT_HEAD', form.unitId, form.departmentId);
    const decide = async (key: string, opinion: string) => {
      const state = await handle.query(formReviewStateQuery);
      const args: DecideArgs = {
        key,
        step: 0,
        revision: state.revision,
        reviewerId: await stack.district.personId(head!),
        decision: 'APPROVE',
        opinion,
        returnTo: null,
        levelChanges: [],
        gradeChange: null,
        formVersion: state.formVersion,
      };
      return handle.executeUpdate(decideUpdate, { args: [args], updateId: key });
    };
    const failed = await within(
      'the decision with a NUL',
      decide('nul', '同意\u0000').then(
        () => undefined,
        (e: unknown) => e,
      ),
      20_000,
    );
    const types: unknown[] = [];
    for (
      let e = failed as { type?: unknown; cause?: unknown } | undefined, i = 0;
      e && i < 5;
      e = e.cause as typeof e, i++
    )
      types.push(e.type);
    expect(types).toContain(INVALID_DATA);
    const ok = await decide('clean', '同意');
    expect(ok.currentStep).toBe(1);
  });
});
