import { Args, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '@pirm/domain';
import { AuditRepository, type AuditRecordEntity } from '@pirm/persistence';
import { PageSizeArg } from '../graphql/page-size';

@ObjectType('AuditRecord', { description: 'One state change: who, role, what, target, digests before/after, when.' })
export class AuditRecordModel {
  @Field(() => ID)
  seq!: string;

  @Field()
  chain!: string;

  @Field()
  actor!: string;

  @Field(() => String, { nullable: true })
  role!: string | null;

  @Field()
  action!: string;

  @Field()
  target!: string;

  @Field(() => String, { nullable: true })
  beforeDigest!: string | null;

  @Field(() => String, { nullable: true })
  afterDigest!: string | null;

  @Field()
  at!: string;

  @Field(() => String, { nullable: true })
  requestId!: string | null;

  @Field()
  hash!: string;
}

@ObjectType('AuditVerification')
export class AuditVerificationModel {
  @Field()
  chain!: string;

  @Field(() => Int)
  records!: number;

  @Field()
  intact!: boolean;

  @Field(() => ID, { nullable: true, description: 'The first record that does not match.' })
  brokenAt!: string | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}

/** The tamper-evident audit trail, for auditors: the discipline team and the office. */
@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditRepository) {}

  @Query(() => [AuditRecordModel], {
    description: 'Audit records of a chain (a campaign id, or "district"), oldest first.',
  })
  async auditTrail(
    @Args('chain') chain: string,
    @Args('actor', { type: () => String, nullable: true }) actor?: string,
    @Args('action', { type: () => String, nullable: true }) action?: string,
    @Args('target', { type: () => String, nullable: true }) target?: string,
    @Args('from', { type: () => Date, nullable: true, description: 'Records at or after this instant.' })
    from?: Date | null,
    @Args('to', { type: () => Date, nullable: true, description: 'Records before this instant.' }) to?: Date | null,
    @PageSizeArg(100) first = 100,
    @Args('afterSeq', { type: () => ID, nullable: true }) afterSeq?: string,
  ): Promise<AuditRecordModel[]> {
    // Record numbers are bigints counted from 1; a longer one than a safe integer holds names no record.
    if (
      afterSeq !== undefined &&
      afterSeq !== null &&
      !(/^\d{1,16}$/.test(afterSeq) && Number.isSafeInteger(Number(afterSeq)))
    ) {
      throw DomainError.validation([
        {
          field: 'afterSeq',
          reason: `must be a record number from 0 to ${Number.MAX_SAFE_INTEGER}`,
          message: '须为有效的记录序号',
        },
      ]);
    }
    if (from && to && from >= to)
      throw DomainError.validation([{ field: 'to', reason: 'must be after from', message: '结束时间须晚于开始时间' }]);
    const rows = await this.audit.list(
      { chain, actor, action, target, from: from ?? undefined, to: to ?? undefined },
      first,
      afterSeq ? Number(afterSeq) : undefined,
    );
    return rows.map((r: AuditRecordEntity) => Object.assign(new AuditRecordModel(), r));
  }

  @Query(() => AuditVerificationModel, {
    description: 'Recomputes a chain’s hashes and reports the first broken link.',
  })
  async verifyAuditChain(@Args('chain') chain: string): Promise<AuditVerificationModel> {
    const { records, broken } = await this.audit.verifyChain(chain);
    return Object.assign(new AuditVerificationModel(), {
      chain,
      records,
      intact: !broken,
      brokenAt: broken ? String(broken.seq) : null,
      reason: broken?.reason ?? null,
    });
  }
}
