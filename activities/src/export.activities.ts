import { PassThrough } from 'node:stream';
import { Context } from '@temporalio/activity';
import { DomainError, ErrorCode } from '@pirm/domain';
import { EXPORT_HEARTBEAT_TIMEOUT_MS, rejection, type ExportInput, rejectionOf } from '@pirm/contracts';
import { ExportRepository, type ExportStorage } from '@pirm/persistence';
import type { DataSource } from 'typeorm';
import type { PrintConfig } from './exports/pdf';
import { RENDERERS } from './exports/renderers';

export type { PrintConfig } from './exports/pdf';

export interface ExportActivityDeps {
  dataSource: DataSource;
  exportStorage: ExportStorage;
  print: PrintConfig;
}

/** Progress rows are written at most this often: enough to follow, few enough writes for a large export. */
const PROGRESS_EVERY_MS = 1000;
/** Heartbeats while a slow query runs (the SDK sends at most one per 80 % of the timeout). */
const HEARTBEAT_EVERY_MS = Math.floor(EXPORT_HEARTBEAT_TIMEOUT_MS / 5);

/**
 * The export workflow's activities. `renderExport` is idempotent: each attempt streams into an object of its
 * own (`{jobId}/{attempt}`) and finishes the job by compare-and-set, so whatever attempts a lost worker or a
 * timeout leaves behind, the job ends DONE once, pointing at one complete object, and the others are removed.
 */
export function createExportActivities({ dataSource, exportStorage: storage, print }: ExportActivityDeps) {
  const repo = new ExportRepository(dataSource);

  return {
    async renderExport(input: ExportInput): Promise<void> {
      const ctx = Context.current();
      const job = await repo.findJob(input.jobId);
      if (!job) throw rejection(ErrorCode.NOT_FOUND, { en: `No export job ${input.jobId}.`, zh: '没有这个导出任务' });
      // An earlier attempt finished the job and its worker died before reporting it: nothing left to do.
      if (job.status !== 'RUNNING') return;

      const key = `${input.jobId}/${ctx.info.attempt}`;
      let [done, total, written] = [0, null as number | null, 0];
      const beat = () => ctx.heartbeat({ rowsDone: done, rowsTotal: total });
      const progress = async (d: number, t: number) => {
        [done, total] = [d, t];
        beat();
        if (Date.now() - written < PROGRESS_EVERY_MS && d < t) return;
        written = Date.now();
        await repo.recordProgress(input.jobId, d, t);
      };
      const out = new PassThrough();
      // The failure reaches us through the promise that failed; unheard, the stream's 'error' would end the worker.
      out.on('error', () => undefined);
      // Cancelled (the attempt timed out, the workflow was cancelled): stop rendering and storing.
      const cancelled = () => out.destroy(new Error('the export was cancelled'));
      ctx.cancellationSignal.addEventListener('abort', cancelled);
      const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
      beat();
      try {
        const rendering = RENDERERS[input.kind](input.params, { repo, print }, out, progress).catch((err: unknown) => {
          out.destroy(err instanceof Error ? err : new Error(String(err)));
          throw err;
        });
        const storing = storage.put(key, out).catch((err: unknown) => {
          out.destroy(err instanceof Error ? err : new Error(String(err)));
          throw err;
        });
        const [, size] = await Promise.all([rendering, storing]);
        const won = await repo.finishJob(input.jobId, {
          filePath: key,
          sizeBytes: size,
          expiresAt: new Date(Date.now() + input.linkTtlMinutes * 60_000),
        });
        // The winner removes what earlier attempts left (a killed worker's partial file); a loser, its own file.
        if (won) await storage.removeAll(`${input.jobId}/`, key);
        else await storage.remove(key);
      } catch (err) {
        await storage.remove(key).catch(() => undefined);
        // A missing form or campaign will not appear on a retry.
        if (err instanceof DomainError) throw rejectionOf(err);
        throw err;
      } finally {
        clearInterval(timer);
        ctx.cancellationSignal.removeEventListener('abort', cancelled);
      }
      // Files whose links have expired go whenever an export finishes.
      for (const id of await repo.takeExpiredFiles()) await storage.removeAll(`${id}/`);
    },

    /** Marks the job failed (unless an attempt finished it after all) and removes whatever its attempts stored. */
    async failExport(args: { jobId: string; error: string }): Promise<void> {
      await repo.finishJob(args.jobId, { error: args.error });
      const job = await repo.findJob(args.jobId);
      await storage.removeAll(`${args.jobId}/`, job?.status === 'DONE' ? (job.filePath ?? undefined) : undefined);
    },
  };
}
