import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PHASE_LABELS, type Phase } from '@pirm/domain';
import type { CampaignStatus } from '@pirm/contracts';
import { AdminActionEnum, CampaignStatusEnum, MobilisationItemEnum, PhaseEnum, RungEnum, UnitPhaseStatusEnum } from '../graphql/enums';
import type { MobilisationItem } from '@pirm/contracts';

@ObjectType('PhaseWindow')
export class PhaseWindowModel {
  @Field(() => PhaseEnum)
  phase!: Phase;

  @Field({ description: 'Chinese name of the phase.' })
  label!: string;

  @Field({ description: 'First day, YYYY-MM-DD (China Standard Time).' })
  startsOn!: string;

  @Field({ description: 'Last day (the deadline is the end of this day), YYYY-MM-DD.' })
  endsOn!: string;

  static of(w: { phase: Phase; startsOn: string; endsOn: string }): PhaseWindowModel {
    return Object.assign(new PhaseWindowModel(), { ...w, label: PHASE_LABELS[w.phase] });
  }
}

@ObjectType('Campaign')
export class CampaignModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => CampaignStatusEnum)
  status!: CampaignStatus;

  @Field(() => PhaseEnum, { nullable: true, description: 'The latest phase that has opened; null before the campaign starts.' })
  currentPhase!: Phase | null;

  @Field(() => [PhaseWindowModel])
  phases!: PhaseWindowModel[];

  @Field(() => Int, { description: 'The grading rules version all forms of this campaign are graded with (R12).' })
  rulesVersion!: number;

  @Field({ description: 'Person code of the administrator who launched it.' })
  launchedBy!: string;

  @Field({ description: 'LIVE when read from the running workflow, PROJECTION when from the read model.' })
  source!: string;

  @Field()
  paused!: boolean;

  @Field(() => Int, { description: 'Units taking part.' })
  unitCount!: number;

  @Field(() => Int, { description: 'Units not yet complete or closed.' })
  runningUnits!: number;

  @Field(() => [CampaignActionModel])
  actions!: CampaignActionModel[];
}

@InputType()
export class PhaseWindowInput {
  @Field(() => PhaseEnum)
  phase!: Phase;

  @Field()
  startsOn!: string;

  @Field()
  endsOn!: string;
}

@InputType({ description: 'The escalation ladder of one phase, in working days (default 3 before / 3 after / 7 after).' })
export class PhaseLadderInput {
  @Field(() => PhaseEnum)
  phase!: Phase;

  @Field(() => Int)
  reminderBefore!: number;

  @Field(() => Int)
  escalateAfter!: number;

  @Field(() => Int)
  redoAfter!: number;
}

@InputType()
export class LaunchCampaignInput {
  @Field(() => Int)
  year!: number;

  @Field(() => [PhaseWindowInput], { nullable: true, description: 'Defaults to the plan’s calendar (15 Apr – 30 Nov).' })
  calendar?: PhaseWindowInput[];

  @Field(() => [ID], { nullable: true, description: 'Units taking part; default: every unit on the roster (R01).' })
  units?: string[];

  @Field(() => [PhaseLadderInput], { nullable: true, description: 'Per-phase escalation ladders; phases not listed use the default.' })
  ladders?: PhaseLadderInput[];
}

@ObjectType('CampaignAction', { description: 'An office action on the campaign, with who and why.' })
export class CampaignActionModel {
  @Field(() => AdminActionEnum)
  kind!: string;

  @Field()
  by!: string;

  @Field()
  reason!: string;

  @Field(() => ID, { nullable: true })
  unitId!: string | null;

  @Field(() => PhaseEnum, { nullable: true })
  phase!: Phase | null;

  @Field(() => String, { nullable: true })
  endsOn!: string | null;

  @Field()
  at!: Date;
}

@ObjectType('PhaseSummary', { description: 'Units by status in one phase.' })
export class PhaseSummaryModel {
  @Field(() => PhaseEnum)
  phase!: Phase;

