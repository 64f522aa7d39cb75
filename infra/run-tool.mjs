// Runs a compiled CLI of the project against the running `npm start` (or DATABASE_URL when set).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './paths.mjs';
import { runtimeEnv } from './runtime.mjs';

const [script, ...args] = process.argv.slice(2);
const r = spawnSync(process.execPath, [join(root, script), ...args], { stdio: 'inherit', env: runtimeEnv() });
process.exit(r.status ?? 1);
