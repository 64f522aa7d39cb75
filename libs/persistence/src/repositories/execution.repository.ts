import type { DataSource } from 'typeorm';
import { findCampaign } from '../campaign.repository';
import type { PersonEntity } from '../entities/person.entity';
import {
  insertCommitment,
  insertDutyReport,
  insertMeasureImplementation,
  insertUnitActivity,
  isArchivedRiskPoint,
  listCommitments,
  listDutyReports,
  listUnitActivities,
  listUnitRiskMeasures,
} from '../execution.repository';
import type { After } from './bound';
import { peopleByIds, personByCode } from './people';

/** Execution records (R14–R16) and the people they name. */
export class ExecutionRepository {
  constructor(private readonly ds: DataSource) {}

  async campaignExists(id: string): Promise<boolean> {
    return (await findCampaign(this.ds, id)) !== null;
  }

  person(code: string): Promise<PersonEntity | null> {
    return personByCode(this.ds, code);
  }

  people(ids: readonly string[]): Promise<PersonEntity[]> {
    return peopleByIds(this.ds, ids);
  }

  isArchivedRiskPoint(...a: After<typeof isArchivedRiskPoint>) {
    return isArchivedRiskPoint(this.ds, ...a);
  }

  insertMeasureImplementation(...a: After<typeof insertMeasureImplementation>) {
    return insertMeasureImplementation(this.ds, ...a);
  }

  insertCommitment(...a: After<typeof insertCommitment>) {
    return insertCommitment(this.ds, ...a);
  }

  insertUnitActivity(...a: After<typeof insertUnitActivity>) {
    return insertUnitActivity(this.ds, ...a);
  }

  insertDutyReport(...a: After<typeof insertDutyReport>) {
    return insertDutyReport(this.ds, ...a);
  }

  unitRiskMeasures(...a: After<typeof listUnitRiskMeasures>) {
    return listUnitRiskMeasures(this.ds, ...a);
  }

  commitments(...a: After<typeof listCommitments>) {
    return listCommitments(this.ds, ...a);
  }

  unitActivities(...a: After<typeof listUnitActivities>) {
    return listUnitActivities(this.ds, ...a);
  }

  dutyReports(...a: After<typeof listDutyReports>) {
    return listDutyReports(this.ds, ...a);
  }
}
