import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { DownloadController } from './download.controller';
import { ExportResolver } from './export.resolver';
import { ExportService } from './export.service';

/** Printing and exports as jobs, and their download links (R21, R23). */
@Module({
  imports: [FormsModule],
  providers: [ExportResolver, ExportService],
  controllers: [DownloadController],
})
export class ExportsModule {}
