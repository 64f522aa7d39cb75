import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { AccessTokensModule } from './access-tokens/access-tokens.module';
import { AccessTokensResolver } from './access-tokens/access-tokens.resolver';
import { AuditModule } from './audit/audit.module';
import { AuditResolver } from './audit/audit.resolver';
import { DashboardResolver } from './audit/dashboard.resolver';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { CampaignModule } from './campaign/campaign.module';
import { CampaignResolver } from './campaign/campaign.resolver';
import { GatewayConfigModule } from './config.module';
import { DomainErrorFilter } from './errors/domain-error.filter';
import { formatGraphQLError } from './errors/format-error';
import { ExecutionModule } from './execution/execution.module';
import { ExecutionResolver } from './execution/execution.resolver';
import { ExportResolver } from './exports/export.resolver';
import { ExportsModule } from './exports/exports.module';
import { FormsModule } from './forms/forms.module';
import { FormsResolver } from './forms/forms.resolver';
import { GradingModule } from './grading/grading.module';
import { GradingResolver } from './grading/grading.resolver';
import { SCALARS_MAP } from './graphql/date-time.scalar';
import { inputGuardPlugin } from './graphql/input-guard';
import { TrustedDocuments, TrustedDocumentsModule } from './graphql/trusted-documents';
import { GraphQLWsGate, GraphQLWsGateModule } from './graphql/ws-gate';
import { HealthModule } from './health/health.module';
import { NoticeModule } from './notice/notice.module';
import { NoticeResolver } from './notice/notice.resolver';
import { NotificationsModule } from './notifications/notifications.module';
import { NotificationsResolver, RiskFormNudgeResolver } from './notifications/notifications.resolver';
import { OrgModule } from './org/org.module';
import { OrgResolver } from './org/org.resolver';
import { ObservabilityModule } from './observability/observability.module';
import { graphqlMetricsPlugin } from './observability/graphql-metrics.plugin';
import { OversightModule } from './oversight/oversight.module';
import { OversightResolver } from './oversight/oversight.resolver';
import { PersistenceModule } from './persistence.module';
import { RateLimitModule } from './rate-limit';
import { ReviewModule } from './review/review.module';
import { ReviewResolver, ReviewTaskConnectionResolver, RiskFormGradeResolver } from './review/review.resolver';
import { TemporalModule } from './temporal/temporal.module';
import { WebModule } from './web/web.module';

/** Every resolver of the schema (each declared by its feature module); `schema.ts` builds the committed schema.gql from this list. */
export const RESOLVERS = [
  AccessTokensResolver,
  AuditResolver,
  CampaignResolver,
  DashboardResolver,
  ExecutionResolver,
  ExportResolver,
  FormsResolver,
  GradingResolver,
  NoticeResolver,
  NotificationsResolver,
  OrgResolver,
  OversightResolver,
  ReviewResolver,
  ReviewTaskConnectionResolver,
  RiskFormGradeResolver,
  RiskFormNudgeResolver,
];

@Module({
  imports: [
    GatewayConfigModule,
    PersistenceModule,
    AuthModule,
    TrustedDocumentsModule,
    RateLimitModule,
    ObservabilityModule,
    TemporalModule,
    AccessTokensModule,
    AuditModule,
    CampaignModule,
    ExecutionModule,
    ExportsModule,
    FormsModule,
    GradingModule,
    HealthModule,
    NoticeModule,
    NotificationsModule,
    OrgModule,
    OversightModule,
    ReviewModule,
    WebModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [GraphQLWsGateModule],
      inject: [GraphQLWsGate, GraphQLSchemaHost],
      useFactory: (ws: GraphQLWsGate, schemaHost: GraphQLSchemaHost) => ({
        path: '/graphql',
        autoSchemaFile: true,
        sortSchema: true,
        playground: false,
        // Production refuses introspection with a code of its own (INTROSPECTION_DISABLED) by a rule in
        // ws.rules.validationRules; Apollo's switch would add a second, generic refusal.
        introspection: true,
        // The IDE is the console's offline GraphiQL (/graphiql), not Apollo's landing page from its CDN.
        plugins: [graphqlMetricsPlugin(), inputGuardPlugin(), ApolloServerPluginLandingPageDisabled()],
        buildSchemaOptions: { scalarsMap: SCALARS_MAP },
        csrfPrevention: true,
        allowBatchedHttpRequests: false,
        // Documents by hash are the console's registered ones (TrustedDocuments); clients register nothing.
        persistedQueries: false,
        // The document rules graphql-ws gets from GraphQLWsGate, the same object: one set for both transports.
        parseOptions: ws.rules.parseOptions,
        validationRules: ws.rules.validationRules,
        hideSchemaDetailsFromClientErrors: ws.rules.hideSchemaDetails,
        includeStacktraceInErrorResponses: false,
        formatError: formatGraphQLError,
        subscriptions: { 'graphql-ws': { path: '/graphql', ...ws.hooks(() => schemaHost.schema) } },
        // Over HTTP the request carries the token; over graphql-ws it comes in the connection parameters, and the
        // socket goes along so that a personal access token's subscriptions end with the token (TokenSessions).
        context: ({
          req,
          connectionParams,
          extra,
        }: {
          req?: unknown;
          connectionParams?: { authorization?: string };
          extra?: { socket?: unknown };
        }) =>
          req ? { req } : { req: { headers: { authorization: connectionParams?.authorization }, ws: extra?.socket } },
      }),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
  ],
})
export class AppModule implements NestModule {
  constructor(private readonly trusted: TrustedDocuments) {}

  /** Anonymous documents are checked before Apollo parses them (trusted documents, issue 20). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.trusted.http).forRoutes('graphql');
  }
}
