import { DataSource } from 'typeorm';
import { AuditRecordEntity } from './entities/audit.entity';
import { CampaignEntity } from './entities/campaign.entity';
import { DepartmentEntity } from './entities/department.entity';
import { GradingRuleSetEntity } from './entities/grading-rule-set.entity';
import { LeadingGroupMemberEntity } from './entities/leading-group.entity';
import { PersonEntity } from './entities/person.entity';
import { PostEntity } from './entities/post.entity';
import { RiskFormEntity } from './entities/risk-form.entity';
import { RiskPointEntity } from './entities/risk-point.entity';
import { RiskTemplateEntity } from './entities/risk-template.entity';
import {
  NotificationEntity,
  ReviewChainEntity,
  ReviewDecisionEntity,
  ReviewTaskEntity,
  RiskFormSnapshotEntity,
} from './entities/review.entities';
import { RoleAssignmentEntity } from './entities/role-assignment.entity';
import { UnitEntity } from './entities/unit.entity';
import { ExportJobEntity } from './entities/export-job.entity';
import { ExportChunkEntity } from './entities/export-chunk.entity';
import { RateLimitWindowEntity } from './entities/rate-limit.entity';
import { AccessTokenEntity } from './entities/access-token.entity';
import {
  CommitmentEntity,
  DutyReportEntity,
  MeasureImplementationEntity,
  UnitActivityEntity,
} from './entities/execution.entities';
import {
  EscalationEntity,
  NoticeCommentEntity,
  RiskArchiveEntity,
  UnitCampaignEntity,
  UnitPhaseProgressEntity,
} from './entities/unit-campaign.entities';
import { ComplaintContactEntity, ComplaintEntity, ComplaintMessageEntity } from './entities/complaint.entities';
import { CorrectionRoundEntity } from './entities/correction.entities';
import { DisposalCaseEntity } from './entities/disposal.entities';
import {
  EvaluationInvitationEntity,
  EvaluationRuleSetEntity,
  UnitEvaluationEntity,
} from './entities/evaluation.entities';
import { Initial1764460000000 } from './migrations/1764460000000-initial';
import { OrganisationAndForms1795997654459 } from './migrations/1795997654459-organisation-and-forms';
import { Review1795998577483 } from './migrations/1795998577483-review';
import { UnitCampaign1795999258820 } from './migrations/1795999258820-unit-campaign';
import { NotificationEvents1796000322044 } from './migrations/1796000322044-notification-events';
import { ImmutableArchive1796000690961 } from './migrations/1796000690961-immutable-archive';
import { AuditTrail1796001995681 } from './migrations/1796001995681-audit-trail';
import { DashboardIndexes1796002599815 } from './migrations/1796002599815-dashboard-indexes';
import { Oversight1796183886221 } from './migrations/1796183886221-oversight';
import { ExecutionRecords1796183876411 } from './migrations/1796183876411-execution-records';
import { ExportJobs1796183954204 } from './migrations/1796183954204-export-jobs';
import { HolidayYears1796190000000 } from './migrations/1796190000000-holiday-years';
import { HolidayYearEntity } from './entities/holiday-year.entity';
import {
  NotificationDeliveryEntity,
  NotificationPreferenceEntity,
  NotifyRobotEntity,
  ReviewNudgeEntity,
} from './entities/notification-outbox.entities';
import { PersonLeftAt1796233393759 } from './migrations/1796233393759-person-left-at';
import { RateLimitWindows1796233591198 } from './migrations/1796233591198-rate-limit-windows';
import { ExportChunks1796574592006 } from './migrations/1796574592006-export-chunks';
import { NotifyRobots1796582996599 } from './migrations/1796582996599-notify-robots';
import { NotificationOutbox1796572737998 } from './migrations/1796572737998-notification-outbox';
import { AccessTokens1796572555131 } from './migrations/1796572555131-access-tokens';

export const ENTITIES = [
  CampaignEntity,
  UnitEntity,
  DepartmentEntity,
  PostEntity,
  PersonEntity,
  RoleAssignmentEntity,
  LeadingGroupMemberEntity,
  GradingRuleSetEntity,
  RiskTemplateEntity,
  RiskFormEntity,
  RiskPointEntity,
  ReviewChainEntity,
  ReviewTaskEntity,
  ReviewDecisionEntity,
  NotificationEntity,
  RiskFormSnapshotEntity,
  UnitCampaignEntity,
  UnitPhaseProgressEntity,
  EscalationEntity,
  NoticeCommentEntity,
  RiskArchiveEntity,
  AuditRecordEntity,
  ExportJobEntity,
  ExportChunkEntity,
  RateLimitWindowEntity,
  MeasureImplementationEntity,
  CommitmentEntity,
  UnitActivityEntity,
  DutyReportEntity,
  ComplaintEntity,
  ComplaintContactEntity,
  ComplaintMessageEntity,
  DisposalCaseEntity,
  EvaluationRuleSetEntity,
  UnitEvaluationEntity,
  EvaluationInvitationEntity,
  CorrectionRoundEntity,
  HolidayYearEntity,
  NotificationPreferenceEntity,
  NotificationDeliveryEntity,
  ReviewNudgeEntity,
  NotifyRobotEntity,
  AccessTokenEntity,
];
/** Listed explicitly (no globs) so the same list works from sources, compiled output and bundles. */
export const MIGRATIONS = [
  Initial1764460000000,
  OrganisationAndForms1795997654459,
  Review1795998577483,
  UnitCampaign1795999258820,
  NotificationEvents1796000322044,
  ImmutableArchive1796000690961,
  AuditTrail1796001995681,
  DashboardIndexes1796002599815,
  ExecutionRecords1796183876411,
  Oversight1796183886221,
  ExportJobs1796183954204,
  HolidayYears1796190000000,
  PersonLeftAt1796233393759,
  RateLimitWindows1796233591198,
  AccessTokens1796572555131,
  NotificationOutbox1796572737998,
  ExportChunks1796574592006,
  NotifyRobots1796582996599,
];

export interface DataSourceOptions {
  url: string;
  /** Shown in pg_stat_activity, to tell gateway, worker and tools apart. */
  applicationName: string;
  poolSize?: number;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension needed, and the service's role may not
    // create one (it has no DDL rights), so TypeORM must not try at connect.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
  });
}

/** Applies pending migrations; returns the names of those it applied. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** Fails fast at boot when the schema is behind the code, instead of failing on the first query. */
export async function assertSchemaCurrent(dataSource: DataSource): Promise<void> {
  if (await dataSource.showMigrations()) {
    throw new Error('The database has pending migrations: run `npm run migrate` (npm start does it for you).');
  }
}

/** SQL the entities would need beyond what the migrations created; empty when they agree. */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
