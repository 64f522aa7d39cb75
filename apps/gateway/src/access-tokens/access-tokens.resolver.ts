import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AccessTokenRow } from '@pirm/persistence';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { checkUuid } from '../graphql/formats';
import { PageSizeArg } from '../graphql/page-size';
import { AccessTokenModel, CreateAccessTokenInput, CreatedAccessTokenModel } from './access-tokens.model';
import { AccessTokensService, tokenStatus } from './access-tokens.service';

const toModel = (t: AccessTokenRow): AccessTokenModel =>
  Object.assign(new AccessTokenModel(), {
    id: t.id,
    name: t.name,
    scope: t.scope,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
    status: tokenStatus(t),
  });

const requestIdOf = (ctx: { req?: { id?: unknown } }): string | null =>
  typeof ctx.req?.id === 'string' ? ctx.req.id : null;

@Resolver()
export class AccessTokensResolver {
  constructor(private readonly tokens: AccessTokensService) {}

  @Mutation(() => CreatedAccessTokenModel, {
    description:
      'Creates a personal access token for my own GraphQL client; its secret is in this answer only. Not callable with a token.',
  })
  async createAccessToken(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CreateAccessTokenInput,
    @Context() ctx: { req?: { id?: unknown } },
  ): Promise<CreatedAccessTokenModel> {
    const { token, secret } = await this.tokens.create(principal, input, requestIdOf(ctx));
    return Object.assign(new CreatedAccessTokenModel(), { token: toModel(token), secret });
  }

  @Query(() => [AccessTokenModel], {
    description: 'My personal access tokens, newest first; the office may name anyone (personId).',
  })
  async accessTokens(
    @CurrentPrincipal() principal: Principal,
    @Args('personId', { type: () => ID, nullable: true }) personId: string | null,
    @PageSizeArg(50, 100) first: number,
  ): Promise<AccessTokenModel[]> {
    if (personId) checkUuid('personId', personId);
    return (await this.tokens.list(principal, personId ?? null, first)).map(toModel);
  }

  @Mutation(() => AccessTokenModel, {
    description:
      'Revokes one of my tokens (the office: anyone’s); it stops at the next request, subscriptions included.',
  })
  async revokeAccessToken(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: { req?: { id?: unknown } },
  ): Promise<AccessTokenModel> {
    checkUuid('id', id);
    return toModel(await this.tokens.revoke(principal, id, requestIdOf(ctx)));
  }
}
