import { createHash } from 'node:crypto';
import { WithStartWorkflowOperation, type Client, type WorkflowHandle } from '@temporalio/client';
import { CHINA_HOLIDAYS } from '@pirm/domain';
import {
  COMPLAINT_WORKFLOW_TYPE,
  complaintWorkflowId,
  registerComplaintUpdate,
  type ComplaintInput,
  type ComplaintWorkflow,
  type DecideArgs,
} from '@pirm/contracts';

/** A reviewer's approval of a step (同意, no level or grade change), as a workflow test sends it. */
export function approval(
  at: Pick<DecideArgs, 'key' | 'step' | 'revision' | 'reviewerId' | 'formVersion'>,
  over: Partial<DecideArgs> = {},
): DecideArgs {
  return {
    decision: 'APPROVE',
    opinion: '同意',
    returnTo: null,
    levelChanges: [],
    gradeChange: null,
    ...at,
    ...over,
  };
}

/**
 * Files a complaint about unit s001 (or one of its people) as the gateway does: its workflow started with the
 * registration, under the default deadlines. The receipt is `R-{id}`; only its hash is kept.
 */
export async function registerComplaint(
  client: Client,
  taskQueue: string,
  c: { id: string; named: boolean; subjectPersonId: string | null },
): Promise<{ handle: WorkflowHandle<ComplaintWorkflow>; receipt: string }> {
  const receipt = `R-${c.id}`;
  const input: ComplaintInput = {
    complaintId: c.id,
    unitId: 's001',
    subjectKind: c.subjectPersonId ? 'PERSON' : 'UNIT',
    subjectPostId: null,
    subjectPersonId: c.subjectPersonId,
    text: '该校在教辅征订中存在违规收费的情况',
    named: c.named,
    receiptHash: createHash('sha256').update(receipt).digest('hex'),
    acceptWorkingDays: 5,
    handleWorkingDays: 30,
    holidays: [...CHINA_HOLIDAYS],
  };
  const start = new WithStartWorkflowOperation<ComplaintWorkflow>(COMPLAINT_WORKFLOW_TYPE, {
    workflowId: complaintWorkflowId(c.id),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await client.workflow.executeUpdateWithStart(registerComplaintUpdate, {
    startWorkflowOperation: start,
    updateId: `register:${c.id}`,
  });
  return { handle: await start.workflowHandle(), receipt };
}
