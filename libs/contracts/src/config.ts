import { type EnvReader } from '@pirm/domain';
import { CAMPAIGN_TASK_QUEUE } from './temporal';

/** TLS towards the Temporal frontend (the shape of the SDK's `TLSConfig`); `{}` is TLS with the system's roots. */
export interface TemporalTls {
  serverRootCACertificate?: Uint8Array;
  clientCertPair?: { crt: Uint8Array; key: Uint8Array };
  serverNameOverride?: string;
}

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Absent: plaintext, as the embedded dev server speaks. */
  tls?: TemporalTls;
  /** Sent as a bearer token on every call (Temporal Cloud); only ever over TLS. */
  apiKey?: string;
}

/** A file's bytes (Node's `readFileSync`): passed in, because this package stays free of Node built-ins. */
export type ReadFile = (path: string) => Uint8Array;

const CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
// Unencrypted PKCS#8, PKCS#1 or SEC1: the SDK takes no passphrase.
const PRIVATE_KEY = /-----BEGIN (RSA |EC )?PRIVATE KEY-----/;

/**
 * How gateway and worker reach Temporal: the same variables for both, named as Temporal's own CLI and
 * environment configuration name them, so one set of settings serves `temporal` and the service alike.
 * Certificate files are read and checked here, once at boot, each problem naming its variable.
 */
export function readTemporalConfig(env: EnvReader, readFile: ReadFile): TemporalConfig {
  const caPath = env.optional('TEMPORAL_TLS_SERVER_CA_CERT_PATH');
  const certPath = env.optional('TEMPORAL_TLS_CLIENT_CERT_PATH');
  const keyPath = env.optional('TEMPORAL_TLS_CLIENT_KEY_PATH');
  const serverName = env.optional('TEMPORAL_TLS_SERVER_NAME');
  const apiKey = env.optional('TEMPORAL_API_KEY');
  const tlsSetting = [
    ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', caPath],
    ['TEMPORAL_TLS_CLIENT_CERT_PATH', certPath],
    ['TEMPORAL_TLS_CLIENT_KEY_PATH', keyPath],
    ['TEMPORAL_TLS_SERVER_NAME', serverName],
  ].find(([, v]) => v !== undefined)?.[0];
  // Any TLS setting or an API key turns TLS on, as with Temporal's CLI; TEMPORAL_TLS=true alone uses the system's roots.
  const tls = env.bool('TEMPORAL_TLS', tlsSetting !== undefined || apiKey !== undefined);
  env.check(
    'TEMPORAL_API_KEY',
    tls || apiKey === undefined,
    'needs TLS (TEMPORAL_TLS is false): the key would cross the network in clear text',
  );
  env.check('TEMPORAL_TLS', tls || tlsSetting === undefined, `is false, yet ${tlsSetting} is set`);
  env.check(
    'TEMPORAL_TLS_CLIENT_KEY_PATH',
    keyPath !== undefined || certPath === undefined,
    'is required with TEMPORAL_TLS_CLIENT_CERT_PATH (mTLS needs the certificate and its key)',
  );
  env.check(
    'TEMPORAL_TLS_CLIENT_CERT_PATH',
    certPath !== undefined || keyPath === undefined,
    'is required with TEMPORAL_TLS_CLIENT_KEY_PATH (mTLS needs the certificate and its key)',
  );
  const pem = (name: string, path: string | undefined, label: RegExp, what: string): Uint8Array | undefined => {
    if (path === undefined) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = readFile(path);
    } catch (err) {
      env.check(name, false, `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    env.check(
      name,
      label.test(Array.from(bytes, (b) => String.fromCharCode(b)).join('')),
      `${path} is not a PEM ${what}`,
    );
    return bytes;
  };
  const ca = pem('TEMPORAL_TLS_SERVER_CA_CERT_PATH', caPath, CERTIFICATE, 'certificate');
  const crt = pem('TEMPORAL_TLS_CLIENT_CERT_PATH', certPath, CERTIFICATE, 'certificate');
  const key = pem('TEMPORAL_TLS_CLIENT_KEY_PATH', keyPath, PRIVATE_KEY, 'private key (unencrypted)');
  return {
    address: env.string('TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    namespace: env.string('TEMPORAL_NAMESPACE', 'default'),
    taskQueue: env.string('TEMPORAL_TASK_QUEUE', CAMPAIGN_TASK_QUEUE),
    ...(tls
      ? {
          tls: {
            ...(ca ? { serverRootCACertificate: ca } : {}),
            ...(crt && key ? { clientCertPair: { crt, key } } : {}),
            ...(serverName ? { serverNameOverride: serverName } : {}),
          },
        }
      : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}

/** The options both the gateway's `Connection` and the worker's `NativeConnection` take from the configuration. */
export function temporalConnectionOptions(config: TemporalConfig): {
  address: string;
  tls: TemporalTls | false;
  apiKey?: string;
} {
  return { address: config.address, tls: config.tls ?? false, ...(config.apiKey ? { apiKey: config.apiKey } : {}) };
}
