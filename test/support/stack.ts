import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { NativeConnection, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, type LogLevel, type LogMetadata, type Logger } from '@temporalio/worker';
import { SEARCH_ATTRIBUTES } from '@pirm/contracts';
import { createDataSource } from '@pirm/persistence';
import { bundleWorkflows, createCampaignWorker, loadPrintConfig } from '@pirm/worker';

// The same mapping the real server's registration uses (infra/start.mjs --cluster).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { indexedTypes } = require('../../infra/temporal-namespace.cjs') as {
  indexedTypes(keys: { name: string; type: string }[]): Record<string, temporal.api.enums.v1.IndexedValueType>;
};

function required(name: string): string {
  const v = process.env[name];
  if (!v)
    throw new Error(
      `${name} is not set: run the tests through jest so that test/support/global-setup.mjs starts the stack`,
    );
  return v;
}

export function temporalAddress(): string {
  return required('PIRM_TEST_TEMPORAL_ADDRESS');
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase {
  /** As the app role (what the services connect as): rows only, no DDL. */
  url: string;
  /** As the owner role (what migrations run as): for tests that tamper with the schema, e.g. disable a trigger. */
  ownerUrl: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own (a copy of the template), so test files never share rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = required('PIRM_TEST_PG_ADMIN_URL');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" OWNER pirm_owner TEMPLATE "${required('PIRM_TEST_PG_TEMPLATE')}"`);
  } finally {
    await admin.end();
  }
  const inDb = (roleUrl: string) => Object.assign(new URL(roleUrl), { pathname: `/${name}` }).toString();
  const [url, ownerUrl] = [inDb(required('PIRM_TEST_PG_APP_URL')), inDb(required('PIRM_TEST_PG_OWNER_URL'))];
  const dataSource = createDataSource({ url, applicationName: 'pirm-test', poolSize: 5 });
  await dataSource.initialize();
  return {
    url,
    ownerUrl,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const c = new PgClient({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The production workflow bundle, built once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows();
  return bundle;
}

/** Temporal's time-skipping test server, from the binary the global setup provisioned, with our search attributes. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: required('PIRM_TEST_TEMPORAL_TEST_SERVER') } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: indexedTypes(Object.values(SEARCH_ATTRIBUTES)),
  });
  return env;
}

/** The production worker (same factory, bundle and activities) on a task queue of the test's own. */
export async function createTestWorker(
  connection: NativeConnection,
  dataSource: DataSource,
  taskQueue: string,
  maxCachedWorkflows?: number,
): Promise<Worker> {
  return createCampaignWorker({
    connection,
    namespace: 'default',
    taskQueue,
    dataSource,
    print: loadPrintConfig(),
    workflowBundle: await workflowBundle(),
    maxCachedWorkflows,
  });
}

type WorkerLogListener = (level: LogLevel, message: string, meta?: LogMetadata) => void;
const workerLogListeners = new Set<WorkerLogListener>();

/**
 * Calls `listener` with each line the in-process workers log (e.g. 'Activity failed' with the attempt and
 * workflow id): an event to wait for where the worker's progress shows nowhere else. Returns the unsubscribe.
 */
export function onWorkerLog(listener: WorkerLogListener): () => void {
  workerLogListeners.add(listener);
  return () => void workerLogListeners.delete(listener);
}

/** Prints as the SDK's default logger does, and tells the listeners. */
class TestRuntimeLogger implements Logger {
  // Keep test output to what matters: the SDK's worker lifecycle lines are INFO.
  private readonly printer = new DefaultLogger('WARN');
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    for (const listener of workerLogListeners) listener(level, message, meta);
    this.printer.log(level, message, meta);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

Runtime.install({ logger: new TestRuntimeLogger() });
