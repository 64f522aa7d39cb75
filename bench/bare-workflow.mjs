// The baseline of `npm run bench`: a form review reduced to Temporal alone — the same four updates (a
// submission, then one approval per step) under the same names and with an idempotency key and a step check,
// and a state query, but no activities, so no projections. Bundled on its own by the bench, never part of workflows/.
import { condition, defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';

const submitForm = defineUpdate('submitForm');
const decide = defineUpdate('decide');
const formReviewState = defineQuery('formReviewState');

export async function bareReviewWorkflow({ steps }) {
  const state = { status: 'AWAITING_SUBMISSION', currentStep: null, decisions: 0 };
  const results = new Map();
  setHandler(formReviewState, () => state);
  setHandler(submitForm, () => {
    if (state.status === 'AWAITING_SUBMISSION') Object.assign(state, { status: 'IN_REVIEW', currentStep: 0 });
    return state;
  });
  setHandler(
    decide,
    (args) => {
      const done = results.get(args.key);
      if (done) return done;
      state.decisions += 1;
      const last = args.step === steps - 1;
      Object.assign(state, last ? { status: 'APPROVED', currentStep: null } : { currentStep: args.step + 1 });
      const result = { status: state.status, currentStep: state.currentStep };
      results.set(args.key, result);
      return result;
    },
    {
      validator: (args) => {
        if (!results.has(args.key) && state.currentStep !== args.step)
          throw new Error('This step is not open for a decision.');
      },
    },
  );
  await condition(() => state.status === 'APPROVED');
  return state;
}
