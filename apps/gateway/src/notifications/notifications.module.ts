import { Module } from '@nestjs/common';
import { NotificationsResolver, RiskFormNudgeResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';

/** A person's notifications, read and pushed by subscription. */
@Module({
  providers: [NotificationsResolver, RiskFormNudgeResolver, NotificationsService],
})
export class NotificationsModule {}
