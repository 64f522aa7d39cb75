import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { ACTIVITY_RETRY } from '@pirm/contracts';
import type { Activities } from '@pirm/activities';

export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: ACTIVITY_RETRY,
});

/**
 * The review's reads and writes (the submission's lock, the decision's projection, reviewers, task rows,
 * notifications) are short, idempotent database steps: they run as local activities, in the worker, recorded
 * in history as markers, without a round trip through the server's task queues for each. A worker that dies
 * inside one loses its workflow task; the task times out and the next worker runs the step again (idempotent,
 * so it writes once). Retries beyond `localRetryThreshold` continue on a server timer.
 */
export const localActs = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: ACTIVITY_RETRY,
});

/** Either proxy: which one a run uses depends on the patches it was recorded with. */
export type ReviewActivities = typeof acts;
