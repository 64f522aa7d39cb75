import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PHASE_LABELS, type Phase } from '@pirm/domain';
import type { CampaignStatus } from '@pirm/contracts';
import { CampaignStatusEnum, PhaseEnum } from '../graphql/enums';

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

@InputType()
export class LaunchCampaignInput {
  @Field(() => Int)
  year!: number;

  @Field(() => [PhaseWindowInput], { nullable: true, description: 'Defaults to the plan’s calendar (15 Apr – 30 Nov).' })
  calendar?: PhaseWindowInput[];
}
