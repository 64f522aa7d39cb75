import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  COMPLAINT_STATUS_LABELS,
  DISPOSAL_FOLLOW_UP_LABELS,
  DISPOSAL_MEASURE_LABELS,
  ROUND_EVALUATORS,
  ROUND_KINDS,
  SELF_ASSESSMENT_LABELS,
  type ComplaintStatus,
  type EvaluationRule,
} from '@pirm/domain';
import type { CorrectionState, DisposalState, EvaluationRound, EvaluationState } from '@pirm/contracts';
import type { ComplaintEntity, DisposalCaseRow } from '@pirm/persistence';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ComplaintsService, type ComplaintView } from './complaints.service';
import { CorrectionService } from './correction.service';
import { DisposalService } from './disposal.service';
import { EvaluationService } from './evaluation.service';
import {
  CloseEvaluationRoundInput,
  CompiledOpinionModel,
  ComplaintInputModel,
  ComplaintModel,
  ComplaintProgressModel,
  ComplaintReceiptModel,
  ComplaintStatusEnum,
  ConcludeComplaintInput,
  ConfirmCorrectionInput,
  CorrectionRoundModel,
  DisposalCaseModel,
  DisposalResponseInput,
  DistrictEvaluationInput,
  EscalateDisposalInput,
  EvaluationRoundModel,
  EvaluationRuleModel,
  EvaluationScoreInput,
  EvaluationWeightsInput,
  OpenDisposalCaseInput,
  OpenEvaluationRoundInput,
  OpenedRoundModel,
  SelfAssessmentInput,
  StartCorrectionInput,
  TriageComplaintInput,
  UnitEvaluationModel,
  VerifyDisposalInput,
} from './oversight.model';

type StoredComplaint = Pick<ComplaintEntity, 'status' | 'receivedAt' | 'dueAt' | 'state'>;

function progress(c: StoredComplaint): ComplaintProgressModel {
  const events = c.state.events.map((e) => ({
    kind: e.kind,
    at: new Date(e.at),
    detail: e.detail,
  }));
  return {
    status: c.status,
    statusLabel: COMPLAINT_STATUS_LABELS[c.status as ComplaintStatus],
    receivedAt: c.receivedAt,
    dueAt: c.dueAt,
    events,
  };
}

function complaint(c: ComplaintView): ComplaintModel {
  return {
    ...progress(c),
    id: c.id,
    unitId: c.unitId,
    subjectKind: c.subjectKind,
    subjectPostId: c.subjectPostId,
    subjectPersonId: c.subjectPersonId,
    text: c.text,
    named: c.named,
    escalated: c.state.escalated,
    complainantName: c.complainant?.name ?? null,
    complainantContact: c.complainant?.contact ?? null,
  };
}

function disposal(row: DisposalCaseRow, live?: DisposalState): DisposalCaseModel {
  const s = live ?? row.state;
  return {
    id: row.id,
    campaignId: row.campaignId,
    unitId: row.unitId,
    personId: row.personId,
    personCode: row.personCode,
    personName: row.personName,
    problem: row.problem,
    source: row.source,
    status: s.status,
    measure: s.steps[s.steps.length - 1]?.measure ?? row.measure,
    dueAt: s.status === 'OPEN' && s.steps.length ? new Date(s.steps[s.steps.length - 1]!.dueAt) : null,
    overdueAtTop: s.overdueAtTop,
    steps: s.steps.map((step) => ({
      measure: step.measure,
      measureLabel: DISPOSAL_MEASURE_LABELS[step.measure],
      followUp: DISPOSAL_FOLLOW_UP_LABELS[step.measure],
      appliedAt: new Date(step.appliedAt),
      dueAt: new Date(step.dueAt),
      because: step.because,
      response: step.response?.text ?? null,
      respondedAt: step.response ? new Date(step.response.at) : null,
      rejections: step.rejected.map((r) => r.reason),
    })),
    outcome: s.outcome?.text ?? null,
  };
}

const evaluationRule = (r: EvaluationRule): EvaluationRuleModel => ({
  version: r.version,
  self: r.weights.SELF,
  appraisal: r.weights.APPRAISAL,
  district: r.weights.DISTRICT,
  rounds: ROUND_KINDS.map((kind) => ({ kind, evaluators: ROUND_EVALUATORS[kind] })),
});

function round(r: EvaluationRound): EvaluationRoundModel {
  const scores = r.scores.map((s) => s.score);
  return {
    id: r.id,
    kind: r.kind,
    closesAt: new Date(r.closesAt),
    closed: r.closed,
    invited: r.invitations.length,
    scored: scores.length,
    mean: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
  };
}

