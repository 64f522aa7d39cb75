import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { RoleEnum, graphqlEnum } from '../graphql/enums';
import {
  CHANNELS,
  CHANNEL_LABELS,
  DELIVERY_STATUSES,
  DELIVERY_STATUS_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_LABELS,
  ROBOT_KINDS,
  ROBOT_KIND_LABELS,
  type Channel,
  type DeliveryStatus,
  type NotificationKind,
  type RobotKind,
} from '@pirm/domain';
import { PageInfoModel } from '../graphql/connection';

export const NotificationKindEnum = graphqlEnum(NOTIFICATION_KINDS, 'NotificationKind', {
  description: 'What a notification is about; the in-console row and every outbound message share it.',
  labels: NOTIFICATION_KIND_LABELS,
});
export const ChannelEnum = graphqlEnum(CHANNELS, 'NotificationChannel', {
  description: 'EMAIL, SMS, or the group robot (WECOM, DINGTALK) of the person’s department or unit.',
  labels: CHANNEL_LABELS,
});
export const DeliveryStatusEnum = graphqlEnum(DELIVERY_STATUSES, 'DeliveryStatus', {
  description:
    'HELD for the daily digest, PENDING (due or retrying), SENDING, SENT, DEAD (a dead letter after the last attempt), SKIPPED (the channel is not configured), DIGESTED (sent inside a digest).',
  labels: DELIVERY_STATUS_LABELS,
});
export const RobotKindEnum = graphqlEnum(ROBOT_KINDS, 'RobotKind', { labels: ROBOT_KIND_LABELS });

@ObjectType('NotificationDelivery', {
  description: 'One message of the outbox on one channel, and its delivery state.',
})
export class NotificationDeliveryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ChannelEnum)
  channel!: Channel;

  @Field(() => String, { nullable: true, description: 'Masked address: enough to tell recipients apart.' })
  recipient!: string | null;

  @Field(() => String, { nullable: true, description: 'The person it is for; null for a complainant.' })
  personName!: string | null;

  @Field(() => String, { nullable: true, description: 'The person’s 工号; null for a complainant.' })
  personCode!: string | null;

  @Field(() => NotificationKindEnum)
  kind!: NotificationKind;

  @Field(() => DeliveryStatusEnum)
  status!: DeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field({ description: 'When it is due next (PENDING, HELD) or when its claim lapses (SENDING).' })
  nextAttemptAt!: Date;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  sentAt!: Date | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('NotificationDeliveryEdge')
export class NotificationDeliveryEdge {
  @Field()
  cursor!: string;

  @Field(() => NotificationDeliveryModel)
  node!: NotificationDeliveryModel;
}

@ObjectType('NotificationDeliveryConnection')
export class NotificationDeliveryConnection {
  @Field(() => [NotificationDeliveryEdge])
  edges!: NotificationDeliveryEdge[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}

@ObjectType('QuietHours')
export class QuietHoursModel {
  @Field(() => Int, { description: 'CST hour, 0–23: quiet from …' })
  start!: number;

  @Field(() => Int, { description: '… until this hour (may wrap past midnight).' })
  end!: number;
}

@InputType('QuietHoursInput')
export class QuietHoursInput {
  @Field(() => Int)
  start!: number;

  @Field(() => Int)
  end!: number;
}

@ObjectType('NotificationPreferences', { description: 'How I am told beyond the console.' })
export class NotificationPreferencesModel {
  @Field(() => [ChannelEnum])
  channels!: Channel[];

  @Field(() => Int, {
    nullable: true,
    description: 'One digest a day at this CST hour instead of one message per event.',
  })
  digestHour!: number | null;

  @Field(() => QuietHoursModel, { nullable: true })
  quietHours!: QuietHoursModel | null;

  @Field({ description: 'False: the default (e-mail when the roster has an address).' })
  chosen!: boolean;

  @Field(() => String, { nullable: true, description: 'My e-mail address on the roster (电子邮箱).' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'My mobile number on the roster (手机号).' })
  mobile!: string | null;
}

@InputType('NotificationPreferencesInput')
export class NotificationPreferencesInput {
  @Field(() => [ChannelEnum])
  channels!: Channel[];

  @Field(() => Int, { nullable: true })
  digestHour?: number | null;

  @Field(() => QuietHoursInput, { nullable: true })
  quietHours?: QuietHoursInput | null;
}

@ObjectType('NotificationRobot', {
  description: "A unit's or a department's group robot (企业微信 or 钉钉); its secret is never returned.",
})
export class NotificationRobotModel {
  @Field(() => ID)
  unitId!: string;

  @Field(() => String, { nullable: true, description: "The department's roster code; null: the unit's own group." })
  departmentCode!: string | null;

  @Field(() => RobotKindEnum)
  kind!: RobotKind;

  @Field({ description: 'The webhook URL with its key or access token cut short.' })
  url!: string;

  @Field({ description: 'Whether 钉钉 加签 is on (a secret is stored).' })
  signed!: boolean;

  @Field()
  updatedAt!: Date;
}

@InputType()
export class NotificationRobotInput {
  @Field(() => ID)
  unitId!: string;

  @Field(() => String, {
    nullable: true,
    description: "A department's roster code for its group; omit for the unit's.",
  })
  departmentCode?: string | null;

  @Field(() => RobotKindEnum)
  kind!: RobotKind;

  @Field({ description: 'The webhook URL 企业微信 / 钉钉 shows for the robot (https).' })
  url!: string;

  @Field(() => String, {
    nullable: true,
    description: '钉钉 加签 secret (SEC…); omit for 企业微信 or a keyword-secured robot.',
  })
  secret?: string | null;
}

@ObjectType('OpenReviewTask', { description: 'The step a form waits at, and its 催办 so far.' })
export class OpenReviewTaskModel {
  @Field(() => ID, { description: 'The review task, for nudgeReviewTask.' })
  id!: string;

  @Field(() => RoleEnum)
  role!: string;

  @Field()
  dueAt!: Date;

  @Field(() => Int, { description: '催办: how many times its reviewers were nudged.' })
  nudgeCount!: number;

  @Field(() => Date, { nullable: true })
  lastNudgedAt!: Date | null;

  @Field({ description: 'From when it may be nudged again (once per NUDGE_INTERVAL_HOURS).' })
  nudgeAllowedFrom!: Date;
}
