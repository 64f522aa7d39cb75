import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { EnvReader } from '@pirm/domain';
import type { DataSource } from 'typeorm';

/**
 * Where finished export files live, shared by every gateway (which serves them) and every worker (which
 * writes them). Keys are `{jobId}/{attempt}`: each attempt of the rendering activity writes an object of its
 * own, so an attempt that died halfway never mixes its bytes with the one that finishes. PostgreSQL is the
 * default (PgExportStorage); an S3-compatible bucket is the option (S3ExportStorage, EXPORT_STORAGE=s3).
 */
export interface ExportStorage {
  /** Stores `body` as a new object `key` (replacing any), as it streams; resolves with its size in bytes. */
  put(key: string, body: AsyncIterable<Uint8Array>): Promise<number>;
  /** The object's bytes as they are read, or null when there is no such object. */
  get(key: string): Promise<Readable | null>;
  /** Removes the object, if there is one. */
  remove(key: string): Promise<void>;
  /** Removes every object whose key starts with `prefix`, except `keep`. */
  removeAll(prefix: string, keep?: string): Promise<void>;
}

/** Rows of this size: few round trips, and a worker or gateway holds at most one of them per export in memory. */
export const EXPORT_CHUNK_BYTES = 256 * 1024;

/** `prefix` as a LIKE pattern matching what starts with it. */
function startsWith(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Export files as rows of `export_chunk`, in order by `seq`; an object always has a chunk 0 (empty if the file is). */
export class PgExportStorage implements ExportStorage {
  constructor(
    private readonly ds: DataSource,
    private readonly chunkBytes = EXPORT_CHUNK_BYTES,
  ) {}

  async put(key: string, body: AsyncIterable<Uint8Array>): Promise<number> {
    await this.ds.query(`DELETE FROM export_chunk WHERE object_key = $1`, [key]);
    let [seq, size, pending, pendingBytes] = [0, 0, [] as Buffer[], 0];
    const flush = async () => {
      await this.ds.query(`INSERT INTO export_chunk (object_key, seq, data) VALUES ($1, $2, $3)`, [
        key,
        seq++,
        Buffer.concat(pending, pendingBytes),
      ]);
      [pending, pendingBytes] = [[], 0];
    };
    for await (const piece of body) {
      let buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      size += buf.length;
      while (pendingBytes + buf.length >= this.chunkBytes) {
        const take = this.chunkBytes - pendingBytes;
        pending.push(buf.subarray(0, take));
        pendingBytes += take;
        buf = buf.subarray(take);
        await flush();
      }
      if (buf.length) {
        // Copied: the producer may reuse its buffer once this returns.
        pending.push(Buffer.from(buf));
        pendingBytes += buf.length;
      }
    }
    if (pendingBytes > 0 || seq === 0) await flush();
    return size;
  }

  async get(key: string): Promise<Readable | null> {
    const [first] = (await this.ds.query(`SELECT data FROM export_chunk WHERE object_key = $1 AND seq = 0`, [key])) as {
      data: Buffer;
    }[];
    if (!first) return null;
    const ds = this.ds;
    // One chunk at a time, read as the client takes it: a large file never sits in the gateway's memory.
    async function* chunks(): AsyncGenerator<Buffer> {
      yield first!.data;
      for (let seq = 1; ; seq++) {
        const [row] = (await ds.query(`SELECT data FROM export_chunk WHERE object_key = $1 AND seq = $2`, [
          key,
          seq,
        ])) as { data: Buffer }[];
        if (!row) return;
        yield row.data;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async remove(key: string): Promise<void> {
    await this.ds.query(`DELETE FROM export_chunk WHERE object_key = $1`, [key]);
  }

  async removeAll(prefix: string, keep?: string): Promise<void> {
    await this.ds.query(
      `DELETE FROM export_chunk WHERE object_key LIKE $1 AND ($2::text IS NULL OR object_key <> $2)`,
      [startsWith(prefix), keep ?? null],
    );
  }
}

/** Where export files go: PostgreSQL (the default), or a bucket of an S3-compatible store. */
export type ExportStorageConfig =
  | { kind: 'postgres' }
  | {
      kind: 's3';
      bucket: string;
      /** Prepended to every key, so one bucket can serve several deployments. */
      prefix: string;
      region: string;
      /** An S3-compatible server's URL (MinIO, Ceph, a cloud's); unset: AWS S3 itself. */
      endpoint?: string;
      /** Buckets as paths (`endpoint/bucket/key`), as most S3-compatible servers want. */
      forcePathStyle: boolean;
      /** Unset: the AWS SDK's own chain (AWS_* variables, a web identity, an instance role). */
      credentials?: { accessKeyId: string; secretAccessKey: string };
    };

// S3's bucket naming rules (3–63 lower-case letters, digits, dots and hyphens, a letter or digit at each end).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * EXPORT_STORAGE (`postgres` or `s3`) and the bucket's EXPORT_S3_* settings, read by the gateway (which serves the
 * files) and the worker (which writes them): both must name the same store. Every variable is read whatever the
 * kind, so that an EXPORT_S3_* setting beside EXPORT_STORAGE=postgres stops the boot instead of being ignored.
 */
export function readExportStorageConfig(env: EnvReader): ExportStorageConfig {
  const kind = env.oneOf('EXPORT_STORAGE', ['postgres', 's3'] as const, 'postgres');
  const s3 = {
    EXPORT_S3_BUCKET: env.optional('EXPORT_S3_BUCKET'),
    EXPORT_S3_PREFIX: env.optional('EXPORT_S3_PREFIX'),
    EXPORT_S3_REGION: env.optional('EXPORT_S3_REGION'),
    EXPORT_S3_ENDPOINT: env.optional('EXPORT_S3_ENDPOINT'),
    EXPORT_S3_FORCE_PATH_STYLE: env.optional('EXPORT_S3_FORCE_PATH_STYLE'),
    EXPORT_S3_ACCESS_KEY_ID: env.optional('EXPORT_S3_ACCESS_KEY_ID'),
    EXPORT_S3_SECRET_ACCESS_KEY: env.optional('EXPORT_S3_SECRET_ACCESS_KEY'),
  };
  const forcePathStyle = env.bool('EXPORT_S3_FORCE_PATH_STYLE', false);
  if (kind === 'postgres') {
    const stray = Object.entries(s3).find(([, v]) => v !== undefined)?.[0];
    if (stray) env.check(stray, false, 'is set, but EXPORT_STORAGE is not s3');
    return { kind };
  }
  const bucket = s3.EXPORT_S3_BUCKET ?? '';
  env.check('EXPORT_S3_BUCKET', bucket !== '', 'is required with EXPORT_STORAGE=s3');
  env.check('EXPORT_S3_BUCKET', !bucket || BUCKET.test(bucket), `"${bucket}" is not an S3 bucket name`);
  const endpoint = s3.EXPORT_S3_ENDPOINT;
  let endpointOk = true;
  try {
    endpointOk = endpoint === undefined || ['http:', 'https:'].includes(new URL(endpoint).protocol);
  } catch {
    endpointOk = false;
  }
  env.check('EXPORT_S3_ENDPOINT', endpointOk, 'must be an http:// or https:// URL');
  const { EXPORT_S3_ACCESS_KEY_ID: accessKeyId, EXPORT_S3_SECRET_ACCESS_KEY: secretAccessKey } = s3;
  env.check(
    'EXPORT_S3_SECRET_ACCESS_KEY',
    (accessKeyId === undefined) === (secretAccessKey === undefined),
    'and EXPORT_S3_ACCESS_KEY_ID go together: set both or neither',
  );
  const prefix = s3.EXPORT_S3_PREFIX ?? '';
  env.check('EXPORT_S3_PREFIX', !prefix.startsWith('/'), 'must not start with /');
  return {
    kind,
    bucket,
    prefix,
    region: s3.EXPORT_S3_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle,
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  };
}

/** The store `config` names; `ds` holds the files when it is PostgreSQL. */
export function createExportStorage(config: ExportStorageConfig, ds: DataSource): ExportStorage {
  if (config.kind === 'postgres') return new PgExportStorage(ds);
  const { bucket, prefix, region, endpoint, forcePathStyle, credentials } = config;
  return new S3ExportStorage(new S3Client({ region, endpoint, forcePathStyle, credentials }), bucket, prefix);
}

/**
 * Export files as objects of an S3-compatible bucket: streamed up by multipart upload (parts of 5 MiB, so a worker
 * holds a few parts, never the file), streamed down as the client reads. Other processes may read an object
 * only once its upload completes, which is when the activity records the job as done.
 */
export class S3ExportStorage implements ExportStorage {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = '',
  ) {}

  async put(key: string, body: AsyncIterable<Uint8Array>): Promise<number> {
    let size = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const piece of body) {
        size += piece.byteLength;
        yield piece;
      }
    }
    await new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: this.prefix + key, Body: Readable.from(counted(), { objectMode: false }) },
    }).done();
    return size;
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      // In Node the body is an http.IncomingMessage: a Readable that streams the object.
      return Body as Readable;
    } catch (err) {
      if (err instanceof NoSuchKey) return null;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
  }

  async removeAll(prefix: string, keep?: string): Promise<void> {
    const keepKey = keep === undefined ? undefined : this.prefix + keep;
    let token: string | undefined;
    do {
      // A page holds at most 1,000 keys, as many as one DeleteObjects takes.
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken: token }),
      );
      const keys = (page.Contents ?? []).map((o) => o.Key!).filter((k) => k !== keepKey);
      if (keys.length) {
        const { Errors } = await this.s3.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        if (Errors?.length) throw new Error(`S3 refused to delete ${Errors[0]!.Key}: ${Errors[0]!.Message}`);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
