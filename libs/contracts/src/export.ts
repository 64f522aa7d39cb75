import type { RetryPolicy } from '@temporalio/common';
import type { ExportKind, ExportParams } from '@pirm/domain';

/** One workflow per export job, named after it: starting it twice (a client's retry) finds the first. */
export function exportWorkflowId(jobId: string): string {
  return `export:${jobId}`;
}

export const EXPORT_WORKFLOW_TYPE = 'exportWorkflow';

export interface ExportInput {
  /** The export_job row the gateway recorded (with its audit record) before starting the workflow. */
  jobId: string;
  kind: ExportKind;
  params: ExportParams;
  /** How long the download link works once the file is stored. */
  linkTtlMinutes: number;
}

export type ExportOutcome = { status: 'DONE' } | { status: 'FAILED'; error: string };

export type ExportWorkflow = (input: ExportInput) => Promise<ExportOutcome>;

/**
 * Rendering a file is retried a few times only (a worker lost, the database away for a moment): a person waits
 * for it, and after a couple of minutes a failed job that says so is better than one that keeps them waiting.
 */
export const EXPORT_RENDER_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  maximumInterval: '30 seconds',
  maximumAttempts: 5,
};

/** A rendering attempt whose worker has not reported for this long is given up and started again elsewhere. */
export const EXPORT_HEARTBEAT_TIMEOUT_MS = 15_000;
