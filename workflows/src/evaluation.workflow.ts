import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  ErrorCode,
  REQUIRED,
  ROUND_EVALUATORS,
  validateEvaluationScore,
  validateSelfAssessment,
  weightedScore,
  wrongEvaluatorError,
  type FieldError,
  DomainError,
} from '@pirm/domain';
import {
  ACTIVITY_RETRY,
  closeRoundUpdate,
  districtEvaluationUpdate,
  evaluationStateQuery,
  openRoundUpdate,
  rejection,
  scoreUpdate,
  submitSelfAssessmentUpdate,
  type EvaluationInput,
  type EvaluationRound,
  type EvaluationState,
  type OpenRoundArgs,
  rejectionOf,
} from '@pirm/contracts';
import type { Activities } from '@pirm/activities';
import { Gate } from './gate';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: ACTIVITY_RETRY,
});

const MAX_INVITATIONS = 500;
const MAX_ROUNDS = 10;

/**
 * A unit's evaluation (R18, R19): its self-assessment, appraisal rounds scored with one-time invitation codes
 * (only their hashes are here), the district leading group's evaluation, and the weighted score by the rule
 * version the evaluation opened with. Each round closes at its time or when the office closes it.
 */
export async function unitEvaluationWorkflow(input: EvaluationInput): Promise<EvaluationState> {
  const state: EvaluationState = {
    campaignId: input.campaignId,
    unitId: input.unitId,
    rule: input.rule,
    selfAssessment: null,
    rounds: [],
    district: null,
    result: null,
    status: 'OPEN',
    revision: 0,
  };
  const gate = new Gate();

  const recompute = (): void => {
    const allClosed = state.rounds.length > 0 && state.rounds.every((r) => r.closed);
    const result = weightedScore(state.rule, {
      self: state.selfAssessment?.items ?? null,
      rounds: state.rounds.filter((r) => r.closed).map((r) => ({ kind: r.kind, scores: r.scores.map((s) => s.score) })),
      district: state.district?.score ?? null,
    });
    state.result = result;
    if (allClosed && result.score !== null) state.status = 'COMPLETE';
  };

  async function project(actor: string, action: string): Promise<void> {
    recompute();
    state.revision += 1;
    await acts.projectEvaluation({ state, change: { actor, action } });
  }

  const invitation = (hash: string): { round: EvaluationRound; index: number } | null => {
    for (const round of state.rounds) {
      const index = round.invitations.findIndex((i) => i.hash === hash);
      if (index >= 0) return { round, index };
    }
    return null;
  };
  const requireOpen = (): void => {
    if (state.status !== 'OPEN')
      throw rejection(ErrorCode.CONFLICT, { en: 'The evaluation is complete.', zh: '评估已经完成' });
  };

  setHandler(evaluationStateQuery, () => state);

  setHandler(
    submitSelfAssessmentUpdate,
    (args) =>
      gate.exclusively(async () => {
        requireOpen();
        state.selfAssessment = {
          items: args.items.map((i) => ({ ...i, evidence: i.evidence.trim() })),
          by: args.by,
          at: Date.now(),
        };
        await project(args.by, 'EVALUATION_SELF_ASSESSMENT');
        return state;
      }),
    {
      validator: (args) => {
        requireOpen();
        const errors = validateSelfAssessment(args.items);
        if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid self-assessment.'));
      },
    },
  );

  setHandler(
    openRoundUpdate,
    (args) =>
      gate.exclusively(async () => {
        requireOpen();
        const round: EvaluationRound = {
          id: `r${state.rounds.length + 1}`,
          kind: args.kind,
          closesAt: args.closesAt,
          closed: false,
          invitations: args.invitations.map((i) => ({ ...i, used: false })),
          scores: [],
        };
        state.rounds.push(round);
        await project(args.by, `EVALUATION_ROUND_OPENED_${args.kind}`);
        return state;
      }),
    {
      validator: (args: OpenRoundArgs) => {
        requireOpen();
        const errors: FieldError[] = [];
        if (state.rounds.length >= MAX_ROUNDS)
          errors.push({
            field: 'kind',
            reason: `a unit has at most ${MAX_ROUNDS} rounds`,
            message: `每个单位最多进行 ${MAX_ROUNDS} 轮评议`,
          });
        if (args.closesAt <= Date.now())
          errors.push({ field: 'closesOn', reason: 'must be in the future', message: '截止日期须在今天之后' });
        if (args.invitations.length < 1 || args.invitations.length > MAX_INVITATIONS)
          errors.push({
            field: 'invitations',
            reason: `must be 1 to ${MAX_INVITATIONS}`,
            message: `邀请数须为 1 到 ${MAX_INVITATIONS} 份`,
          });
        args.invitations.forEach((i, n) => {
          if (!ROUND_EVALUATORS[args.kind].includes(i.evaluatorKind))
            errors.push(wrongEvaluatorError(`invitations[${n}].evaluatorKind`, args.kind));
          if (invitation(i.hash))
            errors.push({ field: `invitations[${n}]`, reason: 'repeats an invitation', message: '邀请码重复' });
        });
        if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid round.'));
      },
    },
  );

  setHandler(
    scoreUpdate,
    (args) =>
      gate.exclusively(async () => {
        const found = invitation(args.hash);
        if (!found || found.round.closed || found.round.invitations[found.index]!.used)
          throw rejection(ErrorCode.CONFLICT, {
            en: 'This invitation was used meanwhile or its round closed.',
            zh: '该邀请码刚刚已被使用，或评议已经截止',
          });
        const inv = found.round.invitations[found.index]!;
        inv.used = true;
        found.round.scores.push({
          evaluatorKind: inv.evaluatorKind,
          score: args.score,
          comment: args.comment?.trim() || null,
          at: Date.now(),
        });
        await project('invitation', 'EVALUATION_SCORED');
        return state;
      }),
    {
      validator: (args) => {
        const found = invitation(args.hash);
        if (!found) throw rejection(ErrorCode.NOT_FOUND, { en: 'No such invitation.', zh: '邀请码无效' });
        if (found.round.closed || state.status !== 'OPEN')
          throw rejection(ErrorCode.CONFLICT, { en: 'This round has closed.', zh: '评议已经截止' });
        if (found.round.invitations[found.index]!.used)
          throw rejection(ErrorCode.CONFLICT, {
            en: 'This invitation has already been used.',
            zh: '该邀请码已经使用过',
          });
        const errors = validateEvaluationScore(args);
        if (errors.length) throw rejectionOf(DomainError.validation(errors, 'Invalid score.'));
      },
    },
  );

  setHandler(
    closeRoundUpdate,
    (args) =>
      gate.exclusively(async () => {
        const round = state.rounds.find((r) => r.id === args.roundId);
        if (!round || round.closed)
          throw rejection(ErrorCode.CONFLICT, { en: `Round ${args.roundId} is not open.`, zh: '这一轮评议已经截止' });
        round.closed = true;
        await project(args.by, 'EVALUATION_ROUND_CLOSED');
        return state;
      }),
    {
      validator: (args) => {
        const round = state.rounds.find((r) => r.id === args.roundId);
        if (!round) throw rejection(ErrorCode.NOT_FOUND, { en: `No round ${args.roundId}.`, zh: '没有这一轮评议' });
        if (round.closed)
          throw rejection(ErrorCode.CONFLICT, {
            en: `Round ${args.roundId} is already closed.`,
            zh: '这一轮评议已经截止',
          });
      },
    },
  );

  setHandler(
    districtEvaluationUpdate,
    (args) =>
      gate.exclusively(async () => {
        requireOpen();
        state.district = { score: args.score, opinion: args.opinion.trim(), by: args.by, at: Date.now() };
        await project(args.by, 'EVALUATION_DISTRICT');
        return state;
      }),
    {
      validator: (args) => {
        requireOpen();
        const errors = validateEvaluationScore({ score: args.score, comment: args.opinion });
        if (!args.opinion.trim()) errors.push({ field: 'opinion', ...REQUIRED });
        if (errors.length)
          throw rejectionOf(
            DomainError.validation(
              errors.map((e) => (e.field === 'comment' ? { ...e, field: 'opinion' } : e)),
              'Invalid district evaluation.',
            ),
          );
      },
    },
  );

  await gate.exclusively(() => project(input.openedBy, 'EVALUATION_OPENED'));

  while (state.status === 'OPEN') {
    const seen = gate.changes;
    const next = state.rounds.filter((r) => !r.closed).sort((a, b) => a.closesAt - b.closesAt)[0];
    if (!next) {
      await condition(() => gate.changes !== seen || state.status !== 'OPEN');
      continue;
    }
    const woken = await condition(
      () => gate.changes !== seen || state.status !== 'OPEN',
      Math.max(next.closesAt - Date.now(), 1),
    );
    if (!woken) {
      await gate.exclusively(async () => {
        if (next.closed) return;
        next.closed = true;
        await project('system', 'EVALUATION_ROUND_CLOSED');
      });
    }
  }
  await condition(() => !gate.busy);
  return state;
}
