import { EnvReader } from '@pirm/domain';
import { readTemporalConfig, temporalConnectionOptions, type TemporalConfig } from '@pirm/contracts';

const CERT = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const KEY = Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
const FILES: Record<string, Buffer> = { '/tls/ca.pem': CERT, '/tls/client.pem': CERT, '/tls/client.key': KEY };

function readFile(path: string): Buffer {
  const bytes = FILES[path];
  if (!bytes) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
  return bytes;
}

/** The configuration, or the boot error naming every bad variable. */
function load(env: Record<string, string>): TemporalConfig {
  const r = new EnvReader(env);
  const config = readTemporalConfig(r, readFile);
  r.done();
  return config;
}

describe('Temporal connection settings for production, validated at boot', () => {
  it('plaintext with no TLS setting: what the embedded dev server speaks', () => {
    const config = load({ TEMPORAL_ADDRESS: 'temporal:7233' });
    expect(config.tls).toBeUndefined();
    expect(temporalConnectionOptions(config)).toEqual({ address: 'temporal:7233', tls: false });
  });

  it('mTLS: the CA, the client certificate and key, and the server name reach the connection options', () => {
    const config = load({
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/tls/ca.pem',
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/tls/client.pem',
      TEMPORAL_TLS_CLIENT_KEY_PATH: '/tls/client.key',
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal',
    });
    expect(temporalConnectionOptions(config)).toEqual({
      address: '127.0.0.1:7233',
      tls: {
        serverRootCACertificate: CERT,
        clientCertPair: { crt: CERT, key: KEY },
        serverNameOverride: 'frontend.temporal',
      },
    });
  });

  it('an API key (Temporal Cloud) turns on TLS with the system roots', () => {
    expect(temporalConnectionOptions(load({ TEMPORAL_API_KEY: 'k' }))).toEqual({
      address: '127.0.0.1:7233',
      tls: {},
      apiKey: 'k',
    });
    expect(load({ TEMPORAL_TLS: 'true' }).tls).toEqual({});
  });

  it.each([
    [
      'a certificate without its key',
      { TEMPORAL_TLS_CLIENT_CERT_PATH: '/tls/client.pem' },
      'TEMPORAL_TLS_CLIENT_KEY_PATH is required with TEMPORAL_TLS_CLIENT_CERT_PATH',
    ],
    [
      'a key without its certificate',
      { TEMPORAL_TLS_CLIENT_KEY_PATH: '/tls/client.key' },
      'TEMPORAL_TLS_CLIENT_CERT_PATH is required with TEMPORAL_TLS_CLIENT_KEY_PATH',
    ],
    [
      'an unreadable file',
      { TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/tls/missing.pem' },
      "TEMPORAL_TLS_SERVER_CA_CERT_PATH cannot read /tls/missing.pem: ENOENT: no such file or directory, open '/tls/missing.pem'",
    ],
    [
      'a key given as the certificate',
      { TEMPORAL_TLS_CLIENT_CERT_PATH: '/tls/client.key', TEMPORAL_TLS_CLIENT_KEY_PATH: '/tls/client.key' },
      'TEMPORAL_TLS_CLIENT_CERT_PATH /tls/client.key is not a PEM certificate',
    ],
    [
      'a certificate given as the key',
      { TEMPORAL_TLS_CLIENT_CERT_PATH: '/tls/client.pem', TEMPORAL_TLS_CLIENT_KEY_PATH: '/tls/client.pem' },
      'TEMPORAL_TLS_CLIENT_KEY_PATH /tls/client.pem is not a PEM private key',
    ],
    [
      'an API key with TLS turned off',
      { TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' },
      'TEMPORAL_API_KEY needs TLS (TEMPORAL_TLS is false)',
    ],
    [
      'a TLS setting with TLS turned off',
      { TEMPORAL_TLS_SERVER_NAME: 'frontend', TEMPORAL_TLS: 'false' },
      'TEMPORAL_TLS is false, yet TEMPORAL_TLS_SERVER_NAME is set',
    ],
    ['TEMPORAL_TLS neither true nor false', { TEMPORAL_TLS: 'yes' }, 'TEMPORAL_TLS must be true or false, got "yes"'],
  ])('refuses to boot on %s, naming the variable', (_, env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it('reports every bad TLS variable at once', () => {
    expect(() =>
      load({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/tls/nope.pem', TEMPORAL_TLS_CLIENT_CERT_PATH: '/tls/client.pem' }),
    ).toThrow(/TEMPORAL_TLS_CLIENT_KEY_PATH is required.*; TEMPORAL_TLS_SERVER_CA_CERT_PATH cannot read/);
  });
});
