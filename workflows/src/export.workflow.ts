import { ActivityFailure, patched, proxyActivities } from '@temporalio/workflow';
import {
  ACTIVITY_RETRY,
  EXPORT_HEARTBEAT_TIMEOUT_MS,
  EXPORT_RENDER_RETRY,
  domainErrorFromFailure,
  type ExportInput,
  type ExportOutcome,
} from '@pirm/contracts';
import type { Activities } from '@pirm/activities';

const render = proxyActivities<Activities>({
  // A district's year-end assessment is the largest file; the heartbeat, not this, notices a lost worker.
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: EXPORT_HEARTBEAT_TIMEOUT_MS,
  retry: EXPORT_RENDER_RETRY,
});

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: ACTIVITY_RETRY,
});

/** What a failure without a refusal of its own (retries exhausted, a lost store) tells the requester. */
export const EXPORT_FAILED = '导出未能完成，请稍后重新导出；多次失败请联系系统管理员';

/**
 * A printed form or an XLSX export (R21, R23): the worker renders the file into the shared export storage,
 * reporting progress as it goes, so any gateway serves it and no gateway's death loses it. A failure the
 * retries do not cure ends the job FAILED with a reason its requester can read.
 */
export async function exportWorkflow(input: ExportInput): Promise<ExportOutcome> {
  try {
    await render.renderExport(input);
    return { status: 'DONE' };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const known = domainErrorFromFailure(err);
    // The requester reads the reason in the console: the refusal's Chinese, not the developers' English.
    const error = patched('chinese-export-errors')
      ? (known?.userMessage ?? EXPORT_FAILED)
      : (known?.message ?? 'the export failed; see the worker log');
    await acts.failExport({ jobId: input.jobId, error });
    return { status: 'FAILED', error };
  }
}
