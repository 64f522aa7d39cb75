import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { Client, Connection } from '@temporalio/client';
import { assertSchemaCurrent, createDataSource } from '@pirm/persistence';
import { AuditResolver } from './audit/audit.resolver';
import { DashboardResolver } from './audit/dashboard.resolver';
import { ExecutionResolver } from './execution/execution.resolver';
import { ExecutionService } from './execution/execution.service';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { CampaignResolver } from './campaign/campaign.resolver';
import { CampaignService } from './campaign/campaign.service';
import { FormsResolver } from './forms/forms.resolver';
import { GradingResolver } from './grading/grading.resolver';
import { FormsService } from './forms/forms.service';
import { NoticeResolver } from './notice/notice.resolver';
import { NoticeService } from './notice/notice.service';
import { NotificationsResolver } from './notifications/notifications.resolver';
import { NotificationsService } from './notifications/notifications.service';
import { OrgResolver } from './org/org.resolver';
import { ComplaintsService } from './oversight/complaints.service';
import { CorrectionService } from './oversight/correction.service';
import { DisposalService } from './oversight/disposal.service';
import { EvaluationService } from './oversight/evaluation.service';
import { OversightResolver } from './oversight/oversight.resolver';
import { OrgService } from './org/org.service';
import { ReviewResolver, RiskFormGradeResolver } from './review/review.resolver';
import { ReviewService } from './review/review.service';
import { REVIEW_REPOSITORIES } from './review/review.providers';
import type { GatewayConfig } from './config';
import { GatewayConfigModule } from './config.module';
import { DomainErrorFilter } from './errors/domain-error.filter';
import { DownloadController } from './exports/download.controller';
import { ExportResolver } from './exports/export.resolver';
import { ExportService } from './exports/export.service';
import { formatGraphQLError } from './errors/format-error';
import { SCALARS_MAP } from './graphql/date-time.scalar';
import { inputGuardPlugin } from './graphql/input-guard';
import { QUERY_LIMITS, queryLimitsRule } from './graphql/limits';
import { HealthController } from './health/health.controller';
import { DATA_SOURCE, GATEWAY_CONFIG, TEMPORAL_CLIENT } from './providers';
import { RateLimitPlugin } from './rate-limit';

/** Every resolver of the schema; `schema.ts` builds the committed schema.gql from the same list. */
export const RESOLVERS = [AuditResolver, CampaignResolver, DashboardResolver, ExecutionResolver, ExportResolver, FormsResolver, GradingResolver, NoticeResolver, NotificationsResolver, OrgResolver, OversightResolver, ReviewResolver, RiskFormGradeResolver];

@Module({
  imports: [
    GatewayConfigModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [GatewayConfigModule],
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => ({
        path: '/graphql',
        autoSchemaFile: true,
        sortSchema: true,
        playground: false,
        introspection: config.env !== 'production',
        plugins: [inputGuardPlugin(), ...(config.env === 'production' ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true })])],
        buildSchemaOptions: { scalarsMap: SCALARS_MAP },
        csrfPrevention: true,
        allowBatchedHttpRequests: false,
        parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
        validationRules: [queryLimitsRule],
        // No "Did you mean …" suggestions that spell out the schema where introspection is off.
        hideSchemaDetailsFromClientErrors: config.env === 'production',
        includeStacktraceInErrorResponses: false,
        formatError: formatGraphQLError,
        subscriptions: { 'graphql-ws': { path: '/graphql' } },
        // Over HTTP the request carries the token; over graphql-ws it comes in the connection parameters.
        context: ({ req, connectionParams }: { req?: unknown; connectionParams?: { authorization?: string } }) =>
          req ? { req } : { req: { headers: { authorization: connectionParams?.authorization } } },
      }),
    }),
  ],
  controllers: [HealthController, DownloadController],
  providers: [
    {
      provide: DATA_SOURCE,
      inject: [GATEWAY_CONFIG],
      useFactory: async (config: GatewayConfig) => {
        const ds = createDataSource({ url: config.database.url, applicationName: 'pirm-gateway', poolSize: config.database.poolSize });
        await ds.initialize();
        await assertSchemaCurrent(ds);
        return ds;
      },
    },
    {
      provide: TEMPORAL_CLIENT,
      inject: [GATEWAY_CONFIG],
      // Lazy: the gateway starts (and /health reports) even while Temporal is still coming up.
      useFactory: (config: GatewayConfig) =>
        new Client({ connection: Connection.lazy({ address: config.temporal.address }), namespace: config.temporal.namespace }),
    },
    AuthService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
    CampaignService,
    FormsService,
    OrgService,
    ReviewService,
    ...REVIEW_REPOSITORIES,
    NoticeService,
    RateLimitPlugin,
    ExportService,
    NotificationsService,
    ExecutionService,
    ComplaintsService,
    DisposalService,
    EvaluationService,
    CorrectionService,
    ...RESOLVERS,
  ],
})
export class AppModule {}
