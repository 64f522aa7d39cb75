import { Inject, Injectable, Module } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode } from '@pirm/domain';
import { AuthModule } from '../auth/auth.module';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { formatGraphQLError } from '../errors/format-error';
import { GATEWAY_CONFIG } from '../providers';
import type { TrustedDocumentMap } from './document-manifest';

/** The refusals before parsing, with their HTTP status (a missing document is 200, as persisted-query clients expect). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.PERSISTED_QUERY_REQUIRED]: 400,
  [ErrorCode.PERSISTED_QUERY_NOT_FOUND]: 200,
  [ErrorCode.UNAUTHENTICATED]: 401,
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The registered document a request names: GraphQL-over-HTTP's `documentId` or the persisted-query extension. */
function requestedHash(body: Record<string, unknown>): string | undefined {
  if (typeof body.documentId === 'string') return body.documentId.replace(/^sha256:/, '');
  const persisted = isRecord(body.extensions) ? body.extensions.persistedQuery : undefined;
  return isRecord(persisted) && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/**
 * Trusted documents (issue 20): the public operations are the part of the API anyone can reach, so in production
 * an anonymous caller may run only the documents the console was built with, named by hash; a document of its
 * own is refused here, before Apollo parses or validates a byte of it. Signed-in callers (a sign-in token or a
 * personal access token) may still send their own, under the query limits. Hashes are looked up for everyone
 * in every environment (the console always sends them); nothing a client sends is ever registered.
 */
@Injectable()
export class TrustedDocuments {
  private readonly documents: TrustedDocumentMap;
  /** Outside production anyone may send their own documents (GraphiQL, scripts). */
  private readonly anyoneAdHoc: boolean;

  constructor(
    @Inject(GATEWAY_CONFIG) config: Pick<GatewayConfig, 'env' | 'trustedDocuments'>,
    private readonly auth: AuthService,
  ) {
    this.documents = config.trustedDocuments;
    this.anyoneAdHoc = config.env !== 'production';
  }

  /** Express middleware on /graphql, after the JSON body is read and before Apollo sees the request. */
  readonly http = (req: Request & { principal?: Principal }, res: Response, next: NextFunction): void => {
    this.admit(req).then(
      () => next(),
      (err: unknown) => {
        const status = err instanceof DomainError ? (STATUS[err.code] ?? 400) : 500;
        res.status(status).json({ errors: [refusal(err)] });
      },
    );
  };

  /**
   * graphql-ws: every operation over the socket carries its own document (the protocol has no hashes), so it
   * runs only for a caller who may send one (GraphQLWsGate asks before parsing it). Throws the coded refusal.
   */
  readonly admitSocket = (authorization: string | undefined): Promise<void> => this.adHoc(authorization);

  /**
   * A request by hash gets the registered text in place of the hash (the extension is dropped, so Apollo's own
   * automatic persisted queries never register anything); any other document must come from a signed-in caller.
   */
  private async admit(req: Request & { principal?: Principal }): Promise<void> {
    if (req.method === 'GET') {
      if ((req.query as Record<string, unknown>).query !== undefined) await this.adHoc(req.headers.authorization, req);
      return;
    }
    const body: unknown = req.body;
    // Batches and bodies that are not JSON objects: Apollo refuses them before parsing.
    if (req.method !== 'POST' || !isRecord(body)) return;
    const hash = requestedHash(body);
    if (body.query === undefined || body.query === null) {
      if (hash === undefined) return; // Apollo: "must contain a non-empty query"
      const text = this.documents.get(hash);
      // The message is the persisted-query protocol's: urql and Apollo Client then retry with the document.
      if (text === undefined)
        throw new DomainError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, {
          en: 'PersistedQueryNotFound',
          zh: '请求的查询没有登记，请刷新页面后重试',
        });
      body.query = text;
    } else {
      await this.adHoc(req.headers.authorization, req);
    }
    delete body.documentId;
    if (isRecord(body.extensions)) delete body.extensions.persistedQuery;
  }

  /** May this caller run a document of its own? In production only when signed in (the principal is kept). */
  private async adHoc(authorization: string | undefined, req?: { principal?: Principal }): Promise<void> {
    if (this.anyoneAdHoc) return;
    if (!/^Bearer\s+\S+$/i.test(authorization ?? '')) {
      throw new DomainError(ErrorCode.PERSISTED_QUERY_REQUIRED, {
        en:
          'Without sign-in only the console’s registered documents run: send one by its hash ' +
          '(extensions.persistedQuery.sha256Hash or documentId), not a document of your own.',
        zh: '未登录时只能使用系统页面已登记的查询',
      });
    }
    const principal = await this.auth.authenticate(authorization);
    if (req) req.principal = principal;
  }
}

/** A refusal as clients see every error: through the one mapping (coded, no internals). */
function refusal(err: unknown) {
  return formatGraphQLError({ message: err instanceof Error ? err.message : String(err) }, err);
}

/** The trusted documents and the authentication they need, for the GraphQL server's wiring. */
@Module({ imports: [AuthModule], providers: [TrustedDocuments], exports: [TrustedDocuments] })
export class TrustedDocumentsModule {}
