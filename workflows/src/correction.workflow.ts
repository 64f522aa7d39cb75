import { ParentClosePolicy, condition, patched, proxyActivities, setHandler, startChild } from '@temporalio/workflow';
import { ErrorCode, type Bilingual } from '@pirm/domain';
import {
  ACTIVITY_RETRY,
  FORM_REVIEW_WORKFLOW_TYPE,
  confirmCorrectionUpdate,
  correctionStartedUpdate,
  correctionStateQuery,
  formReviewWorkflowId,
  rejection,
  type ConfirmCorrectionArgs,
  type CorrectionInput,
  type CorrectionState,
  type FormReviewWorkflow,
} from '@pirm/contracts';
import type { Activities } from '@pirm/activities';
import { Gate } from './gate';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: ACTIVITY_RETRY,
});

/**
 * A unit's correction round (R20): the opinions are compiled; each form to revise goes back to its owner and
 * through its own review chain again (a new run of its review workflow, started here); when every one is
 * approved the principal confirms, and the unit's risk archive gets its next version.
 */
export async function correctionWorkflow(input: CorrectionInput): Promise<CorrectionState> {
  const state: CorrectionState = {
    campaignId: input.campaignId,
    unitId: input.unitId,
    status: 'REVISING',
    opinionCount: null,
    forms: input.forms.map((f) => ({ formId: f.formId, approved: false })),
    archiveVersion: null,
    confirmedBy: null,
    revision: 1,
  };
  const gate = new Gate();
  const notAwaiting = (): Bilingual => ({
    en: `The correction is ${state.status}.`,
    zh: state.status === 'ARCHIVED' ? '修正已经确认归档' : '修正的表单尚未全部通过，还不能确认',
  });

  async function project(actor: string, action: string): Promise<void> {
    state.revision += 1;
    await acts.projectCorrection({ state, change: { actor, action } });
  }

  setHandler(correctionStateQuery, () => state);
  // Issue 17: the starter gets the round from its update-with-start instead of polling the workflow.
  if (patched('correction-started-update')) {
    setHandler(correctionStartedUpdate, async () => {
      await condition(() => state.opinionCount !== null);
      return state;
    });
  }

  setHandler(
    confirmCorrectionUpdate,
    (args) =>
      gate.exclusively(async () => {
        if (state.status !== 'AWAITING_CONFIRMATION') throw rejection(ErrorCode.CONFLICT, notAwaiting());
        state.archiveVersion = await acts.createRiskArchive({
          key: args.key,
          campaignId: input.campaignId,
          unitId: input.unitId,
          confirmedBy: args.by,
        });
        state.confirmedBy = args.by;
        state.status = 'ARCHIVED';
        await project(args.by, 'CORRECTION_ARCHIVED');
        return state;
      }),
    {
      validator: (_args: ConfirmCorrectionArgs) => {
        if (state.status === 'REVISING') {
          const left = state.forms.filter((f) => !f.approved).length;
          throw rejection(ErrorCode.CONFLICT, {
            en: `${left} revised form(s) are still in review: confirm when every one is approved.`,
            zh: `还有 ${left} 份修正的表单在审核中，全部通过后才能确认`,
          });
        }
        if (state.status !== 'AWAITING_CONFIRMATION') throw rejection(ErrorCode.CONFLICT, notAwaiting());
      },
    },
  );

  state.opinionCount = await acts.startCorrectionRecord({ state, by: input.startedBy });

  // Each form's revision runs through its own chain; this round only waits for the approvals.
  const children = await Promise.all(
    input.forms.map((form) =>
      startChild<FormReviewWorkflow>(FORM_REVIEW_WORKFLOW_TYPE, {
        workflowId: formReviewWorkflowId(form.campaignId, form.ownerPersonId),
        args: [form],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    ),
  );
  await Promise.all(
    children.map(async (child, i) => {
      await child.result();
      await gate.exclusively(async () => {
        state.forms[i]!.approved = true;
        await project('system', 'CORRECTION_FORM_APPROVED');
      });
    }),
  );
  await gate.exclusively(async () => {
    state.status = 'AWAITING_CONFIRMATION';
    await project('system', 'CORRECTION_AWAITING_CONFIRMATION');
  });
  await condition(() => state.status === 'ARCHIVED' && !gate.busy);
  return state;
}
