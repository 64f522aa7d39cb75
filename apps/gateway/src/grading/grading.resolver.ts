import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  DomainError,
  ErrorCode,
  assertValid,
  previewRegrade,
  validateGradingRules,
  type GradingRules,
} from '@pirm/domain';
import { GradingRepository, type GradingRuleSetEntity } from '@pirm/persistence';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { GradingRulesInput, GradingRulesModel, GradingRulesPreviewModel } from './grading.model';

/** The domain's rule paths as the GraphQL input names them, so errors point at the field the client sent. */
const INPUT_FIELD: Readonly<Record<string, string>> = {
  'rules.level.level1MinProduct': 'level1MinProduct',
  'rules.level.level2MinProduct': 'level2MinProduct',
  'rules.weights.LEVEL_1': 'weightLevel1',
  'rules.weights.LEVEL_2': 'weightLevel2',
  'rules.weights.LEVEL_3': 'weightLevel3',
  'rules.extraCauseMultiplier': 'extraCauseMultiplier',
  'rules.gradeThresholds.A': 'gradeThresholdA',
  'rules.gradeThresholds.B': 'gradeThresholdB',
  'rules.level1WithoutControlIsA': 'level1WithoutControlIsA',
};

function toModel(set: GradingRuleSetEntity): GradingRulesModel {
  const r = set.rules;
  return Object.assign(new GradingRulesModel(), {
    version: set.version,
    level1MinProduct: r.level.level1MinProduct,
    level2MinProduct: r.level.level2MinProduct,
    weightLevel1: r.weights.LEVEL_1,
    weightLevel2: r.weights.LEVEL_2,
    weightLevel3: r.weights.LEVEL_3,
    extraCauseMultiplier: r.extraCauseMultiplier,
    gradeThresholdA: r.gradeThresholds.A,
    gradeThresholdB: r.gradeThresholds.B,
    level1WithoutControlIsA: r.level1WithoutControlIsA,
    createdBy: set.createdBy,
  });
}

/** The input as the domain's rules (its version is set when stored), or VALIDATION_FAILED naming the input's fields. */
function validRules(input: GradingRulesInput): GradingRules {
  const rules: GradingRules = {
    version: 1,
    level: { level1MinProduct: input.level1MinProduct, level2MinProduct: input.level2MinProduct },
    weights: { LEVEL_1: input.weightLevel1, LEVEL_2: input.weightLevel2, LEVEL_3: input.weightLevel3 },
    extraCauseMultiplier: input.extraCauseMultiplier,
    gradeThresholds: { A: input.gradeThresholdA, B: input.gradeThresholdB },
    level1WithoutControlIsA: input.level1WithoutControlIsA,
  };
  assertValid(validateGradingRules(rules).map((e) => ({ ...e, field: INPUT_FIELD[e.field] ?? e.field })));
  return rules;
}

/** Grading rules are data (R12): anyone signed in reads them; the office publishes new versions. */
@Resolver(() => GradingRulesModel)
export class GradingResolver {
  constructor(private readonly grading: GradingRepository) {}

  @Query(() => GradingRulesModel, { description: 'A version of the grading rules (default: the latest).' })
  async gradingRules(
    @CurrentPrincipal() _principal: Principal,
    @Args('version', { type: () => Int, nullable: true }) version?: number,
  ): Promise<GradingRulesModel> {
    const set = await this.grading.ruleSet(version);
    if (!set)
      throw new DomainError(ErrorCode.NOT_FOUND, {
        en: `No grading rules version ${version}.`,
        zh: `没有第 ${version} 版评级规则`,
      });
    return toModel(set);
  }

  @Query(() => GradingRulesPreviewModel, {
    description:
      'Office only. How many of a campaign’s graded posts (default: the latest campaign’s) these rules would grade differently; nothing is stored.',
  })
  async gradingRulesPreview(
    @CurrentPrincipal() _principal: Principal,
    @Args('input') input: GradingRulesInput,
    @Args('campaignId', { type: () => ID, nullable: true }) campaignId?: string,
  ): Promise<GradingRulesPreviewModel> {
    const candidate = validRules(input);
    const basis = await this.grading.regradeBasis(campaignId);
    if (!basis && campaignId)
      throw new DomainError(ErrorCode.NOT_FOUND, { en: `No campaign ${campaignId}.`, zh: '没有这次活动' });
    const preview = basis
      ? previewRegrade(basis.forms, basis.rules, candidate)
      : { posts: 0, changed: 0, transitions: [] };
    return Object.assign(new GradingRulesPreviewModel(), {
      ...preview,
      campaignId: basis?.campaignId ?? null,
      currentVersion: basis?.rules.version ?? null,
    });
  }

  @Mutation(() => GradingRulesModel, {
    description:
      'Office only. Publishes the next rules version; campaigns launched afterwards use it, running ones keep theirs.',
  })
  async publishGradingRules(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: GradingRulesInput,
  ): Promise<GradingRulesModel> {
    const published = await this.grading.publish(validRules(input), principal.code);
    if (!published)
      throw new DomainError(ErrorCode.CONFLICT, {
        en: 'Another version was published at the same time: reload and try again.',
        zh: '其他人刚刚发布了新版本，请刷新后重试',
      });
    return toModel(published);
  }
}
