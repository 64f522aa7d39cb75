import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { EnvVariables } from '@pirm/domain';
import { SEARCH_ATTRIBUTES } from '@pirm/contracts';
import { migrationVariables } from '@pirm/persistence';
import { workerVariables } from '@pirm/worker';
import { gatewayVariables } from '../../../apps/gateway/src/config';

const root = join(__dirname, '../../..');
const deploy = join(root, 'infra/deploy');
const read = (path: string) => readFileSync(join(deploy, path), 'utf8');

/** What each command of the image reads, from the configuration code itself. */
const PROCESSES: Record<string, EnvVariables> = {
  'apps/gateway/dist/main.js': gatewayVariables(),
  'apps/worker/dist/main.js': workerVariables(),
  'libs/persistence/dist/cli/migrate.js': migrationVariables(),
};

/** `ENV` of the image's last stage: set for every process it runs. */
function imageEnv(): string[] {
  const runtime = read('Dockerfile').split(/^FROM .* AS runtime$/m)[1] ?? '';
  const env = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime)?.[1] ?? '';
  return [...env.matchAll(/(\w+)=/g)].map((m) => m[1]!);
}

interface Container {
  where: string;
  command: unknown;
  env: string[];
}

/** Every problem of one container of our image: an unknown command, a variable its process does not read, a required one missing. */
function problems({ where, command, env }: Container): string[] {
  const script = Array.isArray(command) && command[0] === 'node' ? String(command[1]) : undefined;
  const vars = script === undefined ? undefined : PROCESSES[script];
  if (!vars) return [`${where}: runs ${JSON.stringify(command)}, none of ${Object.keys(PROCESSES).join(', ')}`];
  const set = new Set([...env, ...imageEnv()]);
  return [
    ...env.filter((name) => !vars.reads.has(name)).map((name) => `${where}: sets ${name}, which ${script} never reads`),
    ...[...vars.required]
      .filter((name) => !set.has(name))
      .map((name) => `${where}: misses ${name}, which ${script} requires`),
  ];
}

function composeFile(): { services: Record<string, Record<string, unknown>> } {
  return parse(read('compose/compose.yaml'), { merge: true }) as { services: Record<string, Record<string, unknown>> };
}

function composeContainers(): Container[] {
  return Object.entries(composeFile().services)
    .filter(([, s]) => s.build !== undefined)
    .map(([name, s]) => {
      const env = s.environment ?? {};
      return {
        where: `compose service ${name}`,
        command: s.command,
        env: Array.isArray(env) ? env.map((e) => String(e).split('=')[0]!) : Object.keys(env),
      };
    });
}

interface K8sObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: { template?: { spec: PodSpec } };
}
interface PodSpec {
  containers: K8sContainer[];
}
interface K8sContainer {
  name: string;
  image: string;
  command?: string[];
  env?: { name: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}
interface Probe {
  httpGet: { path: string; port: string | number };
}

function k8sObjects(): K8sObject[] {
  const dir = join(deploy, 'k8s');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as K8sObject));
}

/** Our image's containers in the Deployments and Jobs, with envFrom resolved through the ConfigMaps and Secrets. */
function k8sContainers(): (Container & { spec: K8sContainer; values: Record<string, string> })[] {
  const objects = k8sObjects();
  const sources = new Map<string, Record<string, string>>();
  for (const o of objects) {
    if (o.kind === 'ConfigMap' || o.kind === 'Secret') {
      sources.set(`${o.kind}/${o.metadata.name}`, { ...o.data, ...o.stringData });
    }
  }
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .flatMap((o) =>
      o
        .spec!.template!.spec.containers.filter((c) => c.image === 'pirm')
        .map((c) => {
          const values: Record<string, string> = {};
          const missing: string[] = [];
          for (const from of c.envFrom ?? []) {
            const key = from.configMapRef ? `ConfigMap/${from.configMapRef.name}` : `Secret/${from.secretRef!.name}`;
            const source = sources.get(key);
            if (source) Object.assign(values, source);
            else missing.push(key);
          }
          for (const e of c.env ?? []) values[e.name] = '';
          expect({ container: `${o.kind}/${o.metadata.name}`, unknownSources: missing }).toEqual({
            container: `${o.kind}/${o.metadata.name}`,
            unknownSources: [],
          });
          return {
            where: `${o.kind} ${o.metadata.name} container ${c.name}`,
            command: c.command,
            env: Object.keys(values),
            spec: c,
            values,
          };
        }),
    );
}

