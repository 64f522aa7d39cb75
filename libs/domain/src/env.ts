import { type FieldError } from './errors';

/**
 * Reads configuration from an environment record once at boot, collecting every problem so that a
 * misconfigured process reports all of them together and refuses to start.
 */
export class EnvReader {
  readonly problems: FieldError[] = [];

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  string(name: string, fallback?: string): string {
    const v = this.env[name]?.trim();
    if (v) return v;
    if (fallback !== undefined) return fallback;
    this.problems.push({ field: name, reason: 'is required' });
    return '';
  }

  optional(name: string): string | undefined {
    return this.env[name]?.trim() || undefined;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push({ field: name, reason: `must be a whole number from ${min} to ${max}, got "${raw}"` });
      return fallback;
    }
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push({ field: name, reason: `must be one of ${allowed.join(', ')}, got "${raw}"` });
    return fallback;
  }

  check(name: string, ok: boolean, reason: string): void {
    if (!ok) this.problems.push({ field: name, reason });
  }

  /** Throws one error naming every bad variable. */
  done(): void {
    if (this.problems.length) {
      throw new Error(`Invalid configuration: ${this.problems.map((p) => `${p.field} ${p.reason}`).join('; ')}`);
    }
  }
}
