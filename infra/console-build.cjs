'use strict';
// CommonJS so that both `npm start` (infra/start.mjs) and the jest tests (which cannot import ES modules) use it.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

/** What the console's build writes and the gateway reads: the page it serves and the trusted documents (issue 20). */
const CONSOLE_BUILD_FILES = ['index.html', 'persisted-documents.json'];

/** The files of the console's build missing under `root` (none: nothing to build). */
function missingConsoleFiles(root, exists = existsSync) {
  return CONSOLE_BUILD_FILES.filter((f) => !exists(join(root, 'apps/web/dist', f)));
}

/** `npm run build -w apps/web` for production (jest's NODE_ENV=test would make Vite build React for development). */
function buildConsole(root) {
  return spawnSync('npm', ['run', 'build', '-w', 'apps/web'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  }).status;
}

/**
 * Builds the console when a file of its build is missing (a fresh clone has none): `npm start` serves it, and the
 * browser tests run against it. Resolves whether it built; throws when the build fails.
 */
function ensureConsoleBuilt(root, { say = () => {}, build = buildConsole } = {}) {
  const missing = missingConsoleFiles(root);
  if (!missing.length) return false;
  say(`building the web console (apps/web/dist has no ${missing.join(', ')})`);
  if (build(root) !== 0) throw new Error('building the web console failed');
  return true;
}

module.exports = { CONSOLE_BUILD_FILES, missingConsoleFiles, ensureConsoleBuilt };
