import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DomainError, EXPORT_FORMATS, ErrorCode } from '@pirm/domain';
import { EXPORT_WORKFLOW_TYPE, exportWorkflowId, type ExportWorkflow } from '@pirm/contracts';
import { ExportRepository, type ExportJobEntity, type ExportStorage } from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import { FormsService } from '../forms/forms.service';
import { EXPORT_STORAGE, GATEWAY_CONFIG, TEMPORAL_CLIENT } from '../providers';
import { TemporalBacked } from '../temporal/temporal-backed';
import { EXPORT_ACCESS, type ExportDeps, type ExportKind, type ExportParams } from './export-kinds';

/**
 * A running job whose worker has not written progress for this long is checked against its workflow: still
 * running (a retry after a lost worker, a slow query) or gone (never started, terminated).
 */
const PROGRESS_STALE_MS = 60_000;

/**
 * Printing and exports as jobs (R21, R23): a request checks access, records the job (and, for personal data,
 * its audit record) and starts its workflow, which renders the file on a worker into the shared export
 * storage with its progress in the job. Any gateway reports the job and serves its download link (the job's
 * random token) until it expires.
 */
@Injectable()
export class ExportService extends TemporalBacked {
  private readonly deps: ExportDeps;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    private readonly repo: ExportRepository,
    @Inject(EXPORT_STORAGE) private readonly storage: ExportStorage,
    forms: FormsService,
  ) {
    super(config, temporal);
    this.deps = { repo, forms };
  }

  async start(principal: Principal, kind: ExportKind, params: ExportParams): Promise<ExportJobEntity> {
    const format = EXPORT_FORMATS[kind];
    const grant = await EXPORT_ACCESS[kind](principal, params, this.deps);
    const id = randomUUID();
    await this.repo.createJob(
      {
        id,
        kind,
        params: { ...params },
        campaignId: grant.campaignId,
        requestedBy: principal.personId,
        fileName: grant.fileName,
        contentType: format.contentType,
        downloadToken: randomBytes(24).toString('base64url'),
      },
      format.personalData
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
    try {
      await this.call(() =>
        this.temporal.workflow.start<ExportWorkflow>(EXPORT_WORKFLOW_TYPE, {
          workflowId: exportWorkflowId(id),
          taskQueue: this.config.temporal.taskQueue,
          args: [{ jobId: id, kind, params, linkTtlMinutes: this.config.exports.linkTtlMinutes }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      );
    } catch (err) {
      // Not started: the job says so at once rather than when its progress goes stale.
      await this.repo.finishJob(id, { error: 'the export could not be started; start it again' });
      throw err;
    }
    return (await this.repo.findJob(id))!;
  }

  /** A job, for the person who started it only. */
  async get(principal: Principal, id: string): Promise<ExportJobEntity> {
    const job = await this.repo.findJob(id);
    if (!job) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No export ${id}.`, zh: '没有这个导出任务' });
    if (job.requestedBy !== principal.personId)
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Export ${id} is not yours: only its requester sees it.`,
        zh: '只有发起导出的人可以查看这个导出',
      });
    if (
      job.status === 'RUNNING' &&
      Date.now() - job.heartbeatAt.getTime() > PROGRESS_STALE_MS &&
      !(await this.alive(id))
    )
      return { ...job, status: 'FAILED', error: 'interrupted (its workflow is gone): start the export again' };
    return job;
  }

  /** Whether the job's workflow still runs (a gateway that died between recording the job and starting it left none). */
  private async alive(id: string): Promise<boolean> {
    try {
      const { status } = await this.call(() => this.temporal.workflow.getHandle(exportWorkflowId(id)).describe());
      return status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
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
    const stream = ok ? await this.storage.get(job.filePath!) : null;
    if (!stream)
      throw new DomainError(ErrorCode.NOT_FOUND, {
        en: 'This download link is wrong, expired or not ready.',
        zh: '下载链接有误、已过期或文件尚未生成',
      });
    return { job: job!, stream };
  }
}