  @Field(() => Int)
  notStarted!: number;

  @Field(() => Int)
  inProgress!: number;

  @Field(() => Int, { description: 'In progress and past the deadline (a rung beyond the reminder).' })
  overdue!: number;

  @Field(() => Int)
  complete!: number;

  @Field(() => Int)
  closed!: number;
}

@ObjectType('UnitPhase')
export class UnitPhaseModel {
  @Field(() => PhaseEnum)
  phase!: Phase;

  @Field(() => UnitPhaseStatusEnum)
  status!: string;

  @Field(() => RungEnum, { nullable: true, description: 'The highest escalation rung reached.' })
  rung!: string | null;

  @Field()
  deadline!: Date;

  @Field(() => Date, { nullable: true })
  openedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}

@ObjectType('UnitProgress')
export class UnitProgressModel {
  @Field(() => ID)
  unitId!: string;

  @Field()
  unitName!: string;

  @Field(() => String, { nullable: true, description: 'Screening stage: FORMS, PUBLIC_NOTICE, AWAITING_CONFIRMATION, ARCHIVED.' })
  screeningStage!: string | null;

  @Field(() => [UnitPhaseModel])
  phases!: UnitPhaseModel[];
}

@ObjectType('UnitProgressConnection')
export class UnitProgressConnection {
  @Field(() => [UnitProgressModel])
  nodes!: UnitProgressModel[];

  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('Escalation')
export class EscalationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => PhaseEnum)
  phase!: Phase;

  @Field(() => RungEnum)
  rung!: string;

  @Field()
  deadline!: Date;

  @Field()
  firedAt!: Date;

  @Field()
  message!: string;

  @Field(() => Int, { description: 'How many people were told.' })
  notifiedCount!: number;
}

@InputType()
export class CampaignActionInput {
  @Field(() => AdminActionEnum)
  kind!: 'EXTEND' | 'PAUSE' | 'RESUME' | 'CANCEL' | 'ADD_UNIT' | 'CLOSE_UNIT';

  @Field()
  reason!: string;

  @Field(() => ID, { nullable: true })
  unitId?: string | null;

  @Field(() => PhaseEnum, { nullable: true })
  phase?: Phase | null;

  @Field(() => String, { nullable: true, description: 'EXTEND: the new last day, YYYY-MM-DD.' })
  endsOn?: string | null;

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class UnitRecordInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class MobilisationRecordInput extends UnitRecordInput {
  @Field(() => MobilisationItemEnum)
  item!: MobilisationItem;

  @Field({ description: 'What was done: members of the working body, the plan’s goals, scope and steps, the meeting and study materials.' })
  evidence!: string;

  @Field(() => Int, { nullable: true, description: 'For the mobilisation meeting: how many attended (R05).' })
  attendance?: number | null;
}

@InputType()
export class PhaseCompletionInput extends UnitRecordInput {
  @Field(() => PhaseEnum)
  phase!: Phase;

  @Field()
  evidence!: string;
}

@ObjectType('UnitCampaign', { description: 'A unit’s live progress in a campaign, from its workflow.' })
export class UnitCampaignModel {
  @Field(() => ID)
  unitId!: string;

  @Field(() => [UnitPhaseModel])
  phases!: UnitPhaseModel[];

  @Field(() => [MobilisationItemEnum], { description: 'Mobilisation items recorded so far.' })
  mobilisationRecorded!: MobilisationItem[];

  @Field()
  screeningStage!: string;

  @Field(() => Int)
  staff!: number;

  @Field(() => Int)
  approvedForms!: number;

  @Field(() => Date, { nullable: true })
  noticeClosesAt!: Date | null;

  @Field(() => Int, { nullable: true })
  archiveVersion!: number | null;

  @Field()
  paused!: boolean;

  @Field(() => String, { nullable: true })
  closedReason!: string | null;
}
