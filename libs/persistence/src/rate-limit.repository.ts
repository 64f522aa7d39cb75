import type { DataSource } from 'typeorm';

/**
 * Adds `hits` to a caller's window in one atomic upsert, unless that would pass `limit`: returns whether they
 * were counted. A refused request counts nothing, so what it would have done is refused as a whole.
 */
export async function takeRateLimit(
  ds: DataSource,
  bucket: string,
  clientKey: string,
  windowStart: Date,
  hits: number,
  limit: number,
): Promise<boolean> {
  if (hits > limit) return false;
  const rows: unknown[] = await ds.query(
    `INSERT INTO rate_limit_window (bucket, client_key, window_start, hits) VALUES ($1, $2, $3, $4)
     ON CONFLICT (bucket, client_key, window_start) DO UPDATE SET hits = rate_limit_window.hits + EXCLUDED.hits
     WHERE rate_limit_window.hits + EXCLUDED.hits <= $5
     RETURNING hits`,
    [bucket, clientKey, windowStart, hits, limit],
  );
  return rows.length > 0;
}

/** Deletes the windows that started before `before`; returns how many. */
export async function sweepRateLimits(ds: DataSource, before: Date): Promise<number> {
  const [, affected] = (await ds.query('DELETE FROM rate_limit_window WHERE window_start < $1', [before])) as [
    unknown,
    number,
  ];
  return affected;
}
