import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ROLE_LABELS } from '@pirm/domain';
import type { DecideResult } from '@pirm/contracts';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { RiskFormModel } from '../forms/forms.model';
import { toRiskFormModel } from '../forms/forms.resolver';
import {
  ApproveTasksInput,
  DecideInput,
  DecisionResultModel,
  ExtendStepInput,
  GradeOverrideModel,
  NudgeResultModel,
  ReviewChainInput,
  ReviewChainModel,
  ReviewStateModel,
  ReviewTaskConnection,
  TaskDepartmentModel,
  ReviewTaskModel,
  TaskFilterInput,
  TaskOutcomeModel,
} from './review.model';
import { ReviewService, encodeCursor, type NamedReviewState, type TaskView } from './review.service';
import { PageSizeArg } from '../graphql/page-size';

const toResult = (r: DecideResult): DecisionResultModel => Object.assign(new DecisionResultModel(), r);

function toTask(t: TaskView): ReviewTaskModel {
  return Object.assign(new ReviewTaskModel(), {
    id: t.id,
    formId: t.formId,
    campaignId: t.campaignId,
    unitId: t.unitId,
    formType: t.formType,
    ownerName: t.ownerName,
    revision: t.revision,
    step: t.step,
    role: t.role,
    why: t.assignedBecause,
    status: t.status,
    openedAt: t.openedAt,
    dueAt: t.dueAt,
    escalated: t.escalatedTo.length > 0,
    decision: t.decision,
    formVersion: t.formVersion,
    changes: t.changes,
    returnOpinion: t.returnOpinion,
    nudgeCount: t.nudgeCount,
    lastNudgedAt: t.lastNudgedAt,
  });
}

function toState(s: NamedReviewState): ReviewStateModel {
  return Object.assign(new ReviewStateModel(), {
    status: s.status,
    revision: s.revision,
    currentStep: s.currentStep,
    steps: s.steps.map((st) => ({
      ...st,
      label: ROLE_LABELS[st.role],
      dueAt: st.dueAt === null ? null : new Date(st.dueAt),
    })),
    decisions: s.decisions.map((d) => ({ ...d, decidedAt: new Date(d.decidedAt) })),
  });
}

@Resolver()
export class ReviewResolver {
  constructor(private readonly reviews: ReviewService) {}

  @Mutation(() => RiskFormModel, {
    description: 'Submits my form into its review chain (R09); submitting the same version twice starts nothing new.',
  })
  async submitRiskForm(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
  ): Promise<RiskFormModel> {
    return toRiskFormModel(await this.reviews.submit(principal, campaignId, expectedVersion));
  }

  @Mutation(() => DecisionResultModel, {
    description: 'Approves or returns a task’s form; only its assignees may, once per step.',
  })
  async decideReviewTask(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: DecideInput,
  ): Promise<DecisionResultModel> {
    return toResult(
      await this.reviews.decide(principal, {
        ...input,
        returnTo: input.returnTo ?? null,
        gradeChange: input.gradeChange ?? null,
      }),
    );
  }

  @Mutation(() => NudgeResultModel, {
    description:
      '催办: the office, the unit’s leaders or the form’s owner nudge the open task’s reviewers; once per task per NUDGE_INTERVAL_HOURS (RATE_LIMITED otherwise); audited.',
  })
  async nudgeReviewTask(
    @CurrentPrincipal() principal: Principal,
    @Args('taskId', { type: () => ID }) taskId: string,
  ): Promise<NudgeResultModel> {
    const r = await this.reviews.nudge(principal, taskId);
    return Object.assign(new NudgeResultModel(), { taskId, nudgeCount: r.count, lastNudgedAt: r.at });
  }