describe('issue 16: the deployment files set exactly the variables the code reads', () => {
  it('the compose file: every variable of every gateway, worker and migration is known, none required is missing', () => {
    const containers = composeContainers();
    expect(containers.map((c) => c.where).sort()).toEqual([
      'compose service gateway-1',
      'compose service gateway-2',
      'compose service migrate',
      'compose service worker-1',
      'compose service worker-2',
    ]);
    expect(containers.flatMap(problems)).toEqual([]);
  });

  it('the Kubernetes manifests: the same, with envFrom resolved through their ConfigMaps and Secrets', () => {
    const containers = k8sContainers();
    expect(containers.map((c) => c.where).sort()).toEqual([
      'Deployment pirm-gateway container gateway',
      'Deployment pirm-worker container worker',
      'Job pirm-migrate container migrate',
    ]);
    expect(containers.flatMap(problems)).toEqual([]);
  });

  it('the image sets only variables some process of it reads', () => {
    const known = new Set(Object.values(PROCESSES).flatMap((v) => [...v.reads]));
    expect(imageEnv().filter((name) => !known.has(name))).toEqual([]);
    expect(imageEnv()).toContain('NODE_ENV');
  });

  it('the probes ask the liveness and readiness endpoints, on the port the process listens on', () => {
    const byName = Object.fromEntries(k8sContainers().map((c) => [c.spec.name, c]));
    for (const [name, portVariable] of [
      ['gateway', 'PORT'],
      ['worker', 'WORKER_HEALTH_PORT'],
    ] as const) {
      const { spec, values } = byName[name]!;
      const port = (p: Probe) => spec.ports?.find((x) => x.name === p.httpGet.port)?.containerPort;
      expect({
        container: name,
        liveness: spec.livenessProbe?.httpGet.path,
        startup: spec.startupProbe?.httpGet.path,
        readiness: spec.readinessProbe?.httpGet.path,
        ports: [spec.livenessProbe!, spec.startupProbe!, spec.readinessProbe!].map(port),
      }).toEqual({
        container: name,
        liveness: '/health/live',
        startup: '/health/live',
        readiness: '/health/ready',
        ports: Array(3).fill(Number(values[portVariable])),
      });
    }
  });

  it('nginx balances over exactly the compose file’s gateways, on their port, with WebSocket upgrade', () => {
    const services = composeFile().services;
    const gateways = Object.keys(services).filter((name) => name.startsWith('gateway-'));
    const conf = read('compose/nginx.conf');
    const upstream = [...conf.matchAll(/^\s*server ([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    const port = (services['gateway-1']!.environment as Record<string, string>).PORT;
    expect(upstream).toEqual(gateways.map((g) => `${g}:${port}`));
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
  });

  it('the Temporal set-up registers the search attributes the workflows set', () => {
    const names = Object.values(SEARCH_ATTRIBUTES)
      .map((k) => k.name)
      .sort();
    for (const file of ['compose/temporal-namespace.sh', 'k8s/README.md']) {
      const list = /for \w+ in ([\w ]+); do/.exec(read(file))?.[1];
      expect({ file, names: list?.split(' ').sort() }).toEqual({ file, names });
    }
  });

  it('the image installs and ships every workspace of the repository', () => {
    const dockerfile = read('Dockerfile');
    const workspaces = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] })
      .workspaces;
    for (const ws of workspaces) {
      // Both stages run `npm ci`, which fails on a lock naming a workspace whose manifest is missing.
      expect({ ws, manifests: dockerfile.split(`COPY ${ws}/package.json ${ws}/`).length - 1 }).toEqual({
        ws,
        manifests: 2,
      });
      expect(dockerfile).toContain(`COPY --from=build /src/${ws}/dist ${ws}/dist`);
    }
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
