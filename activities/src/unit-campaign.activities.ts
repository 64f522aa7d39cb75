import type { DataSource } from 'typeorm';
import { PHASE_LABELS, RUNG_LABELS, dateOf, type Phase, type Rung } from '@pirm/domain';
import type { UnitCampaignState } from '@pirm/contracts';
import {
  countOpenNoticeComments,
  createRiskArchive,
  escalationRecipients,
  insertEscalation,
  screeningProgress,
  upsertUnitCampaign,
} from '@pirm/persistence';

export interface UnitCampaignActivityDeps {
  dataSource: DataSource;
}

/** Activities of the unit campaign workflow; each idempotent (revisions, keys). */
export function createUnitCampaignActivities({ dataSource }: UnitCampaignActivityDeps) {
  return {
    async projectUnitCampaign(state: UnitCampaignState): Promise<void> {
      await upsertUnitCampaign(dataSource, state);
    },

    screeningProgress(args: { campaignId: string; unitId: string }): Promise<{ staff: number; approved: number }> {
      return screeningProgress(dataSource, args.campaignId, args.unitId);
    },

    countOpenNoticeComments(args: { campaignId: string; unitId: string }): Promise<number> {
      return countOpenNoticeComments(dataSource, args.campaignId, args.unitId);
    },

    createRiskArchive(args: { key: string; campaignId: string; unitId: string; confirmedBy: string }): Promise<number> {
      return createRiskArchive(dataSource, args.key, args.campaignId, args.unitId, args.confirmedBy);
    },

    /** Records a rung of the ladder and tells those concerned; the ESCALATED rung is also the circular (通报). */
    async recordEscalation(args: {
      key: string;
      campaignId: string;
      unitId: string;
      phase: Phase;
      rung: Rung;
      deadline: number;
      at: number;
    }): Promise<void> {
      const notified = await escalationRecipients(dataSource, args.unitId, args.rung);
      const message = `单位 ${args.unitId} ${PHASE_LABELS[args.phase]}阶段（截止 ${dateOf(args.deadline - 1)}）：${RUNG_LABELS[args.rung]}`;
      // The rung, its audit record, its notifications and their outbox rows in one transaction.
      await insertEscalation(dataSource, { ...args, notified, message });
    },
  };
}

export type UnitCampaignActivities = ReturnType<typeof createUnitCampaignActivities>;