  @Mutation(() => [TaskOutcomeModel], {
    description: 'Approves up to 100 tasks I chose, each through the same checks; an outcome per task.',
  })
  async approveReviewTasks(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: ApproveTasksInput,
  ): Promise<TaskOutcomeModel[]> {
    const outcomes = await this.reviews.approveMany(principal, input.taskIds, input.opinion, input.idempotencyKey);
    return outcomes.map((o) =>
      Object.assign(new TaskOutcomeModel(), {
        taskId: o.taskId,
        ok: !!o.result,
        errorCode: o.error?.code ?? null,
        message: o.error?.message ?? null,
        userMessage: o.error?.userMessage ?? null,
        result: o.result ? toResult(o.result) : null,
      }),
    );
  }

  @Mutation(() => ReviewStateModel, {
    description: 'Office only: more working days for an open step; its reminder and escalation re-arm.',
  })
  async extendReviewTask(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: ExtendStepInput,
  ): Promise<ReviewStateModel> {
    return toState(
      await this.reviews.extend(principal, input.taskId, input.workingDays, input.reason, input.idempotencyKey),
    );
  }

  @Query(() => [ReviewChainModel], { description: 'The review chain of each form type (R09).' })
  async reviewChains(@CurrentPrincipal() _principal: Principal): Promise<ReviewChainModel[]> {
    return (await this.reviews.listChains()).map((c) => Object.assign(new ReviewChainModel(), c));
  }

  @Mutation(() => ReviewChainModel, {
    description: 'Office only: changes a form type’s chain; forms already submitted keep theirs.',
  })
  async setReviewChain(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: ReviewChainInput,
  ): Promise<ReviewChainModel> {
    return Object.assign(new ReviewChainModel(), await this.reviews.setChain(principal, input));
  }

  @Query(() => ReviewTaskConnection, { description: 'My review tasks, by due date.' })
  async myTasks(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => TaskFilterInput, nullable: true }) filter?: TaskFilterInput,
    @PageSizeArg(20, 100) first = 20,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ReviewTaskConnection> {
    const page = await this.reviews.myTasks(principal, filter ?? {}, first, after ?? undefined);
    const edges = page.rows.map((r) => ({ cursor: encodeCursor(r), node: toTask(r) }));
    return Object.assign(new ReviewTaskConnection(), {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.counts.OPEN + page.counts.DONE + page.counts.CANCELLED,
      openCount: page.counts.OPEN,
      doneCount: page.counts.DONE,
      request: { personId: principal.personId, filter: filter ?? {} },
    });
  }

  @Query(() => ReviewStateModel, {
    nullable: true,
    description: 'Live review state of a form; null before its first submission.',
  })
  async reviewState(
    @CurrentPrincipal() principal: Principal,
    @Args('formId', { type: () => ID }) formId: string,
  ): Promise<ReviewStateModel | null> {
    const state = await this.reviews.state(principal, formId);
    return state ? toState(state) : null;
  }
}

/** The departments among my tasks: asked only by the inbox's filter, so the list costs nothing otherwise. */
@Resolver(() => ReviewTaskConnection)
export class ReviewTaskConnectionResolver {
  constructor(private readonly reviews: ReviewService) {}

  @ResolveField(() => [TaskDepartmentModel], {
    description: 'The departments of my tasks matching the filter but for its department, with counts.',
  })
  departments(@Parent() connection: ReviewTaskConnection): Promise<TaskDepartmentModel[]> {
    return this.reviews.taskDepartments(connection.request.personId, connection.request.filter);
  }
}

/** The grade override beside a form's grade (R12), wherever a form is read. */
@Resolver(() => RiskFormModel)
export class RiskFormGradeResolver {
  constructor(private readonly reviews: ReviewService) {}

  @ResolveField(() => GradeOverrideModel, {
    nullable: true,
    description:
      'The reviewer’s override in force, who set it and why, beside the computed grade; null: the computed grade stands.',
  })
  async gradeOverride(@Parent() form: RiskFormModel): Promise<GradeOverrideModel | null> {
    const o = await this.reviews.gradeOverride(form.id);
    return o && Object.assign(new GradeOverrideModel(), o);
  }
}
