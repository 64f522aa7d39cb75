import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DomainError, Role } from '@pirm/domain';
import { MAX_TABLE_FILE_BYTES, importRosterFile, type RosterImportSummary, type TableFormat } from '@pirm/persistence';
import { requireRole, type Principal } from '../auth/principal';
import { DATA_SOURCE } from '../providers';
import { ReviewService } from '../review/review.service';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The district's organisation (R01, R02): roster import by the office. */
@Injectable()
export class OrgService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly reviews: ReviewService,
  ) {}

  async importRoster(principal: Principal, format: TableFormat, contentBase64: string): Promise<RosterImportSummary> {
    requireRole(principal, Role.OFFICE_ADMIN);
    const compact = contentBase64.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.length % 4 !== 0) {
      throw DomainError.validation([{ field: 'contentBase64', reason: 'must be base64' }]);
    }
    const bytes = Buffer.from(compact, 'base64');
    if (bytes.length === 0) throw DomainError.validation([{ field: 'contentBase64', reason: 'the file is empty' }]);
    if (bytes.length > MAX_TABLE_FILE_BYTES) {
      throw DomainError.validation([{ field: 'contentBase64', reason: `the file must be at most ${MAX_TABLE_FILE_BYTES / 1024 / 1024} MB` }]);
    }
    return importRosterFile(this.ds, bytes, format, { actor: principal.code, role: Role.OFFICE_ADMIN }).then((summary) => this.reviews.afterRosterImport(summary));
  }
}
