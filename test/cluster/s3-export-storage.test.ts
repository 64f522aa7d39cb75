import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { DataSource } from 'typeorm';
import { createExportStorage, type ExportStorage } from '@pirm/persistence';
import { loadWorkerConfig } from '@pirm/worker';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../infra/ports.cjs') as { freePort: () => Promise<number> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startS3Server } = require('../../infra/s3-server.cjs') as {
  startS3Server(o: { bin: string; port: number }): Promise<{ endpoint: string; stop(): Promise<void> }>;
};

const BUCKET = 'pirm-exports';
const MiB = 2 ** 20;

/** `size` bytes in pieces of 64 KiB, as the export activity streams a rendered file. */
async function* pieces(size: number, seed: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < size; at += 64 * 1024) {
    const piece = Buffer.alloc(Math.min(64 * 1024, size - at), (at / 1024 + seed) % 251);
    yield piece;
  }
}
const digest = async (chunks: AsyncIterable<Uint8Array>) => {
  const h = createHash('sha256');
  let n = 0;
  for await (const c of chunks) {
    h.update(c);
    n += c.byteLength;
  }
  return { bytes: n, sha256: h.digest('hex') };
};

/**
 * Issue 16: export files in an S3-compatible store (EXPORT_STORAGE=s3), the option for replicas that share no
 * PostgreSQL large objects. Against a real S3 API server (moto's server mode), through the worker's own
 * configuration: the same operations and answers as PgExportStorage.
 */
describe('issue 16: the S3 export storage against an S3-compatible server', () => {
  let server: Awaited<ReturnType<typeof startS3Server>>;
  let storage: ExportStorage;
  let s3: S3Client;
  const credentials = { accessKeyId: 'test-key', secretAccessKey: 'test-secret' };

  beforeAll(async () => {
    server = await startS3Server({ bin: process.env.PIRM_TEST_S3_SERVER!, port: await freePort() });
    s3 = new S3Client({ region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const config = loadWorkerConfig({
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      EXPORT_STORAGE: 's3',
      EXPORT_S3_BUCKET: BUCKET,
      EXPORT_S3_PREFIX: 'exports/',
      EXPORT_S3_ENDPOINT: server.endpoint,
      EXPORT_S3_FORCE_PATH_STYLE: 'true',
      EXPORT_S3_ACCESS_KEY_ID: credentials.accessKeyId,
      EXPORT_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
    // The bucket needs no database: a DataSource that is never touched.
    storage = createExportStorage(config.exportStorage, {} as DataSource);
  }, 60_000);
  afterAll(async () => {
    s3?.destroy();
    await server?.stop();
  });

  /** Whether the object is there (its stream closed unread: an open one holds a connection). */
  const exists = async (key: string) => {
    const body = await storage.get(key);
    body?.destroy();
    return body !== null;
  };
  const keys = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key).sort();

  it('a 12 MiB file streams up in parts and back byte for byte; a second put replaces it', async () => {
    expect(await storage.put('job-1/1', pieces(12 * MiB, 1))).toBe(12 * MiB);
    expect(await digest((await storage.get('job-1/1')) as Readable)).toEqual(await digest(pieces(12 * MiB, 1)));
    expect(await storage.put('job-1/1', pieces(100, 2))).toBe(100);
    expect(await digest((await storage.get('job-1/1')) as Readable)).toEqual(await digest(pieces(100, 2)));
    // Under the configured prefix, so a bucket can hold other things.
    expect(await keys()).toEqual(['exports/job-1/1']);
  });

  it('an empty file is an object of 0 bytes; an absent one is null, not an error', async () => {
    expect(await storage.put('job-2/1', pieces(0, 0))).toBe(0);
    expect(await digest((await storage.get('job-2/1')) as Readable)).toMatchObject({ bytes: 0 });
    expect(await exists('job-2/9')).toBe(false);
  });

  it('remove and removeAll: a job’s other attempts go, the kept one and other jobs stay', async () => {
    for (const key of ['job-3/1', 'job-3/2', 'job-3/3', 'job-30/1']) await storage.put(key, pieces(10, 3));
    await storage.removeAll('job-3/', 'job-3/2');
    expect([await exists('job-3/1'), await exists('job-3/2'), await exists('job-3/3')]).toEqual([false, true, false]);
    expect(await exists('job-30/1')).toBe(true);
    await storage.remove('job-3/2');
    await storage.remove('job-3/2'); // gone already: no error, as with PostgreSQL
    expect(await exists('job-3/2')).toBe(false);
    await storage.removeAll('job-30/');
    expect(await keys()).not.toContain('exports/job-30/1');
  });
});
