import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AccessTokenRepository, type NotificationListener } from '@pirm/persistence';
import type { PrincipalToken } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../providers';

/** What the registry needs of a graphql-ws connection's socket (a `ws` WebSocket). */
export interface ClosableSocket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** graphql-ws's own close code for a connection that may no longer run operations. */
export const TOKEN_CLOSE_CODE = 4403;
const SWEEP_MS = 30_000;
const RECONNECT_MS = 2_000;
/** setTimeout's ceiling (~24.8 days): a later expiry is left to the sweep, which re-checks every 30 s anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Session {
  sockets: Set<ClosableSocket>;
  timer?: NodeJS.Timeout;
}

/**
 * Open graphql-ws connections that run subscriptions under a personal access token, so that a token that stops
 * working also ends them (issue 20: revocation and expiry take effect on the next request, subscriptions
 * included). Three paths, each for what it is good at:
 * - revocation: PostgreSQL announces it at commit (NOTIFY `pirm_access_token_revoked`); every gateway LISTENs and
 *   closes that token's sockets at once, wherever the client is connected;
 * - expiry: a timer per token at its expiry instant;
 * - the rest (the person left the roster, a NOTIFY lost while this gateway's listener reconnected): a sweep every
 *   30 s asks PostgreSQL which of the watched tokens no longer authenticate.
 * Closing the socket (4403) ends every subscription on it; the client has to connect again, which is refused.
 */
@Injectable()
export class TokenSessions implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('TokenSessions');
  private readonly sessions = new Map<string, Session>();
  private listener?: NotificationListener;
  private sweeper?: NodeJS.Timeout;
  private closing = false;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly tokens: AccessTokenRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
    this.sweeper = setInterval(
      () => void this.sweep().catch((err: Error) => this.log.warn(`token sweep failed: ${err.message}`)),
      SWEEP_MS,
    );
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    for (const s of this.sessions.values()) clearTimeout(s.timer);
    await this.listener?.end().catch(() => undefined);
  }

  /** Watches a socket that runs a subscription under `token` until it closes. */
  watch(token: PrincipalToken, socket: ClosableSocket): void {
    let session = this.sessions.get(token.id);
    if (!session) {
      session = { sockets: new Set() };
      const ms = token.expiresAt.getTime() - Date.now();
      if (ms <= MAX_TIMER_MS) {
        session.timer = setTimeout(() => this.end(token.id, 'the access token has expired'), Math.max(ms, 0));
        session.timer.unref();
      }
      this.sessions.set(token.id, session);
    }
    if (session.sockets.has(socket)) return;
    session.sockets.add(socket);
    socket.once('close', () => {
      const s = this.sessions.get(token.id);
      s?.sockets.delete(socket);
      if (s && !s.sockets.size) {
        clearTimeout(s.timer);
        this.sessions.delete(token.id);
      }
    });
  }

  /** How many tokens have open sockets here (for tests). */
  get watched(): number {
    return this.sessions.size;
  }

  /** Closes every socket of tokens that no longer authenticate; returns how many tokens ended. */
  async sweep(): Promise<number> {
    const ended = await this.tokens.unusable([...this.sessions.keys()]);
    for (const id of ended) this.end(id, 'the access token no longer authenticates');
    return ended.length;
  }

  private end(tokenId: string, why: string): void {
    const session = this.sessions.get(tokenId);
    if (!session) return;
    this.sessions.delete(tokenId);
    clearTimeout(session.timer);
    for (const socket of session.sockets) socket.close(TOKEN_CLOSE_CODE, `Forbidden: ${why}`);
  }

  private async listen(): Promise<void> {
    try {
      this.listener = await this.tokens.listenForRevocations(
        this.config.database.url,
        (id) => this.end(id, 'the access token was revoked'),
        (err) => {
          this.log.warn(`revocation listener lost (${err.message}); reconnecting`);
          this.reconnect();
        },
      );
    } catch (err) {
      this.log.warn(`cannot listen for token revocations yet (${(err as Error).message})`);
      this.reconnect();
    }
  }

  private reconnect(): void {
    if (this.closing) return;
    setTimeout(() => {
      // Whatever was revoked while nobody listened is found by the sweep.
      void this.listen().then(() => this.sweep().catch(() => undefined));
    }, RECONNECT_MS).unref();
  }
}
