import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Role } from '@pirm/domain';
import { PersonEntity, RoleAssignmentEntity } from '@pirm/persistence';
import { createGateway } from '../../apps/gateway/src/main';
import { issueToken } from '../../apps/gateway/src/tokens';
import { createTestDatabase, createTestWorker, temporalAddress, uniqueName, type TestDatabase } from './stack';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: {
      code?: string;
      userMessage?: string;
      fieldErrors?: { field: string; reason: string; message: string }[];
    };
  }[];
}

/** What stack helpers need: GraphQL and the database (a TestStack, or a running `npm start`). */
export type StackLike = Pick<TestStack, 'graphql'> & { db: { dataSource: DataSource } };

/**
 * The whole service in one test process: a fresh database, the production worker on a task queue of its
 * own against the shared Temporal dev server, and the gateway listening on a free port.
 */
export class TestStack {
  private readonly secret = randomBytes(32).toString('hex');
  db!: TestDatabase;
  app!: NestExpressApplication;
  url!: string;
  taskQueue = uniqueName('e2e');
  private worker?: Worker;
  private workerRun?: Promise<void>;
  private connection?: NativeConnection;
  private envBefore?: NodeJS.ProcessEnv;

  /** `temporal`: another Temporal server (e.g. a time-skipping test server) instead of the shared dev server. */
  constructor(private readonly temporal = temporalAddress()) {}

  /**
   * `env` overrides the gateway's configuration (e.g. AUTH_JWKS_URL); `db` another database than a fresh copy of
   * the template; `port` a port known in advance (e.g. for an identity provider's redirect URI), else any.
   */
  async start(env: Record<string, string> = {}, db?: TestDatabase, port = 0): Promise<this> {
    this.db = db ?? (await createTestDatabase());
    this.envBefore ??= { ...process.env };
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: this.db.url,
      TEMPORAL_ADDRESS: this.temporal,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      TEMPORAL_RPC_TIMEOUT_MS: '5000',
      AUTH_JWT_SECRET: this.secret,
      PORT: '0',
      AUTH_JWKS_URL: '',
      ...env,
    });
    await this.startWorker();
    this.app = await createGateway({ logger: ['error', 'warn'] });
    await this.app.listen(port, '127.0.0.1');
    this.url = await this.app.getUrl();
    return this;
  }

  /** Replaces the gateway with a fresh one (a crash and restart of the gateway process; the port changes). */
  async restartGateway(): Promise<void> {
    await this.app.close();
    this.app = await createGateway({ logger: ['error', 'warn'] });
    await this.app.listen(0, '127.0.0.1');
    this.url = await this.app.getUrl();
  }

  async startWorker(): Promise<void> {
    this.connection = await NativeConnection.connect({ address: this.temporal });
    this.worker = await createTestWorker(this.connection, this.db.dataSource, this.taskQueue);
    this.workerRun = this.worker.run();
  }

  async stopWorker(): Promise<void> {
    this.worker?.shutdown();
    await this.workerRun;
    await this.connection?.close();
    this.worker = undefined;
    this.connection = undefined;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.stopWorker();
    await this.db?.drop();
    // The next test file in this worker process starts from the environment this one found, not from its overrides.
    if (this.envBefore) {
      for (const name of Object.keys(process.env)) if (!(name in this.envBefore)) delete process.env[name];
      Object.assign(process.env, this.envBefore);
    }
  }

  /** Puts a person without a unit (e.g. a first administrator) on the roster and returns a bearer token. */
  async person(code: string, roles: { role: Role; unitId: string | null }[] = []): Promise<string> {
    const ds = this.db.dataSource;
    const person = await ds.getRepository(PersonEntity).save({ code, name: code, unitId: null });
    for (const r of roles) await ds.getRepository(RoleAssignmentEntity).insert({ personId: person.id, ...r });
    return this.token(code);
  }

  token(code: string): string {
    return issueToken({ jwtSecret: this.secret, issuer: 'pirm', audience: 'pirm-gateway' }, code);
  }

  async graphql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GraphQLResponse<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as Omit<GraphQLResponse<T>, 'status'>) };
  }
}
