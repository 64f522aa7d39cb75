// Five projects: pure unit tests, integration tests against a real Temporal server and PostgreSQL,
// end-to-end GraphQL tests over HTTP, the web console driven in Chromium against the real gateway, and the
// production-like topology of `npm run start:cluster` (real Temporal server, two gateways, two workers, nginx).
// The global setup starts the real servers once for the whole run; the cluster tier's builds what its
// tests start (the Temporal server by `go install`, cached under .cache/). `npm test` runs the cluster tier
// after the others, not beside them: its servers and the browser tests together overload 2 cores.
const moduleNameMapper = {
  '^@pirm/(domain|contracts|persistence)$': '<rootDir>/libs/$1/src',
  '^@pirm/(workflows|activities)$': '<rootDir>/$1/src',
  '^@pirm/(worker|gateway)$': '<rootDir>/apps/$1/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] };
// Only the tiers that need servers start them: the unit tier runs on its own without Temporal or PostgreSQL.
const servers = {
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
};
const project = (name, extra = {}) => ({
  displayName: name,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  moduleNameMapper,
  transform,
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    project('unit'),
    project('integration', servers),
    project('e2e', servers),
    project('browser', servers),
    project('cluster', { globalSetup: '<rootDir>/test/support/cluster-setup.mjs' }),
  ],
  maxWorkers: 2,
  testTimeout: 120_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
