import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  ACCESS_TOKEN_CHANNEL,
  createAccessToken,
  findAccessToken,
  listAccessTokens,
  recordAccessTokenUse,
  revokeAccessToken,
  tokenByHash,
  unusableAccessTokens,
} from '../access-token.repository';
import type { After } from './bound';
import type { NotificationListener } from './notification.repository';

/** Personal access tokens: created, listed, revoked, looked up by the hash of a presented secret. */
export class AccessTokenRepository {
  constructor(private readonly ds: DataSource) {}

  create(...a: After<typeof createAccessToken>) {
    return createAccessToken(this.ds, ...a);
  }

  list(...a: After<typeof listAccessTokens>) {
    return listAccessTokens(this.ds, ...a);
  }

  find(...a: After<typeof findAccessToken>) {
    return findAccessToken(this.ds, ...a);
  }

  revoke(...a: After<typeof revokeAccessToken>) {
    return revokeAccessToken(this.ds, ...a);
  }

  byHash(...a: After<typeof tokenByHash>) {
    return tokenByHash(this.ds, ...a);
  }

  recordUse(...a: After<typeof recordAccessTokenUse>) {
    return recordAccessTokenUse(this.ds, ...a);
  }

  unusable(...a: After<typeof unusableAccessTokens>) {
    return unusableAccessTokens(this.ds, ...a);
  }

  /** A dedicated connection LISTENing for revocations (the pool's connections are shared): `onId` per revoked token. */
  async listenForRevocations(
    url: string,
    onId: (id: string) => void,
    onError: (err: Error) => void,
  ): Promise<NotificationListener> {
    const client = new Client({ connectionString: url, application_name: 'pirm-gateway-tokens' });
    client.on('notification', (msg) => {
      if (msg.payload) onId(msg.payload);
    });
    client.on('error', onError);
    try {
      await client.connect();
      await client.query(`LISTEN ${ACCESS_TOKEN_CHANNEL}`);
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  }
}
