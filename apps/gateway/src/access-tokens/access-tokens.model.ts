import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { TOKEN_SCOPES, TOKEN_SCOPE_LABELS } from '@pirm/domain';
import { graphqlEnum } from '../graphql/enums';

export const TokenScopeEnum = graphqlEnum(TOKEN_SCOPES, 'AccessTokenScope', {
  description: 'READ: queries and subscriptions. REVIEW: those, plus deciding and batch-approving my own review tasks.',
  labels: TOKEN_SCOPE_LABELS,
});

@ObjectType('AccessToken', {
  description: 'A personal access token, as its owner’s list shows it: never its secret.',
})
export class AccessTokenModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => TokenScopeEnum)
  scope!: string;

  @Field()
  createdAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field(() => Date, { nullable: true, description: 'To the minute; null: never used.' })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field({ description: 'ACTIVE, EXPIRED or REVOKED.' })
  status!: string;
}

@ObjectType('CreatedAccessToken')
export class CreatedAccessTokenModel {
  @Field(() => AccessTokenModel)
  token!: AccessTokenModel;

  @Field({
    description:
      'The secret (`pirm_pat_…`), shown this once: only its hash is kept. Send it as `Authorization: Bearer <secret>`.',
  })
  secret!: string;
}

@InputType()
export class CreateAccessTokenInput {
  @Field({ description: 'What the token is for, e.g. 桌面客户端 (at most 60 characters).' })
  name!: string;

  @Field(() => TokenScopeEnum)
  scope!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Days until it expires: 1 to the installation’s maximum (AUTH_PAT_MAX_LIFETIME_DAYS); default 90.',
  })
  expiresInDays?: number | null;
}
