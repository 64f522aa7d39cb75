import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  Role,
  assertValid,
  canReadUnitExecution,
  canRecordUnitExecution,
  dateOf,
  validateCommitment,
  validateDutyReport,
  validateMeasureImplementation,
  validateUnitActivity,
  ROLE_SETS,
  type AppraisalGrade,
  type AppraisalVotes,
  type Bilingual,
  type CommitmentAudience,
  type UnitActivityKind,
} from '@pirm/domain';
import {
  ExecutionRepository,
  type PersonEntity,
  type AuditActor,
  type CommitmentEntity,
  type DutyReportEntity,
  type MeasureImplementationEntity,
  type UnitActivityEntity,
  type UnitRiskMeasureRow,
} from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import { checkUuid, isUuid } from '../graphql/formats';

/** The roles `canRecordUnitExecution` accepts, for any unit. */
const RECORDER_ROLES: readonly Role[] = ROLE_SETS.unitRecorders;

const notReadable = (unitId: string): Bilingual => ({
  en: `Unit ${unitId}'s execution records are for its leaders, its discipline team and the office.`,
  zh: '该单位的落实情况仅限单位领导、派驻纪检组和领导小组办公室查看',
});

export interface PersonRef {
  code: string;
  name: string;
}

/** A record with the people it names resolved (for display; ids stay internal). */
export type Named<T> = T & { person: PersonRef | null; recordedByName: string | null };

export interface ExecutionRecordsView {
  ownOnly: boolean;
  commitments: Named<CommitmentEntity>[];
  activities: Named<UnitActivityEntity>[];
  dutyReports: Named<DutyReportEntity>[];
}

/**
 * Execution records (R14–R16): plain records a unit keeps while it carries out its risk archive. Written
 * straight to PostgreSQL with an audit record (no process state changes), by the unit's leaders or the office;
 * a person records their own commitments.
 */
@Injectable()
export class ExecutionService {
  constructor(private readonly repo: ExecutionRepository) {}

  async recordMeasure(
    principal: Principal,
    input: { campaignId: string; unitId: string; riskPointId: string; inPlace: boolean; evidence: string },
  ): Promise<Named<MeasureImplementationEntity>> {
    this.requireRecorder(principal, input.unitId);
    const errors = validateMeasureImplementation(input);
    if (!isUuid(input.riskPointId))
      errors.push({ field: 'riskPointId', reason: 'is not a risk point id', message: '不是有效的风险点编号' });
    assertValid(errors);
    await this.requireCampaign(input.campaignId);
    if (!(await this.repo.isArchivedRiskPoint(input.campaignId, input.unitId, input.riskPointId))) {
      throw DomainError.validation([
        {
          field: 'riskPointId',
          reason: `is not an archived risk point of unit ${input.unitId} in campaign ${input.campaignId}`,
          message: '不是本单位本次活动中已归档的风险点',
        },
      ]);
    }
    const row = await this.repo.insertMeasureImplementation(
      {
        campaignId: input.campaignId,
        unitId: input.unitId,
        riskPointId: input.riskPointId,
        inPlace: input.inPlace,
        evidence: input.evidence.trim(),
        recordedBy: principal.personId,
      },
      this.actor(principal),
    );
    return (await this.named([row]))[0]!;
  }

  async unitRiskMeasures(
    principal: Principal,
    campaignId: string,
    unitId: string,
    page: { first: number; after: string | null },
  ): Promise<UnitRiskMeasureRow[]> {
    this.requireReader(principal, unitId);
    if (page.after) checkUuid('after', page.after);
    return this.repo.unitRiskMeasures(campaignId, unitId, page);
  }

  async recordCommitment(
    principal: Principal,
    input: {
      campaignId: string;
      personCode?: string | null;
      text: string;
      publishedWhere: string;
      audiences: CommitmentAudience[];
      publishedOn: string;
    },
  ): Promise<Named<CommitmentEntity>> {
    const own = !input.personCode?.trim() || input.personCode.trim() === principal.code;
    if (!own) this.requireSomeRecorderRole(principal);
    const person = await this.target(principal, input.personCode);
    if (person.id !== principal.personId) this.requireRecorder(principal, person.unitId);
    assertValid(validateCommitment(input, this.today()));
    await this.requireCampaign(input.campaignId);
    const row = await this.repo.insertCommitment(
      {
        campaignId: input.campaignId,
        unitId: person.unitId,
        personId: person.id,
        text: input.text.trim(),
        publishedWhere: input.publishedWhere.trim(),
        audiences: input.audiences,
        publishedOn: input.publishedOn,
        recordedBy: principal.personId,
      },
      this.actor(principal),
    );
    return (await this.named([row]))[0]!;
  }

  async recordActivity(
    principal: Principal,
    input: {
      campaignId: string;
      unitId: string;
      kind: UnitActivityKind;
      heldOn: string;
      summary: string;
      participants: number;
      evidence: string;
      circular?: string | null;
    },
  ): Promise<Named<UnitActivityEntity>> {
    this.requireRecorder(principal, input.unitId);
    assertValid(validateUnitActivity(input, this.today()));
    await this.requireCampaign(input.campaignId);
    const row = await this.repo.insertUnitActivity(
      {
        campaignId: input.campaignId,
        unitId: input.unitId,
        kind: input.kind,
        heldOn: input.heldOn,
        summary: input.summary.trim(),
        participants: input.participants,
        evidence: input.evidence.trim(),
        circular: input.circular?.trim() || null,
        recordedBy: principal.personId,
      },
      this.actor(principal),
    );
    return (await this.named([row]))[0]!;
  }

