// While `npm start` runs, it records where its parts listen, so tools (roster import, …) find them.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './paths.mjs';

const file = join(dataDir, 'runtime.json');

export function writeRuntime(info) {
  writeFileSync(file, JSON.stringify(info, null, 2), { mode: 0o600 });
}

export function clearRuntime() {
  rmSync(file, { force: true });
}

/** The environment of a running `npm start`, for variables the caller has not set. */
export function runtimeEnv() {
  const recorded = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return { ...recorded, ...Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)) };
}
