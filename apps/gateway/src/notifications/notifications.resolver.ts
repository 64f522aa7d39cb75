import { Field, ID, ObjectType, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { NotificationEntity } from '@pirm/persistence';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { NOTIFICATION_TOPIC, NotificationsService } from './notifications.service';
import { PageSizeArg } from '../graphql/page-size';

@ObjectType('Notification', { description: 'A new task, a reminder, an escalation, a return or an approval.' })
export class NotificationModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'TASK, REMINDER, ESCALATION, RETURNED, APPROVED or EXTENDED.' })
  kind!: string;

  @Field()
  message!: string;

  @Field(() => ID, { nullable: true })
  formId!: string | null;

  @Field()
  createdAt!: Date;
}

const toModel = (n: NotificationEntity): NotificationModel => Object.assign(new NotificationModel(), n);

@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(private readonly notifications: NotificationsService) {}

  @Query(() => [NotificationModel], { description: 'My latest notifications.' })
  async myNotifications(
    @CurrentPrincipal() principal: Principal,
    @PageSizeArg(50, 200) first: number,
  ): Promise<NotificationModel[]> {
    return (await this.notifications.mine(principal.personId, first)).map(toModel);
  }

  @Subscription(() => NotificationModel, {
    description: 'Pushes my new notifications (graphql-ws; send the token as connectionParams.authorization).',
    filter: (payload: NotificationEntity, _vars: unknown, ctx: { req: { principal?: Principal } }) =>
      payload.personId === ctx.req.principal?.personId,
    resolve: (payload: NotificationEntity) => toModel(payload),
  })
  notificationAdded(@CurrentPrincipal() _principal: Principal) {
    return this.notifications.pubsub.asyncIterableIterator(NOTIFICATION_TOPIC);
  }
}
