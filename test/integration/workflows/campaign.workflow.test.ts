import { defaultCalendar, phaseDeadline, phaseOpensAt, type PhaseWindow } from '@pirm/domain';
import {
  CAMPAIGN_WORKFLOW_TYPE,
  campaignStateQuery,
  campaignWorkflowId,
  type CampaignInput,
  type CampaignWorkflow,
} from '@pirm/contracts';
import { findCampaign } from '@pirm/persistence';
import { uniqueName } from '../../support/stack';
import { useWorkflowStack } from '../../support/workflow-stack';

describe('campaignWorkflow on the time-skipping server', () => {
  const stack = useWorkflowStack({ name: 'campaign', histories: 'campaign' });
  const { taskQueue, started } = stack;

  it('opens every phase on its start date and completes after the last deadline, projecting each step', async () => {
    // A campaign whose calendar starts a day after "now" on the test server's clock.
    const start = new Date((await stack.env.currentTimeMs()) + 86_400_000);
    const year = start.getUTCFullYear() + 1;
    const calendar: PhaseWindow[] = defaultCalendar(year);
    const input: CampaignInput = { campaignId: `${year}`, year, calendar, rulesVersion: 1, launchedBy: 'office-admin' };
    const handle = await stack.env.client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
      workflowId: campaignWorkflowId(uniqueName('c')),
      taskQueue,
      args: [input],
    });
    started.push(handle.workflowId);

    const first = await handle.query(campaignStateQuery);
    expect(first).toMatchObject({ status: 'SCHEDULED', currentPhase: null });

    // Skip to the middle of screening: mobilisation and screening have opened.
    const screening = calendar[1]!;
    await stack.env.sleep(phaseOpensAt(screening) + 3_600_000 - (await stack.env.currentTimeMs()));
    expect(await handle.query(campaignStateQuery)).toMatchObject({ status: 'RUNNING', currentPhase: 'SCREENING' });
    const row = await findCampaign(stack.db.dataSource, `${year}`);
    expect(row).toMatchObject({ status: 'RUNNING', currentPhase: 'SCREENING' });

    const result = await handle.result();
    expect(result).toMatchObject({ status: 'COMPLETED', currentPhase: 'CORRECTION' });
    expect(await stack.env.currentTimeMs()).toBeGreaterThanOrEqual(phaseDeadline(calendar[4]!));
    expect(await findCampaign(stack.db.dataSource, `${year}`)).toMatchObject({
      status: 'COMPLETED',
      revision: result.revision,
    });
  });
});
