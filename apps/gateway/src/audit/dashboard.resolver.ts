import { Args, Field, Float, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { AuditRepository } from '@pirm/persistence';
import { FormStatusEnum, RungEnum } from '../graphql/enums';

@ObjectType('RiskCount')
export class RiskCountModel {
  @Field(() => ID)
  unitId!: string;

  @Field()
  category!: string;

  @Field()
  level!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('FormStatusCount')
export class FormStatusCountModel {
  @Field(() => ID)
  unitId!: string;

  @Field(() => FormStatusEnum)
  status!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('GradeCount')
export class GradeCountModel {
  @Field({ description: 'A, B, C, or - for not graded.' })
  grade!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ReviewerTurnaround')
export class ReviewerTurnaroundModel {
  @Field()
  role!: string;

  @Field(() => Int)
  step!: number;

  @Field(() => Int)
  open!: number;

  @Field(() => Int)
  done!: number;

  @Field(() => Float, { nullable: true, description: 'Median hours from task open to decision.' })
  medianHours!: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile hours from task open to decision.' })
  p90Hours!: number | null;
}

@ObjectType('EscalationCount')
export class EscalationCountModel {
  @Field()
  phase!: string;

  @Field()
  rung!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('EscalationDayCount')
export class EscalationDayCountModel {
  @Field({ description: 'The day the rungs fired (YYYY-MM-DD, China Standard Time).' })
  day!: string;

  @Field(() => RungEnum)
  rung!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('CampaignDashboard')
export class CampaignDashboardModel {
  @Field(() => [RiskCountModel], { description: 'Risk points of submitted forms by unit, category and level.' })
  riskDistribution!: RiskCountModel[];

  @Field(() => [FormStatusCountModel], { description: 'Forms started, by unit and status.' })
  formsByStatus!: FormStatusCountModel[];

  @Field(() => [GradeCountModel], { description: 'Posts by grade A/B/C.' })
  gradeDistribution!: GradeCountModel[];

  @Field(() => [ReviewerTurnaroundModel], { description: 'Reviewer workload and turnaround per chain step.' })
  reviewerTurnaround!: ReviewerTurnaroundModel[];

  @Field(() => [EscalationCountModel])
  escalationCounts!: EscalationCountModel[];

  @Field(() => [EscalationDayCountModel], {
    description: 'Rungs fired by day, rung and unit: every one of the campaign, for the trend and its units.',
  })
  escalationsByDay!: EscalationDayCountModel[];
}

/** The office's and discipline team's campaign dashboard (phase progress: campaignPhaseSummary). */
@Resolver()
export class DashboardResolver {
  constructor(private readonly audit: AuditRepository) {}

  @Query(() => CampaignDashboardModel)
  async campaignDashboard(@Args('campaignId', { type: () => ID }) campaignId: string): Promise<CampaignDashboardModel> {
    const d = await this.audit.dashboard(campaignId);
    return Object.assign(new CampaignDashboardModel(), {
      ...d,
      reviewerTurnaround: d.reviewerTurnaround.map((r) => ({
        ...r,
        medianHours: r.medianHours === null ? null : Number(r.medianHours),
        p90Hours: r.p90Hours === null ? null : Number(r.p90Hours),
      })),
    });
  }
}
