import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import type { ExportJobEntity } from '@pirm/persistence';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ExportJobModel, StartExportInput } from './export.model';
import { ExportService } from './export.service';
import type { ExportKind } from './export-kinds';

/** The link is absolute, on the origin the client called, so a browser can follow it as it is. */
function toModel(job: ExportJobEntity, req: Request): ExportJobModel {
  const done = job.status === 'DONE';
  return Object.assign(new ExportJobModel(), {
    ...job,
    kind: job.kind as ExportKind,
    progress: done ? 1 : job.rowsTotal ? Math.min(1, job.rowsDone / job.rowsTotal) : 0,
    downloadUrl: done
      ? `${req.protocol}://${req.get('host')}/exports/${job.id}/download?token=${job.downloadToken}`
      : null,
    expiresAt: done ? job.expiresAt : null,
  });
}

@Resolver()
export class ExportResolver {
  constructor(private readonly exports: ExportService) {}

  @Mutation(() => ExportJobModel, {
    description:
      'Starts printing a form (R23) or an XLSX export (R21); poll exportJob for progress and the download link.',
  })
  async startExport(
    @CurrentPrincipal() principal: Principal,
    @Context('req') req: Request,
    @Args('input') input: StartExportInput,
  ): Promise<ExportJobModel> {
    const job = await this.exports.start(principal, input.kind, {
      campaignId: input.campaignId,
      unitId: input.unitId ?? null,
      formId: input.formId ?? null,
    });
    return toModel(job, req);
  }

  @Query(() => ExportJobModel, { description: 'An export you started: its progress, and when done its download link.' })
  async exportJob(
    @CurrentPrincipal() principal: Principal,
    @Context('req') req: Request,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ExportJobModel> {
    return toModel(await this.exports.get(principal, id), req);
  }
}
