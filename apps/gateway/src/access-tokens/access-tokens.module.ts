import { Global, Module } from '@nestjs/common';
import { AccessTokensResolver } from './access-tokens.resolver';
import { AccessTokensService } from './access-tokens.service';
import { TokenAdmission } from './token-admission';
import { TokenSessions } from './token-sessions';

/** Personal access tokens (issue 20); global because the auth guard admits requests made with one. */
@Global()
@Module({
  providers: [AccessTokensResolver, AccessTokensService, TokenAdmission, TokenSessions],
  exports: [TokenAdmission],
})
export class AccessTokensModule {}
