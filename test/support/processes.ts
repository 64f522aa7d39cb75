import { spawn, type ChildProcess } from 'node:child_process';
import { until } from './wait';

/** A real child process (the worker, the gateway, a PostgreSQL launcher), started as `npm start` starts its parts. */
export interface ServiceProcess {
  proc: ChildProcess;
  /** Everything it printed, for the failure message of a test. */
  output(): string;
  /** Resolves with the exit signal or code. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** Sends `signal` (default SIGKILL: no shutdown hooks, like a crash or an OOM kill) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<NodeJS.Signals | number | null>;
}

export interface ServiceOptions {
  script: string;
  args?: string[];
  env?: Record<string, string>;
  /** Printed when it is up. */
  ready: RegExp;
  timeoutMs?: number;
}

/** Starts `node script args…` and waits (bounded) until its output matches `ready`. */
export async function startService({
  script,
  args = [],
  env = {},
  ready,
  timeoutMs = 60_000,
}: ServiceOptions): Promise<ServiceProcess> {
  const proc = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  let code: NodeJS.Signals | number | null | undefined;
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    proc.once('exit', (c, s) => resolve((code = s ?? c))),
  );
  const service: ServiceProcess = {
    proc,
    output: () => out,
    exited,
    async kill(signal = 'SIGKILL') {
      if (code === undefined) proc.kill(signal);
      return exited;
    },
  };
  const died = exited.then((c) => {
    throw new Error(`${script} exited with ${c} before it was ready: ${out.slice(-2000)}`);
  });
  try {
    // The poll ends with the process too, so a launcher that died early leaves nothing running for minutes.
    await Promise.race([
      until(`${script} to print ${ready}`, () => ready.test(out) || code !== undefined, timeoutMs),
      died,
    ]);
  } catch (err) {
    await service.kill();
    throw err;
  }
  return service;
}
