import { Module } from '@nestjs/common';
import { NotificationsResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';

/** A person's notifications, read and pushed by subscription. */
@Module({
  providers: [NotificationsResolver, NotificationsService],
})
export class NotificationsModule {}