function evaluation(s: EvaluationState): UnitEvaluationModel {
  return {
    campaignId: s.campaignId,
    unitId: s.unitId,
    status: s.status,
    ruleVersion: s.rule.version,
    selfAssessment: (s.selfAssessment?.items ?? []).map((i) => ({ ...i, label: SELF_ASSESSMENT_LABELS[i.item] })),
    rounds: s.rounds.map(round),
    districtScore: s.district?.score ?? null,
    districtOpinion: s.district?.opinion ?? null,
    score: s.result?.score ?? null,
    explanation: s.result?.explanation ?? '',
  };
}

const correction = (s: CorrectionState): CorrectionRoundModel => ({
  campaignId: s.campaignId,
  unitId: s.unitId,
  status: s.status,
  opinionCount: s.opinionCount,
  forms: s.forms,
  archiveVersion: s.archiveVersion,
});

@Resolver()
export class OversightResolver {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly disposals: DisposalService,
    private readonly evaluations: EvaluationService,
    private readonly corrections: CorrectionService,
  ) {}

  // ---- complaints (R16) ----

  @Mutation(() => ComplaintReceiptModel, {
    description:
      'Public: file a complaint, named or anonymous; no address or user agent is stored. Returns the receipt code once.',
  })
  async fileComplaint(@Args('input') input: ComplaintInputModel): Promise<ComplaintReceiptModel> {
    const { receiptCode, state } = await this.complaints.file(input);
    return {
      receiptCode,
      progress: progress({
        status: state.status,
        receivedAt: new Date(state.receivedAt),
        dueAt: state.dueAt === null ? null : new Date(state.dueAt),
        state,
      }),
    };
  }

  @Query(() => ComplaintProgressModel, { description: 'Public: follow a complaint by its receipt code.' })
  async complaintByReceipt(@Args('receiptCode') receiptCode: string): Promise<ComplaintProgressModel> {
    return progress(await this.complaints.byReceipt(receiptCode));
  }

  @Query(() => [ComplaintModel], {
    name: 'complaints',
    description: 'Complaints for the office and the discipline team; never those against the caller.',
  })
  async complaintList(
    @CurrentPrincipal() p: Principal,
    @Args('unitId', { type: () => ID, nullable: true }) unitId?: string | null,
    @Args('status', { type: () => ComplaintStatusEnum, nullable: true }) status?: ComplaintStatus | null,
  ): Promise<ComplaintModel[]> {
    return (await this.complaints.list(p, unitId ?? null, status ?? null)).map(complaint);
  }

  @Mutation(() => ComplaintModel, { description: 'Accept or refuse a complaint (within 5 working days).' })
  async triageComplaint(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: TriageComplaintInput,
  ): Promise<ComplaintModel> {
    return complaint(await this.complaints.triage(p, input));
  }

  @Mutation(() => ComplaintModel, {
    description: 'Conclude an accepted complaint with its outcome; a named complainant is told.',
  })
  async concludeComplaint(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: ConcludeComplaintInput,
  ): Promise<ComplaintModel> {
    return complaint(await this.complaints.conclude(p, input));
  }

  // ---- disposal (R17) ----

  @Mutation(() => DisposalCaseModel, {
    description: 'Office or discipline team: open a disposal case with its first measure.',
  })
  async openDisposalCase(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: OpenDisposalCaseInput,
  ): Promise<DisposalCaseModel> {
    return disposal(await this.disposals.open(p, input));
  }

  @Query(() => [DisposalCaseModel], {
    description: 'Cases of a unit for the office and discipline team; one’s own cases for everyone.',
  })
  async disposalCases(
    @CurrentPrincipal() p: Principal,
    @Args('unitId', { type: () => ID, nullable: true }) unitId?: string | null,
    @Args('status', { nullable: true, description: 'OPEN or CLOSED.' }) status?: string,
  ): Promise<DisposalCaseModel[]> {
    return (await this.disposals.list(p, unitId ?? null, status ?? null)).map((r) => disposal(r));
  }

  @Query(() => DisposalCaseModel)
  async disposalCase(
    @CurrentPrincipal() p: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<DisposalCaseModel> {
    const v = await this.disposals.get(p, id);
    return disposal(v, v.live);
  }

  @Mutation(() => DisposalCaseModel, { description: 'The person concerned answers the measure in force.' })
  async respondToDisposal(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: DisposalResponseInput,
  ): Promise<DisposalCaseModel> {
    const v = await this.disposals.respond(p, input);
    return disposal(v, v.live);
  }

  @Mutation(() => DisposalCaseModel, {
    description: 'Verify the answer: accepted closes the case with the outcome; not accepted says why.',
  })
  async verifyDisposal(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: VerifyDisposalInput,
  ): Promise<DisposalCaseModel> {
    const v = await this.disposals.verify(p, input);
    return disposal(v, v.live);
  }

  @Mutation(() => DisposalCaseModel, { description: 'Apply the next measure of the ladder now.' })
  async escalateDisposal(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: EscalateDisposalInput,
  ): Promise<DisposalCaseModel> {
    const v = await this.disposals.escalate(p, input);
    return disposal(v, v.live);
  }

  // ---- evaluation (R18, R19) ----

  @Query(() => EvaluationRuleModel, { description: 'The evaluation weights in force.' })
  async evaluationRule(): Promise<EvaluationRuleModel> {
    const r = await this.evaluations.rule();
    return evaluationRule(r);
  }

  @Mutation(() => EvaluationRuleModel, {
    description: 'Office: publish the next version of the weights; open evaluations keep theirs.',
  })
  async publishEvaluationRule(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: EvaluationWeightsInput,
  ): Promise<EvaluationRuleModel> {
    const r = await this.evaluations.publishRule(p, {
      SELF: input.self,
      APPRAISAL: input.appraisal,
      DISTRICT: input.district,
    });
    return evaluationRule(r);
  }

  @Mutation(() => UnitEvaluationModel, { description: 'Office: open a unit’s evaluation (idempotent).' })
  async openEvaluation(
    @CurrentPrincipal() p: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID }) unitId: string,
  ): Promise<UnitEvaluationModel> {
    return evaluation(await this.evaluations.open(p, campaignId, unitId));
  }

  @Query(() => UnitEvaluationModel)
  async unitEvaluation(
    @CurrentPrincipal() p: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID }) unitId: string,
  ): Promise<UnitEvaluationModel> {
    return evaluation(await this.evaluations.state(p, campaignId, unitId));
  }

  @Mutation(() => UnitEvaluationModel, { description: 'The unit’s self-assessment over the five contents of R18.' })
  async submitSelfAssessment(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: SelfAssessmentInput,
  ): Promise<UnitEvaluationModel> {
    return evaluation(await this.evaluations.selfAssess(p, input));
  }

  @Mutation(() => OpenedRoundModel, {
    description: 'Office: open an appraisal round; its one-time invitation codes are returned only now.',
  })
  async openEvaluationRound(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: OpenEvaluationRoundInput,
  ): Promise<OpenedRoundModel> {
    const { state, codes } = await this.evaluations.openRound(p, input);
    return { round: round(state.rounds[state.rounds.length - 1]!), invitations: codes };
  }

  @Mutation(() => Boolean, { description: 'Public, with an invitation code: score the unit once (0–100).' })
  async submitEvaluationScore(@Args('input') input: EvaluationScoreInput): Promise<boolean> {
    await this.evaluations.score(input);
    return true;
  }

  @Mutation(() => UnitEvaluationModel)
  async closeEvaluationRound(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: CloseEvaluationRoundInput,
  ): Promise<UnitEvaluationModel> {
    return evaluation(await this.evaluations.closeRound(p, input));
  }

  @Mutation(() => UnitEvaluationModel, { description: 'The district leading group’s overall evaluation of a unit.' })
  async recordDistrictEvaluation(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: DistrictEvaluationInput,
  ): Promise<UnitEvaluationModel> {
    return evaluation(await this.evaluations.district(p, input));
  }

  // ---- correction (R20) ----

  @Query(() => [CompiledOpinionModel], {
    description: 'Opinions compiled for a unit: notice comments, complaints, appraisal and evaluation.',
  })
  async correctionOpinions(
    @CurrentPrincipal() p: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID }) unitId: string,
  ): Promise<CompiledOpinionModel[]> {
    return (await this.corrections.opinions(p, campaignId, unitId)).map((o) => ({ ...o, at: new Date(o.at) }));
  }

  @Mutation(() => CorrectionRoundModel, {
    description: 'Start the correction: the forms go back through their review chains.',
  })
  async startCorrection(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: StartCorrectionInput,
  ): Promise<CorrectionRoundModel> {
    return correction(await this.corrections.start(p, input));
  }

  @Query(() => CorrectionRoundModel)
  async correctionRound(
    @CurrentPrincipal() p: Principal,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('unitId', { type: () => ID }) unitId: string,
  ): Promise<CorrectionRoundModel> {
    return correction(await this.corrections.state(p, campaignId, unitId));
  }

  @Mutation(() => CorrectionRoundModel, {
    description: 'The unit principal confirms the revised list: the next risk archive version.',
  })
  async confirmCorrection(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: ConfirmCorrectionInput,
  ): Promise<CorrectionRoundModel> {
    return correction(await this.corrections.confirm(p, input));
  }
}
