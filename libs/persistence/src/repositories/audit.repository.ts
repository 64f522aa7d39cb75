import type { DataSource } from 'typeorm';
import { listAudit, verifyAuditChain } from '../audit.repository';
import { campaignDashboard } from '../dashboard.repository';
import type { After } from './bound';

/** The audit chains and the campaign dashboard built from the read model. */
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  list(...a: After<typeof listAudit>) {
    return listAudit(this.ds, ...a);
  }

  verifyChain(...a: After<typeof verifyAuditChain>) {
    return verifyAuditChain(this.ds, ...a);
  }

  dashboard(...a: After<typeof campaignDashboard>) {
    return campaignDashboard(this.ds, ...a);
  }
}
