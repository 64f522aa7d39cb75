import type { DataSource } from 'typeorm';
import { findCampaign } from '../campaign.repository';
import { UnitEntity } from '../entities/unit.entity';
import {
  countUnitRiskList,
  createExportJob,
  districtSummary,
  findExportJob,
  finishExportJob,
  loadPrintInput,
  recordExportProgress,
  takeExpiredExportFiles,
  unitRiskListPage,
} from '../export.repository';
import { yearEndPeople, yearEndUnits } from '../year-end.repository';
import type { After } from './bound';

/** Export jobs and the data each export kind writes (R21, R23). */
export class ExportRepository {
  constructor(private readonly ds: DataSource) {}

  async campaignExists(id: string): Promise<boolean> {
    return (await findCampaign(this.ds, id)) !== null;
  }

  unit(id: string): Promise<UnitEntity | null> {
    return this.ds.getRepository(UnitEntity).findOneBy({ id });
  }

  createJob(...a: After<typeof createExportJob>) {
    return createExportJob(this.ds, ...a);
  }

  findJob(...a: After<typeof findExportJob>) {
    return findExportJob(this.ds, ...a);
  }

  recordProgress(...a: After<typeof recordExportProgress>) {
    return recordExportProgress(this.ds, ...a);
  }

  finishJob(...a: After<typeof finishExportJob>) {
    return finishExportJob(this.ds, ...a);
  }

  takeExpiredFiles() {
    return takeExpiredExportFiles(this.ds);
  }

  printInput(...a: After<typeof loadPrintInput>) {
    return loadPrintInput(this.ds, ...a);
  }

  countUnitRiskList(...a: After<typeof countUnitRiskList>) {
    return countUnitRiskList(this.ds, ...a);
  }

  unitRiskListPage(...a: After<typeof unitRiskListPage>) {
    return unitRiskListPage(this.ds, ...a);
  }

  districtSummary(...a: After<typeof districtSummary>) {
    return districtSummary(this.ds, ...a);
  }

  yearEndPeople(...a: After<typeof yearEndPeople>) {
    return yearEndPeople(this.ds, ...a);
  }

  yearEndUnits(...a: After<typeof yearEndUnits>) {
    return yearEndUnits(this.ds, ...a);
  }
}
