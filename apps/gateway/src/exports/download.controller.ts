import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@pirm/domain';
import { Public } from '../auth/auth.guard';
import { ExportService } from './export.service';

/** Download links of finished exports: the job's random token is the credential, so a browser can follow them. */
@Controller('exports')
export class DownloadController {
  constructor(private readonly exports: ExportService) {}

  @Public()
  @Get(':id/download')
  async download(
    @Param('id') id: string,
    @Query('token') token: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const { job, stream } = await this.exports.open(id, token ?? '');
      res.setHeader('content-type', job.contentType);
      res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(job.fileName)}`);
      res.setHeader('cache-control', 'no-store');
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      res.status(404).json({ code: err.code, message: err.message, userMessage: err.userMessage });
    }
  }
}
