import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PHASE_LABELS, type Phase } from '@pirm/domain';
import type { CampaignStatus } from '@pirm/contracts';
import {
  AdminActionEnum,
  CampaignStatusEnum,
  MobilisationItemEnum,
  PhaseEnum,
  RungEnum,
  ScreeningStageEnum,
  UnitPhaseStatusEnum,
} from '../graphql/enums';
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

@ObjectType('PhaseLadder', { description: 'An escalation ladder, in working days.' })
export class PhaseLadderModel {
  @Field(() => Int, { description: 'The reminder, this many working days before the deadline.' })
  reminderBefore!: number;

  @Field(() => Int, { description: 'ESCALATED, this many working days after the deadline.' })
  escalateAfter!: number;

  @Field(() => Int, { description: 'REDO_ORDER, this many working days after the deadline.' })
  redoAfter!: number;
}

@ObjectType('LaunchDefaults', { description: 'What a launch takes for each setting the office leaves out.' })
export class LaunchDefaultsModel {
  @Field(() => Int)
  year!: number;

  @Field(() => [PhaseWindowModel], { description: 'The plan’s calendar for the year.' })
  calendar!: PhaseWindowModel[];

  @Field(() => PhaseLadderModel, { description: 'The ladder of every phase not given its own.' })
  ladder!: PhaseLadderModel;

  @Field(() => Int)
  noticeWorkingDays!: number;

  @Field(() => Int, { description: 'The grading rules version a campaign launched now fixes (R12).' })
  rulesVersion!: number;
}

@ObjectType('Campaign')
export class CampaignModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => CampaignStatusEnum)
  status!: CampaignStatus;

  @Field(() => PhaseEnum, {
    nullable: true,
    description: 'The latest phase that has opened; null before the campaign starts.',
  })
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

  @Field(() => [ID], { description: 'Units paused on their own (PAUSE with a unit) while the campaign runs.' })
  pausedUnits!: string[];

  @Field(() => Int, { description: 'Working days each unit’s risk points stay on public notice (R13).' })
  noticeWorkingDays!: number;

  @Field(() => [Int], {
    description:
      'Years of the calendar without published holidays: their working days count plain Monday–Friday until the office publishes them.',
  })
  missingHolidayYears!: number[];
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

@InputType({
  description: 'The escalation ladder of one phase, in working days (default 3 before / 3 after / 7 after).',
})
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

  @Field(() => [PhaseWindowInput], {
    nullable: true,
    description: 'Defaults to the plan’s calendar (15 Apr – 30 Nov).',
  })
  calendar?: PhaseWindowInput[];

  @Field(() => [ID], { nullable: true, description: 'Units taking part; default: every unit on the roster (R01).' })
  units?: string[];

  @Field(() => [PhaseLadderInput], {
    nullable: true,
    description: 'Per-phase escalation ladders; phases not listed use the default.',
  })
  ladders?: PhaseLadderInput[];

  @Field(() => Int, {
    nullable: true,
    description: 'Working days of each unit’s public notice (R13), 1 to 60; default 5.',
  })
  noticeWorkingDays?: number;
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

  @Field(() => [RungEnum], {
    description: 'Rungs fired for the current deadline, in order (an extension clears those not yet due again).',
  })
  rungs!: string[];

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

  @Field(() => ScreeningStageEnum, { nullable: true })
  screeningStage!: string | null;

  @Field(() => [UnitPhaseModel])
  phases!: UnitPhaseModel[];

  @Field()
  paused!: boolean;
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

  @Field({
    description:
      'What was done: members of the working body, the plan’s goals, scope and steps, the meeting and study materials.',
  })
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

@ObjectType('MobilisationRecord', { description: 'A mobilisation item the unit recorded (R03–R05).' })
export class MobilisationRecordModel {
  @Field(() => MobilisationItemEnum)
  item!: MobilisationItem;

  @Field()
  by!: string;

  @Field()
  at!: Date;

  @Field()
  evidence!: string;

  @Field(() => Int, { nullable: true })
  attendance!: number | null;
}

@ObjectType('NoticeClosedEarly', { description: 'The office closed the public notice before its period ended.' })
export class NoticeClosedEarlyModel {
  @Field()
  by!: string;

  @Field()
  reason!: string;

  @Field()
  at!: Date;
}

@ObjectType('UnitCampaign', { description: 'A unit’s live progress in a campaign, from its workflow.' })
export class UnitCampaignModel {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field({ description: 'LIVE when read from the running workflow, PROJECTION when from the read model.' })
  source!: string;

  @Field(() => [MobilisationRecordModel])
  mobilisation!: MobilisationRecordModel[];

  @Field(() => Date, { nullable: true })
  noticeOpensAt!: Date | null;

  @Field(() => NoticeClosedEarlyModel, { nullable: true })
  noticeClosedEarly!: NoticeClosedEarlyModel | null;

  @Field(() => [Int], {
    description: 'Years of the calendar without holiday data (working days there count plain Monday–Friday).',
  })
  missingHolidayYears!: number[];

  @Field(() => [UnitPhaseModel])
  phases!: UnitPhaseModel[];

  @Field(() => [MobilisationItemEnum], { description: 'Mobilisation items recorded so far.' })
  mobilisationRecorded!: MobilisationItem[];

  @Field(() => ScreeningStageEnum)
  screeningStage!: string;

  @Field(() => Int)
  staff!: number;

  @Field(() => Int)
  approvedForms!: number;

  @Field(() => Date, {
    nullable: true,
    description: 'When the public notice closes (or closed, if the office closed it early).',
  })
  noticeClosesAt!: Date | null;

  @Field(() => Int, { nullable: true })
  archiveVersion!: number | null;

  @Field()
  paused!: boolean;

  @Field(() => String, { nullable: true })
  closedReason!: string | null;

  @Field({ description: 'The office cancelled this unit’s campaign (CANCEL with its unitId, or the whole campaign).' })
  cancelled!: boolean;
}

@InputType()
export class CloseNoticeInput extends UnitRecordInput {
  @Field({ description: 'Why the notice closes before its period ends (recorded and audited).' })
  reason!: string;
}

@ObjectType('HolidayYear', { description: 'One year’s holidays and 调休 make-up working days, as in force.' })
export class HolidayYearModel {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { description: '0: the built-in data; else the version the office published.' })
  version!: number;

  @Field(() => [String], { description: 'Every day off, YYYY-MM-DD.' })
  holidays!: string[];

  @Field(() => [String], { description: 'Weekend days declared working days (调休上班), YYYY-MM-DD.' })
  makeUpWorkdays!: string[];

  @Field(() => String, { nullable: true })
  publishedBy!: string | null;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;
}

@InputType()
export class HolidayYearInput {
  @Field(() => Int)
  year!: number;

  @Field(() => [String], { description: 'Every day off of each holiday period, weekend days inside it included.' })
  holidays!: string[];

  @Field(() => [String], { description: 'Weekend days declared working days (调休上班).' })
  makeUpWorkdays!: string[];
}
