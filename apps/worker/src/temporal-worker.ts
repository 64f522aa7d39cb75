import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { Client } from '@temporalio/client';
import { createActivities, type NotifyActivityDeps, type PrintConfig } from '@pirm/activities';
import { PgExportStorage, type ExportStorage } from '@pirm/persistence';
import {
  NOTIFICATION_RELAY_WORKFLOW_TYPE,
  notificationRelayWorkflowId,
  type NotificationRelayInput,
} from '@pirm/contracts';

/**
 * Bundles the workflow code once (webpack, ~2 s). The bundler resolves `@pirm/workflows` like Node does, so
 * the bundle is built from the same compiled package in production and in tests.
 */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('@pirm/workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
}

export interface CampaignWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  /** Where export files go; PostgreSQL (`dataSource`) when absent. */
  exportStorage?: ExportStorage;
  /** The font of printed forms. */
  print: PrintConfig;
  workflowBundle: WorkflowBundleWithSourceMap;
  maxConcurrentActivities?: number;
  /** 0 makes every workflow task replay its whole history, as a freshly restarted worker would. */
  maxCachedWorkflows?: number;
  /** The notification relay's settings and senders; absent, this worker relays no notifications. */
  relay?: NonNullable<NotifyActivityDeps['relay']>;
}

/** The one place a worker is assembled: `apps/worker` runs it, integration tests run the same thing. */
export function createCampaignWorker(o: CampaignWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    workflowBundle: o.workflowBundle,
    activities: createActivities({
      dataSource: o.dataSource,
      exportStorage: o.exportStorage ?? new PgExportStorage(o.dataSource),
      print: o.print,
      ...(o.relay ? { relay: o.relay } : {}),
    }),
    maxConcurrentActivityTaskExecutions: o.maxConcurrentActivities ?? 50,
    shutdownGraceTime: '10 seconds',
    ...(o.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: o.maxCachedWorkflows }),
  });
}

/**
 * Starts the notification relay workflow of a task queue unless it runs already (every worker calls this at
 * boot; the first start wins, the others attach to it). Its passes run on whichever worker polls the queue.
 */
export async function startNotificationRelay(client: Client, taskQueue: string, input: NotificationRelayInput) {
  return client.workflow.start(NOTIFICATION_RELAY_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: notificationRelayWorkflowId(taskQueue),
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
