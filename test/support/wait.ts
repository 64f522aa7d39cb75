import type { DomainError } from '@pirm/domain';
import { domainErrorFromFailure } from '@pirm/contracts';

/**
 * Polls `probe` until it returns something other than undefined/false, for at most `timeoutMs`; the
 * error names `what` so that a fault test that times out says which condition never held.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Settles `p` or fails after `timeoutMs`, naming `what`. */
export function within<T>(what: string, p: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The coded rejection a workflow update or validator answered with; fails if `p` did not reject that way. */
export async function rejected(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  const domain = domainErrorFromFailure(err);
  if (!domain) throw new Error(`expected a rejection, got ${String(err)}`);
  return domain;
}
