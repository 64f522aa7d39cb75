import { Worker } from '@temporalio/worker';
import { loadHistories } from '../../support/histories';
import { workflowBundle } from '../../support/stack';

describe('workflow changes stay compatible with running workflows: recorded histories replay on the current code', () => {
  const histories = loadHistories();

  it('has recorded histories of every workflow type to replay', () => {
    expect(histories.some((h) => h.workflowId.startsWith('campaign-'))).toBe(true);
    expect(histories.some((h) => h.workflowId.startsWith('form-review-'))).toBe(true);
    expect(histories.some((h) => h.workflowId.startsWith('unit-campaign-'))).toBe(true);
    expect(histories.filter((h) => h.workflowId.startsWith('oversight-')).length).toBeGreaterThanOrEqual(5);
    expect(histories.some((h) => h.workflowId.startsWith('export-'))).toBe(true);
  });

  it('replays every recorded history without a nondeterminism error', async () => {
    const bundle = await workflowBundle();
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
