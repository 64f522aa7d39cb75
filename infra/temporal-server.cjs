'use strict';
// Starts the Temporal CLI dev server as a child process and waits until its namespace answers.
// CommonJS so that both the .mjs launchers and the jest tests (which cannot import ES modules) use it.
const { spawn, spawnSync } = require('node:child_process');
const { chmodSync, existsSync, mkdirSync, openSync } = require('node:fs');
const { dirname } = require('node:path');
const { waitForPort } = require('./ports.cjs');

/**
 * @param {object} o
 * @param {string} o.cli path of the `temporal` binary
 * @param {number} o.port front-end gRPC port
 * @param {number|undefined} o.uiPort Web UI port; undefined runs headless
 * @param {string|undefined} o.dbFile SQLite file for persistence; undefined keeps state in memory
 * @param {string[]} o.searchAttributes `Name=Type` registrations
 * @param {string} o.logFile where the server's output goes
 */
async function startTemporalDevServer({ cli, port, uiPort, dbFile, searchAttributes, logFile }) {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (uiPort) args.push('--ui-port', String(uiPort), '--ui-disable-news-fetch');
  else args.push('--headless');
  if (dbFile) {
    // Workflow histories hold people's forms: the store is its user's alone (a store of an earlier version too).
    mkdirSync(dirname(dbFile), { recursive: true, mode: 0o700 });
    chmodSync(dirname(dbFile), 0o700);
    if (existsSync(dbFile)) chmodSync(dbFile, 0o600);
    args.push('--db-filename', dbFile);
  }
  for (const sa of searchAttributes) args.push('--search-attribute', sa);
  mkdirSync(dirname(logFile), { recursive: true, mode: 0o700 });
  const out = openSync(logFile, 'a', 0o600);
  // The server creates its SQLite files itself: it inherits a umask that makes them 0600. spawn() forks
  // synchronously, so the process's own umask is back before anything else runs.
  const umask = process.umask(0o077);
  let child;
  try {
    child = spawn(cli, args, { stdio: ['ignore', out, out] });
  } finally {
    process.umask(umask);
  }
  const exited = new Promise((res) => child.once('exit', (code) => res(code)));
  await Promise.race([
    waitForPort(port, 60_000, 'Temporal dev server').then(() => waitForNamespace(cli, port)),
    exited.then((code) => {
      throw new Error(`Temporal dev server exited with code ${code}; see ${logFile}`);
    }),
  ]);
  return {
    address: `127.0.0.1:${port}`,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForNamespace(cli, port) {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = spawnSync(
      cli,
      ['operator', 'namespace', 'describe', '--namespace', 'default', '--address', `127.0.0.1:${port}`],
      {
        stdio: 'ignore',
      },
    );
    if (r.status === 0) return;
    if (Date.now() > until) throw new Error('Temporal dev server started but its default namespace never answered');
    await new Promise((res) => setTimeout(res, 250));
  }
}

module.exports = { startTemporalDevServer };
