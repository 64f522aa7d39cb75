import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode } from '@pirm/domain';
import { ExportRepository, type ExportJobEntity } from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { FormsService } from '../forms/forms.service';
import { GATEWAY_CONFIG } from '../providers';
import { EXPORTS, type ExportDeps, type ExportKind, type ExportParams } from './export-kinds';

/** Progress is written at most this often: enough to follow, few enough writes for a large export. */
const PROGRESS_EVERY_MS = 1000;

/**
 * Printing and exports as jobs (R21, R23): a request checks access, records the job (and, for personal data,
 * its audit record) and returns at once; the file is produced in the background, streamed to disk with its
 * progress in the job, and downloaded through a link carrying the job's random token until it expires.
 */
@Injectable()
export class ExportService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(ExportService.name);
  private readonly running = new Set<Promise<void>>();
  private readonly deps: ExportDeps;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly repo: ExportRepository,
    forms: FormsService,
  ) {
    this.deps = { repo, forms, print: config.print };
  }

  async start(principal: Principal, kind: ExportKind, params: ExportParams): Promise<ExportJobEntity> {
    const def = EXPORTS[kind];
    const grant = await def.authorize(principal, params, this.deps);
    const id = randomUUID();
    await this.repo.createJob(
      {
        id,
        kind,
        params: { ...params },
        campaignId: grant.campaignId,
        requestedBy: principal.personId,
        fileName: grant.fileName,
        contentType: def.contentType,
        downloadToken: randomBytes(24).toString('base64url'),
      },
      def.personalData
        ? {
            chain: grant.campaignId,
            actor: principal.code,
            role: grant.role,
            action: `EXPORT_${kind}`,
            target: grant.target,
            after: { kind, params },
            key: `export:${id}`,
          }
        : null,
    );
    const run = this.run(id, kind, params).finally(() => this.running.delete(run));
    this.running.add(run);
    return (await this.repo.findJob(id))!;
  }

  /** A job, for the person who started it only. */
  async get(principal: Principal, id: string): Promise<ExportJobEntity> {
    const job = await this.repo.findJob(id);
    if (!job) throw new DomainError(ErrorCode.NOT_FOUND, `No export ${id}.`);
    if (job.requestedBy !== principal.personId)
      throw new DomainError(ErrorCode.FORBIDDEN, `Export ${id} is not yours: only its requester sees it.`);
    return job;
  }

  /** The finished file behind a download link, or NOT_FOUND for a wrong, expired or unfinished one. */
  async open(id: string, token: string): Promise<{ job: ExportJobEntity; stream: Readable }> {
    const job = await this.repo.findJob(id);
    const [given, expected] = [Buffer.from(token), Buffer.from(job?.downloadToken ?? '')];
    const ok =
      job?.status === 'DONE' &&
      job.filePath !== null &&
      job.expiresAt !== null &&
      job.expiresAt.getTime() > Date.now() &&
      given.length === expected.length &&
      timingSafeEqual(given, expected);
    if (!ok) throw new DomainError(ErrorCode.NOT_FOUND, 'This download link is wrong, expired or not ready.');
    return { job, stream: createReadStream(join(this.config.print.exportDir, job.filePath!)) };
  }

  private async run(id: string, kind: ExportKind, params: ExportParams): Promise<void> {
    const dir = this.config.print.exportDir;
    const file = `${id}.${EXPORTS[kind].extension}`;
    const partial = join(dir, `${file}.part`);
    let [done, total, last] = [0, null as number | null, 0];
    const progress = async (d: number, t: number) => {
      [done, total] = [d, t];
      if (Date.now() - last < PROGRESS_EVERY_MS && d < t) return;
      last = Date.now();
      await this.repo.recordProgress(id, d, t);
    };
    // A heartbeat even while a slow query runs, so readers can tell a live job from one whose gateway died.
    const heartbeat = setInterval(() => void this.repo.recordProgress(id, done, total).catch(() => undefined), 20_000);
    try {
      // Exports hold personal data: the folder and files are the service user's alone.
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await EXPORTS[kind].write(params, this.deps, createWriteStream(partial, { mode: 0o600 }), progress);
      await rename(partial, join(dir, file));
      const { size } = await stat(join(dir, file));
      await this.repo.finishJob(id, {
        filePath: file,
        sizeBytes: size,
        expiresAt: new Date(Date.now() + this.config.print.linkTtlMinutes * 60_000),
      });
      await this.removeExpired();
    } catch (err) {
      await rm(partial, { force: true });
      if (!(err instanceof DomainError))
        this.log.error(`export ${id} (${kind}) failed: ${err instanceof Error ? err.stack : String(err)}`);
      await this.repo.finishJob(id, {
        error: err instanceof DomainError ? err.message : 'the export failed; see the gateway log',
      });
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Files whose links have expired are deleted at boot and whenever an export finishes. */
  async onModuleInit(): Promise<void> {
    await this.removeExpired();
  }

  private async removeExpired(): Promise<void> {
    for (const file of await this.repo.takeExpiredFiles())
      await rm(join(this.config.print.exportDir, file), { force: true });
  }

  /** Lets running exports finish before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
