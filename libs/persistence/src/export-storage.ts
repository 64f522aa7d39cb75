import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';

/**
 * Where finished export files live, shared by every gateway (which serves them) and every worker (which
 * writes them). Keys are `{jobId}/{attempt}`: each attempt of the rendering activity writes an object of its
 * own, so an attempt that died halfway never mixes its bytes with the one that finishes. PostgreSQL is the
 * default; an S3-compatible store fits the same operations (PutObject by multipart upload, GetObject,
 * DeleteObject, ListObjectsV2 + DeleteObjects).
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
