// nginx in front of the gateways for `npm run start:cluster` (Debian's package). The proxy rules are those of the
// compose file's nginx.conf (WebSocket upgrade for graphql-ws, X-Forwarded-For replaced, only failed connections
// retried elsewhere): this derives a configuration from it with local addresses, so both topologies share them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { root } from './paths.mjs';
import { NGINX_DEB } from './versions.mjs';

export const COMPOSE_NGINX_CONF = join(root, 'infra/deploy/compose/nginx.conf');

/** The nginx binary: NGINX, else on PATH or in /usr/sbin (Debian's package). Throws saying how to install it. */
export function findNginx() {
  if (process.env.NGINX) return process.env.NGINX;
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin']) {
    if (dir && existsSync(join(dir, 'nginx'))) return join(dir, 'nginx');
  }
  throw new Error(
    `nginx is needed in front of the gateways: install Debian's package (apt-get install -y ${NGINX_DEB.package}, ` +
      `${NGINX_DEB.version} on bookworm) or set NGINX=/path/to/nginx`,
  );
}

function replaceOnce(text, pattern, replacement, what) {
  if (!pattern.test(text)) throw new Error(`${COMPOSE_NGINX_CONF} no longer has ${what}: update infra/nginx.mjs`);
  return text.replace(pattern, replacement);
}

/**
 * Writes `dir/nginx.conf`: listens on 127.0.0.1:`port` and balances over `upstreams` (`host:port`), in the
 * foreground (a supervisor runs it), with its pid, temporary files and access log under `dir`.
 */
export function writeNginxConfig({ dir, port, upstreams, accessLog }) {
  mkdirSync(join(dir, 'temp'), { recursive: true, mode: 0o700 });
  let conf = readFileSync(COMPOSE_NGINX_CONF, 'utf8');
  conf = replaceOnce(
    conf,
    /^(\s*)(server [\w.-]+:\d+[^;\n]*;\n)(\s*server [\w.-]+:\d+[^;\n]*;\n)*/m,
    (_m, indent) => upstreams.map((u) => `${indent}server ${u} max_fails=3 fail_timeout=10s;\n`).join(''),
    'the upstream servers',
  );
  conf = replaceOnce(conf, /listen 80;/, `listen 127.0.0.1:${port};`, 'listen 80');
  conf = replaceOnce(conf, /access_log \/dev\/stdout;/, `access_log ${accessLog};`, 'access_log /dev/stdout');
  // nginx's own stderr (a pipe to the supervisor): /dev/stderr cannot be opened on a pipe or socket.
  conf = replaceOnce(conf, /error_log \/dev\/stderr (\w+);/, 'error_log stderr $1;', 'error_log /dev/stderr');
  conf = replaceOnce(conf, /worker_processes auto;/, 'worker_processes 2;', 'worker_processes');
  const temp = (name) => `${name}_temp_path ${join(dir, 'temp', name)};`;
  conf = replaceOnce(
    conf,
    /http \{\n/,
    `http {\n  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}\n`,
    'an http block',
  );
  const header =
    '# Written by infra/start.mjs --cluster from infra/deploy/compose/nginx.conf; rewritten at every start.\n' +
    `daemon off;\npid ${join(dir, 'nginx.pid')};\n`;
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, header + conf, { mode: 0o600 });
  return file;
}

/** The command line that runs nginx on `file` in the foreground, errors on stderr. */
export function nginxCommand(nginx, file, dir) {
  return [nginx, '-p', dir, '-c', file, '-e', 'stderr'];
}
