import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's Prometheus metrics (prom-client: the standard Node client, with process metrics built in).
 * One registry per process; module-level so that the Temporal call helper and the plugins can reach it
 * without threading it through every service.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'pirm_gateway_' });

export const graphqlRequests = new Counter({
  name: 'pirm_graphql_requests_total',
  help: 'GraphQL operations by root field and outcome (OK or the error code).',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: 'pirm_graphql_request_duration_seconds',
  help: 'GraphQL request latency by root field.',
  labelNames: ['operation'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const temporalCallDuration = new Histogram({
  name: 'pirm_temporal_call_duration_seconds',
  help: 'Calls from the gateway into Temporal (start, update, query, signal) by outcome.',
  labelNames: ['outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const rateLimitRefusals = new Counter({
  name: 'pirm_rate_limit_refusals_total',
  help: 'Requests refused by a rate limit, by the limited operation.',
  labelNames: ['operation'] as const,
  registers: [registry],
});
