import { condition, patched, setHandler } from '@temporalio/workflow';
import {
  decideUpdate,
  extendStepUpdate,
  formReviewStateQuery,
  holidaysPublishedSignal,
  rosterChangedSignal,
  submitFormUpdate,
  type FormReviewInput,
  type FormReviewState,
} from '@pirm/contracts';
import { reassignOpenStep } from './form-review/assignment';
import { watchDeadlines } from './form-review/deadlines';
import { decide, validateDecide } from './form-review/decision';
import { extendStep, validateExtend } from './form-review/extension';
import { acts, localActs } from './form-review/proxies';
import { Review } from './form-review/review';
import { reopen, submit, validateSubmit } from './form-review/submission';

/**
 * One form's review chain (workflow id `form:{campaignId}:{personId}`), R09. Started by the first submission
 * (update-with-start); steps follow the chain given at start. Decisions are Updates with validators: a
 * wrong person, a step not open, a stale form version or a bad opinion is rejected and leaves no history.
 * Each open step has a reminder and a deadline in working days; at the deadline the step is escalated to
 * the next level up, who may then decide it too. Returns when the last step approves.
 */
export async function formReviewWorkflow(input: FormReviewInput): Promise<FormReviewState> {
  // Runs recorded before these changes replay with regular activities.
  const db = patched('local-db-steps') ? localActs : acts;
  const writes = patched('local-decision-writes') ? localActs : acts;
  const review = new Review(input, db, writes);

  setHandler(formReviewStateQuery, () => review.state);
  setHandler(rosterChangedSignal, () => {
    // Runs recorded before this signal existed never received it; the patch marks where the handler first acted.
    if (patched('reassign-on-roster-change')) void review.gate.exclusively(() => reassignOpenStep(review));
  });
  // Registering it issues no command; a run recorded before it existed never received it.
  setHandler(holidaysPublishedSignal, (year) => review.publishHolidays(year));
  // The updates are registered after the reopening, as they always were: one arriving during it is refused.
  if (input.reopen) await reopen(review, input.reopen);
  setHandler(submitFormUpdate, (args) => submit(review, args), { validator: (args) => validateSubmit(review, args) });
  setHandler(decideUpdate, (args) => decide(review, args), { validator: (args) => validateDecide(review, args) });
  setHandler(extendStepUpdate, (args) => extendStep(review, args), {
    validator: (args) => validateExtend(review, args),
  });

  await watchDeadlines(review);
  // Let an in-flight update finish before the run closes.
  await condition(() => !review.gate.busy);
  return review.state;
}
