import type { DataSource } from 'typeorm';
import { findCampaign, latestGradingRules } from '../campaign.repository';
import { UnitEntity } from '../entities/unit.entity';
import { currentHolidayYears, holidaysInForce, publishHolidayYear, runningCampaignIds } from '../holiday.repository';
import { findUnitCampaignState, listEscalations, listUnitProgress, phaseCounts } from '../unit-campaign.repository';
import type { After } from './bound';

/** Campaigns, their units' progress and the holiday calendar, as the campaign feature reads and writes them. */
export class CampaignRepository {
  constructor(private readonly ds: DataSource) {}

  find(...a: After<typeof findCampaign>) {
    return findCampaign(this.ds, ...a);
  }

  async unitIds(): Promise<string[]> {
    return (await this.ds.getRepository(UnitEntity).find({ select: { id: true }, order: { id: 'ASC' } })).map(
      (u) => u.id,
    );
  }

  unitExists(id: string): Promise<boolean> {
    return this.ds.getRepository(UnitEntity).existsBy({ id });
  }

  latestGradingRules() {
    return latestGradingRules(this.ds);
  }

  holidaysInForce() {
    return holidaysInForce(this.ds);
  }

  currentHolidayYears() {
    return currentHolidayYears(this.ds);
  }

  publishHolidayYear(...a: After<typeof publishHolidayYear>) {
    return publishHolidayYear(this.ds, ...a);
  }

  runningCampaignIds() {
    return runningCampaignIds(this.ds);
  }

  unitState(...a: After<typeof findUnitCampaignState>) {
    return findUnitCampaignState(this.ds, ...a);
  }

  phaseCounts(...a: After<typeof phaseCounts>) {
    return phaseCounts(this.ds, ...a);
  }

  unitProgress(...a: After<typeof listUnitProgress>) {
    return listUnitProgress(this.ds, ...a);
  }

  escalations(...a: After<typeof listEscalations>) {
    return listEscalations(this.ds, ...a);
  }
}
