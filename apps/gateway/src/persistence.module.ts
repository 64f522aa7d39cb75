import { Global, Inject, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import {
  AccessTokenRepository,
  AuditRepository,
  AuthRepository,
  CampaignRepository,
  ComplaintRepository,
  CorrectionRepository,
  DisposalRepository,
  EvaluationRepository,
  ExecutionRepository,
  ExportRepository,
  FormsRepository,
  GradingRepository,
  NoticeRepository,
  NotificationRepository,
  OrgRepository,
  RateLimitRepository,
  ReviewRepository,
  assertSchemaCurrent,
  createDataSource,
  createExportStorage,
} from '@pirm/persistence';
import type { GatewayConfig } from './config';
import { GatewayConfigModule } from './config.module';
import { DATA_SOURCE, EXPORT_STORAGE, GATEWAY_CONFIG } from './providers';

/** Every repository class the gateway uses; each is built over the one pool. Add new ones here only. */
const REPOSITORIES = [
  AccessTokenRepository,
  AuditRepository,
  AuthRepository,
  CampaignRepository,
  ComplaintRepository,
  CorrectionRepository,
  DisposalRepository,
  EvaluationRepository,
  ExecutionRepository,
  ExportRepository,
  FormsRepository,
  GradingRepository,
  NoticeRepository,
  NotificationRepository,
  OrgRepository,
  RateLimitRepository,
  ReviewRepository,
];

type DataSource = Parameters<typeof assertSchemaCurrent>[0];

function repositoryProviders(classes: readonly (new (ds: DataSource) => unknown)[]): Provider[] {
  return classes.map((X) => ({ provide: X, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new X(ds) }));
}

/** The database for the whole gateway: the pool (checked against the migrations at boot) and the repositories over it. */
@Global()
@Module({
  imports: [GatewayConfigModule],
  providers: [
    {
      provide: DATA_SOURCE,
      inject: [GATEWAY_CONFIG],
      useFactory: async (config: GatewayConfig) => {
        const ds = createDataSource({
          url: config.database.url,
          applicationName: 'pirm-gateway',
          poolSize: config.database.poolSize,
        });
        await ds.initialize();
        await assertSchemaCurrent(ds);
        return ds;
      },
    },
    ...repositoryProviders(REPOSITORIES),
    {
      provide: EXPORT_STORAGE,
      inject: [GATEWAY_CONFIG, DATA_SOURCE],
      useFactory: (config: GatewayConfig, ds: DataSource) => createExportStorage(config.exports.storage, ds),
    },
  ],
  // DATA_SOURCE stays exported for the health probe only; features go through their repository.
  exports: [DATA_SOURCE, EXPORT_STORAGE, ...REPOSITORIES],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** After the server has stopped taking requests: the pool's connections end with the gateway, not at PostgreSQL's leisure. */
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
