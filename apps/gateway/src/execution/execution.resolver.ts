import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  APPRAISAL_GRADE_LABELS,
  COMMITMENT_AUDIENCE_LABELS,
  RISK_CATEGORY_LABELS,
  RISK_LEVEL_LABELS,
  UNIT_ACTIVITY_KIND_LABELS,
  approvalShare,
  type AppraisalVotes,
  type RiskCategory,
  type RiskLevel,
} from '@pirm/domain';
import type {
  CommitmentEntity,
  DutyReportEntity,
  MeasureImplementationEntity,
  UnitActivityEntity,
  UnitRiskMeasureRow,
} from '@pirm/persistence';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { PageSizeArg } from '../graphql/page-size';
import {
  CommitmentModel,
  DutyReportModel,
  ExecutionRecordsModel,
  MeasureImplementationModel,
  RecordCommitmentInput,
  RecordDutyReportInput,
  RecordMeasureImplementationInput,
  RecordUnitActivityInput,
  UnitActivityModel,
  UnitRiskMeasureModel,
  type AppraisalVotesInput,
} from './execution.model';
import { ExecutionService, type Named } from './execution.service';

const toMeasure = (m: Named<MeasureImplementationEntity>): MeasureImplementationModel =>
  Object.assign(new MeasureImplementationModel(), {
    id: m.id,
    riskPointId: m.riskPointId,
    inPlace: m.inPlace,
    evidence: m.evidence,
    recordedByName: m.recordedByName,
    recordedAt: m.recordedAt,
  });

const toRiskMeasure = (r: UnitRiskMeasureRow): UnitRiskMeasureModel =>
  Object.assign(new UnitRiskMeasureModel(), {
    ...r,
    categoryLabel: RISK_CATEGORY_LABELS[r.category as RiskCategory],
    levelLabel: RISK_LEVEL_LABELS[r.level as RiskLevel],
    statusLabel: r.inPlace === null ? '未记录' : r.inPlace ? '已落实' : '未落实',
  });

const toCommitment = (c: Named<CommitmentEntity>): CommitmentModel =>
  Object.assign(new CommitmentModel(), {
    id: c.id,
    personCode: c.person?.code ?? '',
    personName: c.person?.name ?? '',
    text: c.text,
    publishedWhere: c.publishedWhere,
    audiences: c.audiences,
    audienceLabels: c.audiences.map((a) => COMMITMENT_AUDIENCE_LABELS[a]),
    publishedOn: c.publishedOn,
    recordedByName: c.recordedByName,
    recordedAt: c.recordedAt,
  });

const toActivity = (a: Named<UnitActivityEntity>): UnitActivityModel =>
  Object.assign(new UnitActivityModel(), {
    id: a.id,
    kind: a.kind,
    kindLabel: UNIT_ACTIVITY_KIND_LABELS[a.kind],
    heldOn: a.heldOn,
    summary: a.summary,
    participants: a.participants,
    evidence: a.evidence,
    circular: a.circular,
    recordedByName: a.recordedByName,
    recordedAt: a.recordedAt,
  });

function votesOf(d: DutyReportEntity): AppraisalVotes | null {
  if (d.votesGood === null) return null;
  return {
    GOOD: d.votesGood,
    FAIRLY_GOOD: d.votesFairlyGood ?? 0,
    AVERAGE: d.votesAverage ?? 0,
    POOR: d.votesPoor ?? 0,
  };
}

const toDutyReport = (d: Named<DutyReportEntity>): DutyReportModel => {
  const votes = votesOf(d);
  return Object.assign(new DutyReportModel(), {
    id: d.id,
    personCode: d.person?.code ?? '',
    personName: d.person?.name ?? '',
    reportSummary: d.reportSummary,
    votes: votes && { good: votes.GOOD, fairlyGood: votes.FAIRLY_GOOD, average: votes.AVERAGE, poor: votes.POOR },
    rating: d.rating,
    ratingLabel: d.rating ? APPRAISAL_GRADE_LABELS[d.rating] : null,
    approvalShare: votes && approvalShare(votes),
    recordedByName: d.recordedByName,
    recordedAt: d.recordedAt,
  });
};

const votesInput = (v: AppraisalVotesInput | null | undefined): Partial<AppraisalVotes> | null =>
  v
    ? {
        GOOD: v.good ?? undefined,
        FAIRLY_GOOD: v.fairlyGood ?? undefined,
        AVERAGE: v.average ?? undefined,
        POOR: v.poor ?? undefined,
      }
    : null;

/** Execution records (R14–R16): measures in place, commitments, unit activities, duty reports and appraisals. */
@Resolver()
export class ExecutionResolver {
  constructor(private readonly execution: ExecutionService) {}

  @Mutation(() => MeasureImplementationModel, {
    description:
      'R14: the unit records whether an archived risk point’s measures are in place, with evidence (the latest recording is in force).',
  })
  async recordMeasureImplementation(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: RecordMeasureImplementationInput,
  ): Promise<MeasureImplementationModel> {
    return toMeasure(await this.execution.recordMeasure(principal, input));
  }

  @Query(() => [UnitRiskMeasureModel], {
    description: 'R14: the unit’s archived risk points with measure, responsible post and implementation status.',
  })
  async unitRiskMeasures(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID }) unitId: string,
    @PageSizeArg(100) first: number,
    @Args('after', { type: () => ID, nullable: true, description: 'The last risk point of the previous page.' })
    after?: string,
  ): Promise<UnitRiskMeasureModel[]> {
    return (await this.execution.unitRiskMeasures(principal, campaignId, unitId, { first, after: after ?? null })).map(
      toRiskMeasure,
    );
  }

  @Mutation(() => CommitmentModel, {
    description: 'R15: a public commitment; a person records their own, unit leaders anyone’s of their unit.',
  })
  async recordCommitment(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: RecordCommitmentInput,
  ): Promise<CommitmentModel> {
    return toCommitment(await this.execution.recordCommitment(principal, input));
  }

  @Mutation(() => UnitActivityModel, {
    description:
      'R15 R16: an activity of the unit (education, talks, hearings, openness, checks, appraisal, inspections with circulars).',
  })
  async recordUnitActivity(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: RecordUnitActivityInput,
  ): Promise<UnitActivityModel> {
    return toActivity(await this.execution.recordActivity(principal, input));
  }

  @Mutation(() => DutyReportModel, {
    description: 'R15: a person’s duty-and-integrity report and democratic appraisal, recorded by the unit’s leaders.',
  })
  async recordDutyReport(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: RecordDutyReportInput,
  ): Promise<DutyReportModel> {
    return toDutyReport(await this.execution.recordDutyReport(principal, { ...input, votes: votesInput(input.votes) }));
  }

  @Query(() => ExecutionRecordsModel, {
    description: 'R15 R16: a unit’s commitments, activities and duty reports; its other people see their own.',
  })
  async executionRecords(
    @CurrentPrincipal() principal: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID }) unitId: string,
  ): Promise<ExecutionRecordsModel> {
    const v = await this.execution.records(principal, campaignId, unitId);
    return Object.assign(new ExecutionRecordsModel(), {
      campaignId,
      unitId,
      ownOnly: v.ownOnly,
      commitments: v.commitments.map(toCommitment),
      activities: v.activities.map(toActivity),
      dutyReports: v.dutyReports.map(toDutyReport),
    });
  }
}
