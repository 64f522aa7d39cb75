import { EnvReader } from '@pirm/domain';
import { readExportStorageConfig, type ExportStorageConfig } from '@pirm/persistence';

/** The configuration, or the boot error naming every bad variable. */
function load(env: Record<string, string>): ExportStorageConfig {
  const r = new EnvReader(env);
  const config = readExportStorageConfig(r);
  r.done();
  return config;
}

describe('issue 16: export storage, PostgreSQL or an S3-compatible bucket, validated at boot', () => {
  it('PostgreSQL unless EXPORT_STORAGE says s3', () => {
    expect(load({})).toEqual({ kind: 'postgres' });
    expect(load({ EXPORT_STORAGE: 'postgres' })).toEqual({ kind: 'postgres' });
  });

  it('s3: the bucket, prefix, region, endpoint, path style and keys reach the configuration', () => {
    expect(
      load({
        EXPORT_STORAGE: 's3',
        EXPORT_S3_BUCKET: 'pirm-exports',
        EXPORT_S3_PREFIX: 'district/',
        EXPORT_S3_REGION: 'cn-north-1',
        EXPORT_S3_ENDPOINT: 'https://minio.internal:9000',
        EXPORT_S3_FORCE_PATH_STYLE: 'true',
        EXPORT_S3_ACCESS_KEY_ID: 'AKIA',
        EXPORT_S3_SECRET_ACCESS_KEY: 'secret',
      }),
    ).toEqual({
      kind: 's3',
      bucket: 'pirm-exports',
      prefix: 'district/',
      region: 'cn-north-1',
      endpoint: 'https://minio.internal:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' },
    });
    // Unset keys: the AWS SDK's own chain (a web identity, an instance role).
    expect(load({ EXPORT_STORAGE: 's3', EXPORT_S3_BUCKET: 'pirm-exports' })).toEqual({
      kind: 's3',
      bucket: 'pirm-exports',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
    });
  });

  it.each([
    [{ EXPORT_STORAGE: 'gcs' }, 'EXPORT_STORAGE must be one of postgres, s3'],
    [{ EXPORT_STORAGE: 's3' }, 'EXPORT_S3_BUCKET is required with EXPORT_STORAGE=s3'],
    [{ EXPORT_STORAGE: 's3', EXPORT_S3_BUCKET: 'Exports_2026' }, 'EXPORT_S3_BUCKET "Exports_2026" is not an S3 bucket'],
    [{ EXPORT_STORAGE: 's3', EXPORT_S3_BUCKET: 'b01', EXPORT_S3_ENDPOINT: 'minio:9000' }, 'EXPORT_S3_ENDPOINT must be'],
    [{ EXPORT_STORAGE: 's3', EXPORT_S3_BUCKET: 'b01', EXPORT_S3_ACCESS_KEY_ID: 'AKIA' }, 'EXPORT_S3_SECRET_ACCESS_KEY'],
    [{ EXPORT_STORAGE: 's3', EXPORT_S3_BUCKET: 'b01', EXPORT_S3_PREFIX: '/x/' }, 'EXPORT_S3_PREFIX must not start'],
    [
      { EXPORT_STORAGE: 's3', EXPORT_S3_BUCKET: 'b01', EXPORT_S3_FORCE_PATH_STYLE: 'yes' },
      'EXPORT_S3_FORCE_PATH_STYLE',
    ],
    // A bucket named while the files go to PostgreSQL is a mistake to report, not a setting to ignore.
    [{ EXPORT_S3_BUCKET: 'pirm-exports' }, 'EXPORT_S3_BUCKET is set, but EXPORT_STORAGE is not s3'],
  ])('%j stops the boot naming the variable', (env, message) => {
    expect(() => load(env as Record<string, string>)).toThrow(message);
  });
});
