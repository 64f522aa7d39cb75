import { proxyActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { phaseDeadline, phaseOpensAt, type PhaseWindow } from '@pirm/domain';
import { SEARCH_ATTRIBUTES, campaignStateQuery, type CampaignInput, type CampaignState } from '@pirm/contracts';
import type { Activities } from '@pirm/activities';

const { projectCampaign } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Projections must land eventually: retry without limit while the database is away.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Waits (durably) until the instant `at`; returns at once if it has passed. */
async function sleepUntil(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await sleep(wait);
}

/**
 * The annual campaign (workflow id `campaign:{campaignId}`): opens each phase on its start date and
 * completes when the last phase's deadline passes. State is published to the read model on every change.
 */
export async function campaignWorkflow(input: CampaignInput): Promise<CampaignState> {
  const state: CampaignState = {
    campaignId: input.campaignId,
    year: input.year,
    status: 'SCHEDULED',
    currentPhase: null,
    calendar: input.calendar,
    rulesVersion: input.rulesVersion,
    launchedBy: input.launchedBy,
    revision: 0,
  };
  setHandler(campaignStateQuery, () => state);

  const publish = async (): Promise<void> => {
    state.revision += 1;
    await projectCampaign({ ...state });
  };

  await publish();
  const windows: PhaseWindow[] = input.calendar;
  for (const [i, window] of windows.entries()) {
    await sleepUntil(phaseOpensAt(window));
    state.status = 'RUNNING';
    state.currentPhase = window.phase;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.phase, value: window.phase }]);
    const next = windows[i + 1];
    // Phases already open when the campaign starts are passed through without a projection each.
    if (!next || phaseOpensAt(next) > Date.now()) await publish();
  }
  const last = windows[windows.length - 1];
  if (last) await sleepUntil(phaseDeadline(last));
  state.status = 'COMPLETED';
  await publish();
  return state;
}