  async recordDutyReport(
    principal: Principal,
    input: {
      campaignId: string;
      personCode: string;
      reportSummary: string;
      votes?: Partial<AppraisalVotes> | null;
      rating?: AppraisalGrade | null;
    },
  ): Promise<Named<DutyReportEntity>> {
    this.requireSomeRecorderRole(principal);
    const person = await this.target(principal, input.personCode);
    this.requireRecorder(principal, person.unitId);
    assertValid(validateDutyReport(input));
    await this.requireCampaign(input.campaignId);
    const v = input.votes;
    const row = await this.repo.insertDutyReport(
      {
        campaignId: input.campaignId,
        unitId: person.unitId,
        personId: person.id,
        reportSummary: input.reportSummary.trim(),
        votesGood: v ? (v.GOOD ?? 0) : null,
        votesFairlyGood: v ? (v.FAIRLY_GOOD ?? 0) : null,
        votesAverage: v ? (v.AVERAGE ?? 0) : null,
        votesPoor: v ? (v.POOR ?? 0) : null,
        rating: input.rating ?? null,
        recordedBy: principal.personId,
      },
      this.actor(principal),
    );
    return (await this.named([row]))[0]!;
  }

  /** The unit's leaders, its discipline team and the office read everything; its other people their own records. */
  async records(principal: Principal, campaignId: string, unitId: string): Promise<ExecutionRecordsView> {
    const all = canReadUnitExecution(principal.roles, unitId);
    if (!all && principal.unitId !== unitId) throw new DomainError(ErrorCode.FORBIDDEN, notReadable(unitId));
    const own = all ? null : principal.personId;
    const [commitments, activities, dutyReports] = await Promise.all([
      this.repo.commitments(campaignId, unitId, own),
      all ? this.repo.unitActivities(campaignId, unitId) : Promise.resolve([]),
      this.repo.dutyReports(campaignId, unitId, own),
    ]);
    return {
      ownOnly: !all,
      commitments: await this.named(commitments),
      activities: await this.named(activities),
      dutyReports: await this.named(dutyReports),
    };
  }

  private requireRecorder(principal: Principal, unitId: string): void {
    if (!canRecordUnitExecution(principal.roles, unitId)) {
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Only unit ${unitId}'s leading group, principal or the office record its execution.`,
        zh: '只有该单位的领导小组、主要负责人或领导小组办公室可以登记落实情况',
      });
    }
  }

  /** Before the person a record is about is looked up: the caller records some unit's execution at all. */
  private requireSomeRecorderRole(principal: Principal): void {
    if (!principal.roles.some((g) => RECORDER_ROLES.includes(g.role))) {
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'Only a unit’s leading group, principal or the office record execution for others.',
        zh: '只有单位领导小组、主要负责人或领导小组办公室可以为他人登记落实情况',
      });
    }
  }

  private requireReader(principal: Principal, unitId: string): void {
    if (!canReadUnitExecution(principal.roles, unitId)) {
      throw new DomainError(ErrorCode.FORBIDDEN, notReadable(unitId));
    }
  }

  private async requireCampaign(campaignId: string): Promise<void> {
    if (!(await this.repo.campaignExists(campaignId)))
      throw new DomainError(ErrorCode.NOT_FOUND, { en: `No campaign ${campaignId}.`, zh: '没有这次活动' });
  }

  /** The person a record is about: by 工号, or the caller; they must belong to a unit. */
  private async target(
    principal: Principal,
    personCode: string | null | undefined,
  ): Promise<PersonEntity & { unitId: string }> {
    const code = personCode?.trim() || principal.code;
    const person = await this.repo.person(code);
    if (!person)
      throw new DomainError(ErrorCode.NOT_FOUND, { en: `No person ${code}.`, zh: `花名册中没有工号为 ${code} 的人员` });
    if (!person.unitId)
      throw DomainError.validation([
        { field: 'personCode', reason: `${code} belongs to no unit`, message: `${code} 不属于任何单位` },
      ]);
    return person as PersonEntity & { unitId: string };
  }

  private actor(principal: Principal): AuditActor {
    return { actor: principal.code, role: null };
  }

  private today(): string {
    return dateOf(Date.now());
  }

  private async named<T extends { recordedBy: string; personId?: string }>(rows: T[]): Promise<Named<T>[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.recordedBy, ...(r.personId ? [r.personId] : [])]))];
    const people = await this.repo.people(ids);
    const byId = new Map(people.map((p) => [p.id, p]));
    return rows.map((r) => {
      const p = r.personId ? byId.get(r.personId) : undefined;
      return {
        ...r,
        person: p ? { code: p.code, name: p.name } : null,
        recordedByName: byId.get(r.recordedBy)?.name ?? null,
      };
    });
  }
}
