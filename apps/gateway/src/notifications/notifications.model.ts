import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CHANNELS, DELIVERY_STATUSES, type Channel, type DeliveryStatus } from '@pirm/domain';
import { PageInfoModel } from '../review/review.model';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
export const ChannelEnum = enumOf(CHANNELS);
export const DeliveryStatusEnum = enumOf(DELIVERY_STATUSES);
registerEnumType(ChannelEnum, {
  name: 'NotificationChannel',
  description: 'EMAIL, SMS, or the group robot (WECOM 企业微信, DINGTALK 钉钉) of the person’s department or unit.',
});
registerEnumType(DeliveryStatusEnum, {
  name: 'DeliveryStatus',
  description:
    'HELD for the daily digest, PENDING (due or retrying), SENDING, SENT, DEAD (a dead letter after the last attempt), SKIPPED (the channel is not configured), DIGESTED (sent inside a digest).',
});

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

  @Field()
  kind!: string;

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
