import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError, ErrorCode, Role } from '@pirm/domain';
import { AuthGuard } from '../../../apps/gateway/src/auth/auth.guard';
import { TokenAdmission } from '../../../apps/gateway/src/access-tokens/token-admission';
import type { TokenSessions } from '../../../apps/gateway/src/access-tokens/token-sessions';
import type { AuthService } from '../../../apps/gateway/src/auth/auth.service';
import type { AccessTokenRepository } from '@pirm/persistence';
import type { Principal } from '../../../apps/gateway/src/auth/principal';

const person = (roles: Principal['roles']): Principal => ({
  personId: 'p',
  code: 'c',
  name: 'n',
  unitId: 's001',
  departmentId: null,
  postId: null,
  roles,
});
/** Tokens are the principals themselves; a missing token is refused as the real AuthService refuses it. */
const auth = {
  authenticate: async (h: string | undefined) =>
    h
      ? (JSON.parse(h) as Principal)
      : Promise.reject(new DomainError(ErrorCode.UNAUTHENTICATED, { en: 'no token', zh: '请先登录' })),
};
/** The real admission (the scope rule), over stand-ins for what it stores and watches. */
const admission = new TokenAdmission(
  { recordUse: async () => undefined } as unknown as AccessTokenRepository,
  { watch: () => undefined } as unknown as TokenSessions,
);
const guard = new AuthGuard(new Reflector(), auth as unknown as AuthService, admission);

/** What the guard answers for a call of `parent.field` by `caller` (undefined: anonymous). */
async function answer(parent: string, field: string, caller?: Principal): Promise<string> {
  const req = { headers: { authorization: caller && JSON.stringify(caller) } };
  const info = { parentType: { name: parent }, fieldName: field } as unknown as GraphQLResolveInfo;
  const context = new ExecutionContextHost([undefined, {}, { req }, info]);
  context.setType('graphql');
  try {
    return (await guard.canActivate(context)) ? 'ALLOWED' : 'REFUSED';
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err);
  }
}

describe('the gateway checks the policy table before any resolver runs (issue 17)', () => {
  const office = person([{ role: Role.OFFICE_ADMIN, unitId: null }]);
  const staff = person([]);

  it('issue 17: refuses an operation missing from the table, whoever calls (fails closed)', async () => {
    expect([
      await answer('Mutation', 'dropEverything', office),
      await answer('Query', 'toString', office),
      await answer('Subscription', 'secretFeed'),
    ]).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
  });

  it('issue 17: a role-only operation is refused to a signed-in caller without the role, and to an anonymous one', async () => {
    expect([
      await answer('Mutation', 'launchCampaign', staff),
      await answer('Mutation', 'launchCampaign'),
      await answer('Mutation', 'launchCampaign', office),
    ]).toEqual(['FORBIDDEN', 'UNAUTHENTICATED', 'ALLOWED']);
  });

  it('issue 17: public operations need no token; signed-in ones need one; subscriptions are checked alike', async () => {
    expect([
      await answer('Mutation', 'fileComplaint'),
      await answer('Query', 'me'),
      await answer('Query', 'me', staff),
      await answer('Subscription', 'notificationAdded'),
    ]).toEqual(['ALLOWED', 'UNAUTHENTICATED', 'ALLOWED', 'UNAUTHENTICATED']);
  });

  it('issue 17: field resolvers below an operation are not operations', async () => {
    expect(await answer('RiskForm', 'reviewHistory', staff)).toBe('ALLOWED');
  });

  describe('issue 20: a personal access token is held to its scope, on top of its person’s roles', () => {
    const reviewer = person([{ role: Role.DEPARTMENT_HEAD, unitId: 's001', departmentId: 'd1' }]);
    const withToken = (p: Principal, scope: 'READ' | 'REVIEW'): Principal => ({
      ...p,
      token: { id: 't', scope, expiresAt: new Date(Date.now() + 3600_000) },
    });

    it('issue 20: READ admits queries and subscriptions and no mutation, not even a decision its person may take', async () => {
      const read = withToken(reviewer, 'READ');
      expect([
        await answer('Query', 'myTasks', read),
        await answer('Subscription', 'notificationAdded', read),
        await answer('Mutation', 'decideReviewTask', read),
        await answer('Mutation', 'approveReviewTasks', read),
        await answer('Mutation', 'decideReviewTask', reviewer),
      ]).toEqual(['ALLOWED', 'ALLOWED', 'FORBIDDEN', 'FORBIDDEN', 'ALLOWED']);
    });

    it('issue 20: REVIEW adds deciding, and nothing of the office even for an office administrator', async () => {
      const review = withToken(office, 'REVIEW');
      expect([
        await answer('Mutation', 'decideReviewTask', review),
        await answer('Mutation', 'approveReviewTasks', review),
        await answer('Mutation', 'launchCampaign', review),
        await answer('Mutation', 'importRoster', review),
        await answer('Mutation', 'launchCampaign', office),
      ]).toEqual(['ALLOWED', 'ALLOWED', 'FORBIDDEN', 'FORBIDDEN', 'ALLOWED']);
    });

    it('issue 20: no token manages tokens (a stolen one cannot mint a longer-lived one)', async () => {
      expect([
        await answer('Mutation', 'createAccessToken', withToken(staff, 'REVIEW')),
        await answer('Mutation', 'revokeAccessToken', withToken(staff, 'REVIEW')),
        await answer('Mutation', 'createAccessToken', staff),
      ]).toEqual(['FORBIDDEN', 'FORBIDDEN', 'ALLOWED']);
    });
  });
});
