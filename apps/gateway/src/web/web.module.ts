import { Module } from '@nestjs/common';
import { DevSignInController, SignInOptionsController } from './dev-sign-in.controller';

/** The web console's server side: how to sign in (the console's files are served by `serveConsole`). */
@Module({ controllers: [DevSignInController, SignInOptionsController] })
export class WebModule {}
