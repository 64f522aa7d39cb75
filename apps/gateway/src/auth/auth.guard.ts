import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError, ErrorCode, mayCall, policyOf, type OperationKind, roleNames, rolesOf } from '@pirm/domain';
import { TokenAdmission, type TokenRequest } from '../access-tokens/token-admission';
import { AuthService } from './auth.service';
import type { Principal } from './principal';

const IS_PUBLIC = 'pirm:isPublic';

/** Marks an HTTP handler as open to anonymous callers (GraphQL operations are opened by the policy table). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

type AuthenticatedRequest = Request & TokenRequest & { principal?: Principal };

function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

const KINDS: Readonly<Record<string, OperationKind>> = {
  Query: 'query',
  Mutation: 'mutation',
  Subscription: 'subscription',
};

/**
 * Global guard, deny by default. A GraphQL operation is let through only as its entry in the domain's policy
 * table allows, before its resolver runs (so before any record is looked up); one missing from the table is
 * refused. Record-level scope (which unit, whose record) stays with the services. A personal access token is
 * also held to its scope (TokenAdmission). The principal is resolved once per request (a request may have many
 * root fields; over graphql-ws each operation is a request). HTTP handlers need a token unless marked @Public().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly tokens: TokenAdmission,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() === 'graphql') return this.allowOperation(context);
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = requestOf(context);
    req.principal = await this.auth.authenticate(req.headers.authorization);
    return true;
  }

  private async allowOperation(context: ExecutionContext): Promise<boolean> {
    const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
    // Field resolvers run under an operation the guard already let through.
    const kind = KINDS[info.parentType.name];
    if (!kind) return true;
    const rule = policyOf(info.fieldName);
    if (!rule)
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `${info.fieldName} has no entry in the policy table.`,
        zh: '此操作尚未设置访问权限，请联系管理员',
      });
    if (rule.who === 'PUBLIC') return true;
    const req = requestOf(context);
    req.principal ??= await this.auth.authenticate(req.headers.authorization);
    if (req.principal.token) await this.tokens.admit(req, req.principal, kind, info.fieldName);
    if (!mayCall(rule, req.principal.roles))
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `${info.fieldName} is for ${[...rule.who].join(', ')}.`,
        zh: `只有${roleNames(rolesOf(rule))}可以执行此操作`,
      });
    return true;
  }
}

/** The authenticated principal of the current request (guarded handlers only). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = requestOf(context).principal;
  if (!principal) throw new Error('CurrentPrincipal used on a handler the AuthGuard did not authenticate');
  return principal;
});
