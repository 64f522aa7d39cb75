import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDataSource } from '@pirm/persistence';
import { issueToken } from '../../apps/gateway/src/tokens';
import type { GraphQLResponse, StackLike } from './gateway';
import { startService, type ServiceProcess } from './processes';
import { until } from './wait';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../infra/ports.cjs') as { freePort: () => Promise<number> };

/** POSTs a GraphQL request to `base` (nginx or one gateway). A reply that is not JSON (nginx's 502) throws. */
export async function graphqlAt<T = Record<string, unknown>>(
  base: string,
  query: string,
  variables: Record<string, unknown> = {},
  bearer?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return { status: res.status, ...(JSON.parse(text) as Omit<GraphQLResponse<T>, 'status'>) };
  } catch {
    throw new Error(`HTTP ${res.status} from ${base}: ${text.slice(0, 200)}`);
  }
}

export interface FinishedExport {
  status: string;
  error: string | null;
  downloadUrl: string | null;
}

/**
 * Starts an export through `gatewayA` and follows it through `gatewayB` until it is no longer RUNNING: the job,
 * and the file downloaded from its link (which names gateway B), when it has one.
 */
export async function exportAcrossGateways(
  [gatewayA, gatewayB]: string[],
  bearer: string,
  input: Record<string, unknown>,
): Promise<{ job: FinishedExport; file?: Response }> {
  const JOB = 'id status error downloadUrl';
  const started = await graphqlAt<{ startExport: { id: string } }>(
    gatewayA!,
    `mutation($i: StartExportInput!) { startExport(input: $i) { ${JOB} } }`,
    { i: input },
    bearer,
  );
  if (started.errors) throw new Error(`startExport: ${JSON.stringify(started.errors)}`);
  const job = await until(
    'the export to finish, read through gateway B',
    async () => {
      const r = await graphqlAt<{ exportJob: FinishedExport }>(
        gatewayB!,
        `query($id: ID!) { exportJob(id: $id) { ${JOB} } }`,
        { id: started.data!.startExport.id },
        bearer,
      );
      const j = r.data?.exportJob;
      return j && j.status !== 'RUNNING' ? j : undefined;
    },
    60_000,
    250,
  );
  return { job, ...(job.downloadUrl ? { file: await fetch(job.downloadUrl) } : {}) };
}

/**
 * `npm run start:cluster` itself (infra/start.mjs --cluster) in a throwaway data folder on free ports: the real
 * Temporal server on its embedded PostgreSQL, two workers, two gateways and nginx in front of them.
 */
export class TestCluster {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'pirm-cluster-'));
  start!: ServiceProcess;
  /** nginx, the way clients reach the service. */
  url!: string;
  /** Each gateway directly. */
  gateways!: string[];
  temporalAddress!: string;
  ds!: ReturnType<typeof createDataSource>;
  private secret!: string;
  private clients: Client[] = [];

  /** `env`: more settings for the launcher (and so for its services), e.g. the Temporal server's mTLS. */
  async boot(env: Record<string, string> = {}): Promise<this> {
    const [port, temporalPort, pgPort, g1, g2] = await Promise.all(Array.from({ length: 5 }, () => freePort()));
    this.start = await startService({
      script: join(__dirname, '../../infra/start.mjs'),
      args: ['--cluster'],
      env: {
        PIRM_DATA_DIR: this.dataDir,
        NODE_ENV: 'development',
        PORT: String(port),
        TEMPORAL_PORT: String(temporalPort),
        PG_PORT: String(pgPort),
        CLUSTER_GATEWAY_PORTS: `${g1},${g2}`,
        WORKER_METRICS_PORT: '',
        LOG_LEVEL: 'warn',
        ...env,
      },
      ready: /is running/,
      timeoutMs: 300_000,
    });
    const runtime = JSON.parse(readFileSync(join(this.dataDir, 'runtime.json'), 'utf8')) as Record<string, string>;
    this.url = runtime.GATEWAY_URL!;
    this.gateways = runtime.GATEWAY_URLS!.split(',');
    this.temporalAddress = runtime.TEMPORAL_ADDRESS!;
    this.ds = createDataSource({ url: runtime.DATABASE_URL!, applicationName: 'pirm-test', poolSize: 4 });
    await this.ds.initialize();
    this.secret = readFileSync(join(this.dataDir, 'jwt-secret'), 'utf8').trim();
    return this;
  }

  token(code: string): string {
    return issueToken({ jwtSecret: this.secret, issuer: 'pirm', audience: 'pirm-gateway' }, code);
  }

  /** Stack helpers (launch, submit) through `base`, nginx by default. */
  via(base = this.url): StackLike {
    return {
      graphql: (query, variables, bearer) => graphqlAt(base, query, variables, bearer),
      db: { dataSource: this.ds },
    };
  }

  /** The current pid of a supervised part (`worker-1`, `gateway-2`, `temporal`, `nginx`), from the launcher's log. */
  pid(name: string): number {
    const started = [...this.start.output().matchAll(new RegExp(`\\] ${name} started \\(pid (\\d+)\\)`, 'g'))];
    if (!started.length) throw new Error(`${name} never started:\n${this.start.output().slice(-3000)}`);
    return Number(started.at(-1)![1]);
  }

  /** How many times the launcher has started `name`. */
  starts(name: string): number {
    return [...this.start.output().matchAll(new RegExp(`\\] ${name} started \\(pid`, 'g'))].length;
  }

  async temporal(): Promise<Client> {
    const client = new Client({ connection: await Connection.connect({ address: this.temporalAddress }) });
    this.clients.push(client);
    return client;
  }

  async stop(): Promise<void> {
    for (const c of this.clients) await c.connection.close().catch(() => undefined);
    await this.ds?.destroy().catch(() => undefined);
    await this.start?.kill('SIGTERM');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
