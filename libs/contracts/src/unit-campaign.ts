import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  EscalationLadder,
  HolidayYear,
  MobilisationItem,
  Phase,
  PhaseWindow,
  UnitCampaignState,
} from '@pirm/domain';

export { MOBILISATION_ITEMS } from '@pirm/domain';
export type {
  MobilisationItem,
  MobilisationRecord,
  ScreeningStage,
  UnitCampaignState,
  UnitPhaseState,
  UnitPhaseStatus,
} from '@pirm/domain';

/** One workflow per unit and campaign, a child of the campaign workflow. */
export function unitWorkflowId(campaignId: string, unitId: string): string {
  return `campaign:${campaignId}:unit:${unitId}`;
}

export const UNIT_CAMPAIGN_WORKFLOW_TYPE = 'unitCampaignWorkflow';

export interface UnitCampaignInput {
  campaignId: string;
  unitId: string;
  calendar: PhaseWindow[];
  ladder: EscalationLadder;
  /** Per-phase ladders overriding `ladder`. */
  phaseLadders?: Partial<Record<Phase, EscalationLadder>>;
  holidays: HolidayYear[];
  /** Working days a unit's risk points stay on public notice (R13). */
  noticeWorkingDays: number;
  /** For a unit added mid-campaign: phases before this one are not required of it. */
  startAtPhase: Phase;
  /** State carried over by continue-as-new. */
  carried?: UnitCampaignState;
}

export interface RecordMobilisationArgs {
  key: string;
  item: MobilisationItem;
  evidence: string;
  attendance: number | null;
  by: string;
}

export interface CompletePhaseArgs {
  key: string;
  phase: Phase;
  evidence: string;
  by: string;
}

/** The office closes a unit's public notice before its period ends, with why (R13). */
export interface CloseNoticeArgs {
  key: string;
  by: string;
  reason: string;
}

export interface ConfirmArchiveArgs {
  key: string;
  by: string;
}

/** Administrator controls, fanned out by the campaign workflow. Deadlines are epoch ms. */
export type UnitControl =
  | { kind: 'EXTEND'; phase: Phase; deadline: number; by: string; reason: string }
  | { kind: 'PAUSE'; by: string; reason: string }
  | { kind: 'RESUME'; by: string; reason: string }
  | { kind: 'CLOSE'; by: string; reason: string }
  | { kind: 'CANCEL'; by: string; reason: string };

export const recordMobilisationUpdate = defineUpdate<UnitCampaignState, [RecordMobilisationArgs]>('recordMobilisation');
export const completePhaseUpdate = defineUpdate<UnitCampaignState, [CompletePhaseArgs]>('completePhase');
export const confirmArchiveUpdate = defineUpdate<UnitCampaignState, [ConfirmArchiveArgs]>('confirmArchive');
export const closeNoticeUpdate = defineUpdate<UnitCampaignState, [CloseNoticeArgs]>('closeNotice');
export const unitControlSignal = defineSignal<[UnitControl]>('unitControl');
/** A form of the unit changed review state: re-count approved forms (the read model is the truth). */
export const formsChangedSignal = defineSignal('formsChanged');
export const unitCampaignStateQuery = defineQuery<UnitCampaignState>('unitCampaignState');

/** Child → parent: a unit finished (or was closed), so the campaign can tell when every unit is done. */
export const unitFinishedSignal =
  defineSignal<[{ unitId: string; outcome: 'COMPLETE' | 'CLOSED' | 'CANCELLED' }]>('unitFinished');

export type UnitCampaignWorkflow = (input: UnitCampaignInput) => Promise<UnitCampaignState>;
