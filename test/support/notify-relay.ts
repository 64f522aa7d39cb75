import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createChannels, type Channels, type RelayConfig } from '@pirm/activities';
import { notificationRelayWorkflowId } from '@pirm/contracts';
import { createCampaignWorker, loadPrintConfig, startNotificationRelay } from '@pirm/worker';
import { temporalAddress, uniqueName, workflowBundle } from './stack';

export const TEST_CONSOLE_URL = 'https://pirm.example.cn';

/** Quick passes and retries, no robots of the configuration: what the relay tests share. */
export function testRelayConfig(over: Partial<RelayConfig> = {}): RelayConfig {
  return {
    consoleUrl: TEST_CONSOLE_URL,
    smtp: null,
    sms: null,
    robots: [],
    sendTimeoutMs: 2_000,
    retry: { maxAttempts: 100, baseMs: 100, maxMs: 500 },
    passMs: 5_000,
    pollMs: 100,
    leaseMs: 5_000,
    batch: 25,
    ...over,
  };
}

/**
 * The production worker running the notification relay workflow (issue 18) on a task queue of its own against
 * the shared Temporal server, over `dataSource`. `clock` is the relay's notion of now (the real clock unless a
 * test moves it, e.g. to tomorrow's digest hour); Temporal's own timers stay real.
 */
export class TestRelay {
  private worker?: Worker;
  private running?: Promise<void>;
  private connection?: NativeConnection;
  private client?: Client;
  private channels?: Channels;
  readonly taskQueue = uniqueName('relay');

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: RelayConfig,
    private readonly clock?: () => number,
  ) {}

  async start(): Promise<this> {
    this.channels = createChannels(this.config);
    this.connection = await NativeConnection.connect({ address: temporalAddress() });
    this.worker = await createCampaignWorker({
      connection: this.connection,
      namespace: 'default',
      taskQueue: this.taskQueue,
      dataSource: this.dataSource,
      print: loadPrintConfig(),
      workflowBundle: await workflowBundle(),
      relay: { config: this.config, channels: this.channels, ...(this.clock ? { clock: this.clock } : {}) },
    });
    this.running = this.worker.run();
    this.client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
    await startNotificationRelay(this.client, this.taskQueue, { heartbeatTimeoutSeconds: 10 });
    return this;
  }

  async stop(): Promise<void> {
    await this.client?.workflow
      .getHandle(notificationRelayWorkflowId(this.taskQueue))
      .terminate('test over')
      .catch(() => undefined);
    this.worker?.shutdown();
    await this.running;
    this.channels?.close();
    await this.client?.connection.close();
    await this.connection?.close();
  }
}
