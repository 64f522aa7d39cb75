'use strict';
// An S3-compatible server for the tests of the S3 export storage: moto's server mode (PyPI `moto[server]`,
// pinned), installed into .cache/s3-venv on first use. In memory; for tests only, never for data.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { pipInstall } = require('./pip.cjs');
const { waitForPort } = require('./ports.cjs');

const MOTO_PYPI = 'moto[server]==5.2.5';
const venv = join(module.path, '..', '.cache', 's3-venv');

/** Path of `moto_server`, installed when missing; throws saying what is needed. */
function s3ServerBinary() {
  const log = (msg) => process.stderr.write(`[s3-server] ${msg}\n`);
  const bin = pipInstall({ venv, requirement: MOTO_PYPI, binary: 'moto_server', log });
  if (!bin) throw new Error(`the S3 test server needs python3 with venv and pip to install ${MOTO_PYPI}`);
  return bin;
}

/** Starts `moto_server` on 127.0.0.1:`port`; resolves once it listens. */
async function startS3Server({ bin, port }) {
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const exited = new Promise((res) => child.once('exit', res));
  await Promise.race([
    waitForPort(port, 60_000, 'S3 test server'),
    exited.then((code) => {
      throw new Error(`moto_server exited with ${code}`);
    }),
  ]);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

module.exports = { MOTO_PYPI, s3ServerBinary, startS3Server };
