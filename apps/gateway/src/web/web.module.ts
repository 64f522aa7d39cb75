import { Module } from '@nestjs/common';
import { DevSignInController } from './dev-sign-in.controller';

/** The web console's server side: development sign-in (the console's files are served by `serveConsole`). */
@Module({ controllers: [DevSignInController] })
export class WebModule {}
