import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { TestDistrict } from './district';
import { recordHistories } from './histories';
import { createTestDatabase, createTestWorker, createTimeSkippingEnv, uniqueName, type TestDatabase } from './stack';

/** What a workflow test file runs against; the fields are set once its `beforeAll` has run. */
export interface WorkflowStack {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  /** The generated test district (none unless asked for). */
  district: TestDistrict;
  taskQueue: string;
  /** Ids of the workflows the file started, kept as replay fixtures by `npm run histories:record`. */
  started: string[];
}

export interface WorkflowStackOptions {
  /** The task queue's prefix. */
  name: string;
  /** A test district for this campaign id, and its size (TestDistrict's default when left out). */
  district?: { campaignId: string; size?: Parameters<typeof TestDistrict.create>[2] };
  /** The worker's workflow cache; 0 rebuilds every workflow from its history, as after a restart. */
  maxCachedWorkflows?: number;
  /** Histories kept under this fixture prefix when recording (the ids in `started`, unless `record` says). */
  histories?: string;
  /** Records histories of other workflows than `started` (several prefixes). */
  record?: (client: Client, dir: string) => Promise<void>;
}

/**
 * For the describe block it is called in: a time-skipping Temporal server, a database of its own (with a test
 * district when asked) and a worker on a task queue of its own, started before the tests and stopped after.
 */
export function useWorkflowStack(options: WorkflowStackOptions): WorkflowStack {
  const stack = { taskQueue: uniqueName(options.name), started: [] as string[] } as WorkflowStack;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    [stack.env, stack.db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
    if (options.district)
      stack.district = await TestDistrict.create(
        stack.db.dataSource,
        options.district.campaignId,
        options.district.size,
      );
    worker = await createTestWorker(
      stack.env.nativeConnection,
      stack.db.dataSource,
      stack.taskQueue,
      options.maxCachedWorkflows,
    );
    running = worker.run();
  });
  afterAll(async () => {
    const dir = process.env.PIRM_RECORD_HISTORIES;
    if (dir && stack.env) {
      if (options.histories) await recordHistories(stack.env.client, stack.started, dir, options.histories);
      await options.record?.(stack.env.client, dir);
    }
    worker?.shutdown();
    await running;
    await Promise.all([stack.env?.teardown(), stack.db?.drop()]);
  });
  return stack;
}
