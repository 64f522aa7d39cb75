import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@pirm/domain';

/**
 * Fixed-window limits for the public mutations (comments, complaints, receipt lookups), keyed by the
 * caller's address in memory only: the address is never stored or logged.
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Throws RATE_LIMITED when `key` made more than `limit` calls in the last `windowMs`. */
  check(bucket: string, key: string, limit: number, windowMs: number, now = Date.now()): void {
    const id = `${bucket}:${key}`;
    const w = this.windows.get(id);
    if (!w || now - w.start >= windowMs) {
      this.windows.set(id, { start: now, count: 1 });
      if (this.windows.size > 100_000) this.sweep(now, windowMs);
      return;
    }
    w.count += 1;
    if (w.count > limit) throw new DomainError(ErrorCode.RATE_LIMITED, `Too many requests: at most ${limit} per ${windowMs / 1000} s.`);
  }

  private sweep(now: number, windowMs: number): void {
    for (const [id, w] of this.windows) if (now - w.start >= windowMs) this.windows.delete(id);
  }
}
