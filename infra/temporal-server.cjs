'use strict';
// Starts the Temporal CLI dev server as a child process and waits until its namespace answers.
// CommonJS so that both the .mjs launchers and the jest tests (which cannot import ES modules) use it.
const { spawn, spawnSync } = require('node:child_process');
const { mkdirSync, openSync } = require('node:fs');
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
    mkdirSync(dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }
  for (const sa of searchAttributes) args.push('--search-attribute', sa);
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = spawn(cli, args, { stdio: ['ignore', out, out] });
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
    const r = spawnSync(cli, ['operator', 'namespace', 'describe', '--namespace', 'default', '--address', `127.0.0.1:${port}`], {
      stdio: 'ignore',
    });
    if (r.status === 0) return;
    if (Date.now() > until) throw new Error('Temporal dev server started but its default namespace never answered');
    await new Promise((res) => setTimeout(res, 250));
  }
}

module.exports = { startTemporalDevServer };
