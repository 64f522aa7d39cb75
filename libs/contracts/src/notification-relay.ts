/** The relay that drains the notification outbox (issue 18): one long-lived workflow per task queue. */
export const NOTIFICATION_RELAY_WORKFLOW_TYPE = 'notificationRelayWorkflow';

/** One relay per task queue (tests run several stacks against one Temporal server, each on its own queue). */
export const notificationRelayWorkflowId = (taskQueue: string): string => `notification-relay:${taskQueue}`;

export interface NotificationRelayInput {
  /**
   * How long a relay activity may go without a heartbeat before Temporal runs it again elsewhere: the time a
   * killed worker's deliveries wait. The activity heartbeats every poll, so a few seconds more than that is enough.
   */
  heartbeatTimeoutSeconds: number;
}
