import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import { ACTIVITY_RETRY, type NotificationRelayInput } from '@pirm/contracts';
import type { Activities } from '@pirm/activities';

/** Passes of the relay activity per run: each is ~3 events, so a run stays far below the history limits. */
const PASSES_PER_RUN = 200;

/**
 * Drains the notification outbox for the life of the service (issue 18). Each pass is one heartbeating
 * activity that claims due deliveries, sends them and records the outcome for a few minutes, then returns;
 * a worker that dies mid-pass stops heartbeating, and Temporal runs the pass again on another worker, which
 * claims the dead one's deliveries once their lease lapses (idempotency keys make the resend harmless).
 * The workflow holds no delivery state: PostgreSQL does, so nothing here needs replay-sensitive care.
 */
export async function notificationRelayWorkflow(input: NotificationRelayInput): Promise<void> {
  const { relayNotifications } = proxyActivities<Activities>({
    // A pass runs for the relay's configured time (minutes) plus one batch of sends.
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: `${input.heartbeatTimeoutSeconds} seconds`,
    retry: ACTIVITY_RETRY,
  });
  for (let pass = 0; pass < PASSES_PER_RUN; pass++) {
    try {
      await relayNotifications();
    } catch {
      // A pass that keeps failing (database down for hours) must not end the relay: wait and go on.
      await sleep('1 minute');
    }
  }
  await continueAsNew<typeof notificationRelayWorkflow>(input);
}
