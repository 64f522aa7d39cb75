import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { createChannels, type Channels } from '@pirm/activities';
import type { DataSource } from 'typeorm';
import { temporalConnectionOptions } from '@pirm/contracts';
import { assertSchemaCurrent, createDataSource, createExportStorage } from '@pirm/persistence';
import type { Server } from 'node:http';
import { loadWorkerConfig, type WorkerConfig } from './config';
import { serveWorkerHealth } from './health';
import { bundleWorkflows, createCampaignWorker, startNotificationRelay } from './temporal-worker';

const WORKER_CONFIG = Symbol('WORKER_CONFIG');
const DATA_SOURCE = Symbol('DATA_SOURCE');

/** Runs the Temporal worker for the life of the Nest application context. */
@Injectable()
class TemporalWorkerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('TemporalWorker');
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  private health?: Server;
  private channels?: Channels;
  /** Ends the relay's pass when the worker shuts down (see NotifyActivityDeps). */
  private readonly stopping = new AbortController();
  private client?: Client;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { temporal } = this.config;
    this.connection = await NativeConnection.connect(temporalConnectionOptions(temporal));
    const relay = this.config.relay;
    if (relay) this.channels = createChannels(relay);
    this.worker = await createCampaignWorker({
      connection: this.connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      dataSource: this.dataSource,
      exportStorage: createExportStorage(this.config.exportStorage, this.dataSource),
      print: this.config.print,
      workflowBundle: await bundleWorkflows(),
      maxConcurrentActivities: this.config.maxConcurrentActivities,
      maxCachedWorkflows: this.config.maxCachedWorkflows,
      ...(relay && this.channels
        ? { relay: { config: relay, channels: this.channels, stopping: this.stopping.signal } }
        : {}),
    });
    this.running = this.worker.run().catch((err: unknown) => {
      this.log.error(`worker stopped: ${String(err)}`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.log.log(`polling task queue ${temporal.taskQueue} on ${temporal.address} (namespace ${temporal.namespace})`);
    if (this.config.healthPort) await this.serveHealth(this.connection, this.worker);
    if (relay) await this.startRelay(relay.heartbeatSeconds);
  }

  /** Makes sure the outbox relay runs (issue 18); Temporal keeps one per task queue whatever the number of workers. */
  private async startRelay(heartbeatTimeoutSeconds: number): Promise<void> {
    const { temporal } = this.config;
    this.client = new Client({
      connection: await Connection.connect(temporalConnectionOptions(temporal)),
      namespace: temporal.namespace,
    });
    await startNotificationRelay(this.client, temporal.taskQueue, { heartbeatTimeoutSeconds });
    this.log.log(`notification relay running on ${temporal.taskQueue}`);
  }

  private async serveHealth(connection: NativeConnection, worker: Worker): Promise<void> {
    const { server, url } = await serveWorkerHealth(this.config.healthHost, this.config.healthPort, {
      database: () => this.dataSource.query('SELECT 1'),
      temporal: () => connection.withDeadline(Date.now() + 2_000, () => connection.workflowService.getSystemInfo({})),
      worker: async () => {
        if (worker.getState() !== 'RUNNING') throw new Error(worker.getState());
      },
    });
    this.health = server;
    this.log.log(`health on ${url}/health/live and /health/ready`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.health?.close();
    this.stopping.abort();
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.client?.connection.close();
    this.channels?.close();
    await this.connection?.close();
    // The worker has drained its activities, so the pool can close.
    await this.dataSource.destroy();
  }
}

@Module({
  providers: [
    { provide: WORKER_CONFIG, useFactory: () => loadWorkerConfig() },
    {
      provide: DATA_SOURCE,
      inject: [WORKER_CONFIG],
      useFactory: async (config: WorkerConfig) => {
        const ds = createDataSource({
          url: config.database.url,
          applicationName: 'pirm-worker',
          poolSize: config.database.poolSize,
        });
        await ds.initialize();
        await assertSchemaCurrent(ds);
        return ds;
      },
    },
    TemporalWorkerRunner,
  ],
})
export class WorkerModule {}
