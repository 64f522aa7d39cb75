import { randomUUID } from 'node:crypto';
import { EXPORT_FORMATS, ExportKind } from '@pirm/domain';
import { EXPORT_WORKFLOW_TYPE, exportWorkflowId, type ExportInput, type ExportWorkflow } from '@pirm/contracts';
import { createExportJob, findExportJob } from '@pirm/persistence';
import { campaignIdFor } from '../../support/campaign';
import { useWorkflowStack } from '../../support/workflow-stack';

/**
 * R23 an export that cannot be made ends FAILED with a reason its requester can read: the refusal's Chinese,
 * stored on the job the console polls. The run is kept as a replay fixture by `npm run histories:record`.
 */
describe('R23 the export workflow on a real Temporal server (time-skipping)', () => {
  const stack = useWorkflowStack({ name: 'export', histories: 'export' });

  it('R23 a print of a form that does not exist fails at once, in Chinese, and the job says so', async () => {
    const jobId = randomUUID();
    const campaignId = campaignIdFor();
    const kind = ExportKind.RISK_FORM_PDF;
    const params = { campaignId, unitId: null, formId: randomUUID() };
    await createExportJob(
      stack.db.dataSource,
      {
        id: jobId,
        kind,
        params,
        campaignId,
        requestedBy: randomUUID(),
        fileName: '风险防控表.pdf',
        contentType: EXPORT_FORMATS[kind].contentType,
        downloadToken: randomUUID(),
      },
      null,
    );
    const input: ExportInput = { jobId, kind, params, linkTtlMinutes: 10 };
    const workflowId = exportWorkflowId(jobId);
    stack.started.push(workflowId);
    const outcome = await stack.env.client.workflow.execute<ExportWorkflow>(EXPORT_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: stack.taskQueue,
      args: [input],
    });
    expect(outcome).toEqual({ status: 'FAILED', error: '没有这份表单' });
    const job = await findExportJob(stack.db.dataSource, jobId);
    expect({ status: job?.status, error: job?.error, file: job?.filePath }).toEqual({
      status: 'FAILED',
      error: '没有这份表单',
      file: null,
    });
  });
});
