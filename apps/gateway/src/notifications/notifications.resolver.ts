import {
  Args,
  Field,
  ID,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import type { DeliveryStatus, NotificationKind, RobotKind } from '@pirm/domain';
import type { NotificationEntity } from '@pirm/persistence';
import {
  DeliveryStatusEnum,
  NotificationDeliveryConnection,
  NotificationDeliveryModel,
  NotificationKindEnum,
  NotificationPreferencesInput,
  NotificationPreferencesModel,
  NotificationRobotInput,
  NotificationRobotModel,
  OpenReviewTaskModel,
  RobotKindEnum,
} from './notifications.model';
import type { DeliveryView } from './notifications.service';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { NOTIFICATION_TOPIC, NotificationsService } from './notifications.service';
import { PageSizeArg } from '../graphql/page-size';
import { RiskFormModel } from '../forms/forms.model';

@ObjectType('Notification', { description: 'A new task, a reminder, an escalation, a return or an approval.' })
export class NotificationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKindEnum)
  kind!: NotificationKind;

  @Field()
  message!: string;

  @Field(() => ID, { nullable: true })
  formId!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => [NotificationDeliveryModel], {
    description: 'Its messages beyond the console (e-mail, SMS, group robots) and the state of each.',
  })
  deliveries!: NotificationDeliveryModel[];
}

const toDelivery = (d: DeliveryView): NotificationDeliveryModel => Object.assign(new NotificationDeliveryModel(), d);
const toModel = (n: NotificationEntity & { deliveries?: DeliveryView[] }): NotificationModel =>
  Object.assign(new NotificationModel(), { ...n, deliveries: (n.deliveries ?? []).map(toDelivery) });

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

  @Query(() => NotificationDeliveryConnection, {
    description: 'Office: the outbound messages, newest first; status DEAD lists the dead letters to retry.',
  })
  async notificationDeliveries(
    @PageSizeArg(50, 200) first: number,
    @Args('status', { type: () => DeliveryStatusEnum, nullable: true }) status?: DeliveryStatus | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<NotificationDeliveryConnection> {
    const page = await this.notifications.deliveries(status, first, after);
    return {
      edges: page.rows.map((d) => ({ cursor: page.cursorOf(d), node: toDelivery(d) })),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        endCursor: page.rows.length ? page.cursorOf(page.rows[page.rows.length - 1]!) : null,
      },
    };
  }

  @Mutation(() => NotificationDeliveryModel, {
    description: 'Office: sends a dead letter again (fresh attempts; audited). Anything else is a CONFLICT.',
  })
  async retryNotificationDelivery(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<NotificationDeliveryModel> {
    return toDelivery(await this.notifications.retry(principal, id));
  }

  @Query(() => NotificationPreferencesModel, { description: 'My channels, daily digest and quiet hours.' })
  async myNotificationPreferences(@CurrentPrincipal() principal: Principal): Promise<NotificationPreferencesModel> {
    return Object.assign(new NotificationPreferencesModel(), await this.notifications.preferences(principal));
  }

  @Mutation(() => NotificationPreferencesModel, {
    description: 'Sets my channels (each needs its contact on the roster), daily digest hour (CST) and quiet hours.',
  })
  async setNotificationPreferences(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: NotificationPreferencesInput,
  ): Promise<NotificationPreferencesModel> {
    return Object.assign(
      new NotificationPreferencesModel(),
      await this.notifications.setPreferences(principal, {
        channels: input.channels,
        digestHour: input.digestHour ?? null,
        quietHours: input.quietHours ? { start: input.quietHours.start, end: input.quietHours.end } : null,
      }),
    );
  }

  @Query(() => [NotificationRobotModel], {
    description: "A unit's 企业微信 / 钉钉 group robots (its own and its departments'): its leaders and the office.",
  })
  async notificationRobots(
    @CurrentPrincipal() principal: Principal,
    @Args('unitId', { type: () => ID }) unitId: string,
  ): Promise<NotificationRobotModel[]> {
    return (await this.notifications.robots(principal, unitId)).map((r) =>
      Object.assign(new NotificationRobotModel(), r),
    );
  }

  @Mutation(() => NotificationRobotModel, {
    description:
      "Sets the group robot of a unit or of one of its departments (replacing one of the same kind). The unit's leaders and the office; audited.",
  })
  async setNotificationRobot(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: NotificationRobotInput,
  ): Promise<NotificationRobotModel> {
    const row = await this.notifications.setRobot(principal, {
      unitId: input.unitId,
      departmentCode: input.departmentCode ?? null,
      kind: input.kind,
      url: input.url.trim(),
      secret: input.secret ?? null,
    });
    return Object.assign(new NotificationRobotModel(), row);
  }

  @Mutation(() => Boolean, { description: 'Removes a group robot; false when there was none.' })
  async removeNotificationRobot(
    @CurrentPrincipal() principal: Principal,
    @Args('unitId', { type: () => ID }) unitId: string,
    @Args('kind', { type: () => RobotKindEnum }) kind: RobotKind,
    @Args('departmentCode', { type: () => String, nullable: true }) departmentCode?: string | null,
  ): Promise<boolean> {
    return this.notifications.removeRobot(principal, unitId, departmentCode ?? null, kind);
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

/** The pending step of a form with its 催办, wherever a form is read (the owner's page shows the 催办 button). */
@Resolver(() => RiskFormModel)
export class RiskFormNudgeResolver {
  constructor(private readonly notifications: NotificationsService) {}

  @ResolveField(() => OpenReviewTaskModel, {
    nullable: true,
    description: 'The review task the form waits at, with its 催办 count and latest; null when none is open.',
  })
  async openReviewTask(@Parent() form: RiskFormModel): Promise<OpenReviewTaskModel | null> {
    const t = await this.notifications.openTask(form.id);
    return t && Object.assign(new OpenReviewTaskModel(), t);
  }
}
