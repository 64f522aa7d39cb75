/**
 * One bad configuration variable. Operators read these at boot, so `reason` is English and there is no
 * translated message: this is deliberately not a FieldError, which is for people filling forms.
 */
export interface ConfigProblem {
  field: string;
  reason: string;
}

/** The variables a process reads, and those of them it cannot start without. */
export interface EnvVariables {
  reads: ReadonlySet<string>;
  required: ReadonlySet<string>;
}

/**
 * Reads configuration from an environment record once at boot, collecting every problem so that a
 * misconfigured process reports all of them together and refuses to start.
 *
 * It also records every name it is asked for, so that deployment files can be checked against the code
 * (`variables()`): a configuration must therefore ask for each of its variables whatever the others hold.
 */
export class EnvReader {
  readonly problems: ConfigProblem[] = [];
  private readonly reads = new Set<string>();
  private readonly required = new Set<string>();

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  private raw(name: string): string | undefined {
    this.reads.add(name);
    return this.env[name]?.trim();
  }

  string(name: string, fallback?: string): string {
    const v = this.raw(name);
    if (fallback === undefined) this.required.add(name);
    if (v) return v;
    if (fallback !== undefined) return fallback;
    this.problems.push({ field: name, reason: 'is required' });
    return '';
  }

  optional(name: string): string | undefined {
    return this.raw(name) || undefined;
  }

  /** Unset or empty: the fallback; otherwise `true`/`false`. */
  bool(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (!raw) return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    this.problems.push({ field: name, reason: `must be true or false, got "${raw}"` });
    return fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(name);
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push({ field: name, reason: `must be a whole number from ${min} to ${max}, got "${raw}"` });
      return fallback;
    }
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (!raw) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push({ field: name, reason: `must be one of ${allowed.join(', ')}, got "${raw}"` });
    return fallback;
  }

  check(name: string, ok: boolean, reason: string): void {
    if (!ok) this.problems.push({ field: name, reason });
  }

  /** Every variable asked for so far, and those asked for without a fallback. */
  variables(): EnvVariables {
    return { reads: new Set(this.reads), required: new Set(this.required) };
  }

  /** Throws one error naming every bad variable. */
  done(): void {
    if (this.problems.length) {
      throw new Error(`Invalid configuration: ${this.problems.map((p) => `${p.field} ${p.reason}`).join('; ')}`);
    }
  }
}
