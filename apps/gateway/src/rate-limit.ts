import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Inject, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import proxyAddr from 'proxy-addr';
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DomainError, ErrorCode } from '@pirm/domain';
import { RateLimitRepository } from '@pirm/persistence';
import { isAccessTokenSecret } from './access-tokens/secret';
import type { GatewayConfig } from './config';
import { requestRefusal } from './graphql/input-guard';
import { GATEWAY_CONFIG } from './providers';
import { rateLimitRefusals } from './observability/metrics';

export interface RateLimit {
  bucket: string;
  limit: number;
  windowMs: number;
  /** The limit as the refused caller reads it (e.g. 同一网络每分钟最多提交 5 次投诉). */
  zh: string;
}

/** A limit per minute: its number and its Chinese words come from here only, so they cannot disagree. */
function perMinute(bucket: string, limit: number, zh: (n: number) => string): RateLimit {
  return { bucket, limit, windowMs: 60_000, zh: zh(limit) };
}

/** The public operations and their limits per caller: each root field of a request counts, aliases included. */
export const RATE_LIMITS: Readonly<Record<string, RateLimit>> = {
  commentOnNotice: perMinute('notice-comment', 10, (n) => `同一网络每分钟最多提交 ${n} 条意见`),
  fileComplaint: perMinute('complaint', 5, (n) => `同一网络每分钟最多提交 ${n} 次投诉`),
  complaintByReceipt: perMinute('receipt', 20, (n) => `同一网络每分钟最多查询 ${n} 次`),
  submitEvaluationScore: perMinute('evaluation-score', 20, (n) => `同一网络每分钟最多提交 ${n} 次评议`),
};

/** Every request made with a personal access token counts once against its token's limit (issue 20). */
const ACCESS_TOKEN_BUCKET = 'access-token';

const SWEEP_EVERY_MS = 60_000;
const LONGEST_WINDOW_MS = Math.max(...Object.values(RATE_LIMITS).map((l) => l.windowMs));

/**
 * How many times each rate-limited root field occurs in an operation. Runs after validation, so the expanded
 * document is already known to hold at most QUERY_LIMITS.maxFields fields: expanding root fragments is bounded.
 */
export function rateLimitedFields(
  set: SelectionSetNode,
  fragment: (name: string) => FragmentDefinitionNode | undefined,
  counts = new Map<string, number>(),
): Map<string, number> {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (RATE_LIMITS[sel.name.value]) counts.set(sel.name.value, (counts.get(sel.name.value) ?? 0) + 1);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      rateLimitedFields(sel.selectionSet, fragment, counts);
    } else {
      const f = fragment(sel.name.value);
      if (f) rateLimitedFields(f.selectionSet, fragment, counts);
    }
  }
  return counts;
}

/**
 * Rate limits of the public operations, counted in PostgreSQL so that every gateway shares them, keyed by the
 * client's address as the trusted proxies (`TRUSTED_PROXIES`) report it. The whole request is counted before
 * anything runs: one over the limit is refused as a whole (RATE_LIMITED), so nothing of it is stored. The
 * address is kept only as a keyed hash, in windows swept once they end.
 */
@Plugin()
export class RateLimitPlugin implements ApolloServerPlugin, OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('RateLimit');
  private readonly trust: ReturnType<typeof proxyAddr.compile>;
  private readonly hashKey: string;
  private readonly tokenLimit: RateLimit;
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly limits: RateLimitRepository,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.trust = proxyAddr.compile(config.trustedProxies);
    // Shared by every gateway of an installation, and secret: the stored key cannot be turned back into an address.
    this.hashKey = config.auth.jwtSecret || config.database.url;
    this.tokenLimit = perMinute(
      ACCESS_TOKEN_BUCKET,
      config.accessTokens.ratePerMinute,
      (n) => `每个个人访问令牌每分钟最多请求 ${n} 次`,
    );
  }

  onModuleInit(): void {
    this.sweeper = setInterval(
      () => void this.sweep().catch((err: Error) => this.log.warn(`sweep failed: ${err.message}`)),
      SWEEP_EVERY_MS,
    );
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** The client's address: the socket's, or the nearest untrusted one that trusted proxies forwarded for. */
  clientAddress(req: IncomingMessage): string {
    return proxyAddr(req, this.trust);
  }

  /**
   * Counts `hits` calls of `limit` for the client (an address, or a personal access token's secret), or throws
   * RATE_LIMITED counting none. Either is stored only as a keyed hash.
   */
  async take(limit: RateLimit, client: string, hits: number, now = Date.now()): Promise<void> {
    const windowStart = new Date(Math.floor(now / limit.windowMs) * limit.windowMs);
    const clientKey = createHmac('sha256', this.hashKey).update(client).digest('base64url');
    if (!(await this.limits.take(limit.bucket, clientKey, windowStart, hits, limit.limit))) {
      throw new DomainError(ErrorCode.RATE_LIMITED, {
        en: `Too many requests: at most ${limit.limit} per ${limit.windowMs / 1000} s; this request asked for ${hits} more.`,
        zh: `${limit.zh}。请等待一分钟后再试。`,
      });
    }
  }

  /** Deletes the windows that have ended. */
  sweep(now = Date.now()): Promise<number> {
    return this.limits.sweep(new Date(now - LONGEST_WINDOW_MS));
  }

  /**
   * Counts an operation before it runs, over HTTP and graphql-ws alike (GraphQLWsGate): once against a personal
   * access token's limit, and each rate-limited root field against the client's address. Throws the request's
   * 429 refusal, counting none of the over-limit bucket.
   */
  async countOperation(op: {
    operation: OperationDefinitionNode;
    document: DocumentNode;
    authorization: string | undefined;
    /** The HTTP request, or the graphql-ws connection's upgrade request. */
    request: IncomingMessage;
  }): Promise<void> {
    // Counted before the token is even looked up: an unknown one is refused later, as UNAUTHENTICATED.
    const bearer = /^Bearer\s+(\S+)$/i.exec(op.authorization ?? '')?.[1];
    if (bearer && isAccessTokenSecret(bearer)) await this.refuseOver(this.tokenLimit, ACCESS_TOKEN_BUCKET, bearer, 1);
    const fragments = new Map(
      op.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const counts = rateLimitedFields(op.operation.selectionSet, (n) => fragments.get(n));
    if (!counts.size) return;
    const address = this.clientAddress(op.request);
    for (const [field, hits] of counts) await this.refuseOver(RATE_LIMITS[field]!, field, address, hits);
  }

  async requestDidStart(): Promise<GraphQLRequestListener<{ req?: IncomingMessage }>> {
    return {
      didResolveOperation: async ({ operation, document, contextValue }) => {
        // Without an HTTP request (graphql-ws), GraphQLWsGate counts the operation instead.
        if (!operation || !contextValue.req?.socket) return;
        await this.countOperation({
          operation,
          document,
          authorization: contextValue.req.headers.authorization,
          request: contextValue.req,
        });
      },
    };
  }

  /** `take`, with a refusal turned into the request's 429 and counted for the metrics. */
  private async refuseOver(limit: RateLimit, label: string, client: string, hits: number): Promise<void> {
    try {
      await this.take(limit, client, hits);
    } catch (err) {
      if (err instanceof DomainError) rateLimitRefusals.inc({ operation: label });
      throw err instanceof DomainError ? requestRefusal(err, 429) : err;
    }
  }
}

/** The rate limits, one instance for Apollo (as a plugin) and for graphql-ws (GraphQLWsGate). */
@Module({ providers: [RateLimitPlugin], exports: [RateLimitPlugin] })
export class RateLimitModule {}
