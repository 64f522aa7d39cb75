// Lint enforces the architecture (docs: README "Dependency rules"), not just style.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'https',
  'process',
  'util',
  'stream',
  'events',
  'worker_threads',
  'timers',
];
const forbid = (patterns, message) => ({ group: patterns, message });

/** Per folder: what it may not import. Together they give domain ← contracts ← workflows; domain ← persistence ← activities ← worker; gateway → contracts, persistence, @temporalio/client. */
const layers = [
  {
    files: ['libs/domain/src/**/*.ts'],
    patterns: [
      forbid(
        ['@pirm/*', '@temporalio/*', '@nestjs/*', 'typeorm', 'pg', ...nodeBuiltins],
        'libs/domain is pure TypeScript: no I/O, frameworks or other layers.',
      ),
    ],
  },
  {
    files: ['libs/contracts/src/**/*.ts'],
    patterns: [
      forbid(
        [
          '@pirm/persistence',
          '@pirm/activities',
          '@pirm/workflows',
          '@pirm/worker',
          '@pirm/gateway',
          '@nestjs/*',
          'typeorm',
          'pg',
          '@temporalio/client',
          '@temporalio/worker',
          ...nodeBuiltins,
        ],
        'libs/contracts holds plain types and Temporal definitions only (workflow code imports it).',
      ),
    ],
  },
  {
    files: ['workflows/src/**/*.ts'],
    patterns: [
      forbid(
        [
          '@pirm/persistence',
          '@pirm/worker',
          '@pirm/gateway',
          '@nestjs/*',
          'typeorm',
          'pg',
          '@temporalio/client',
          '@temporalio/worker',
          '@temporalio/activity',
          'reflect-metadata',
          ...nodeBuiltins,
        ],
        'Workflow code must stay deterministic: only @temporalio/workflow, @pirm/domain and @pirm/contracts.',
      ),
      {
        group: ['@pirm/activities'],
        allowTypeImports: true,
        message: 'Workflows import activities by type only (import type).',
      },
    ],
  },
  {
    files: ['libs/persistence/src/**/*.ts'],
    patterns: [
      forbid(
        [
          '@pirm/contracts',
          '@pirm/activities',
          '@pirm/workflows',
          '@pirm/worker',
          '@pirm/gateway',
          '@temporalio/*',
          '@nestjs/*',
        ],
        'libs/persistence depends on libs/domain only.',
      ),
    ],
  },
  {
    files: ['activities/src/**/*.ts'],
    patterns: [
      forbid(
        ['@pirm/workflows', '@pirm/worker', '@pirm/gateway', '@temporalio/workflow', '@temporalio/client', '@nestjs/*'],
        'Activities are factories over injected dependencies; they know nothing of workflows or apps.',
      ),
    ],
  },
  {
    files: ['apps/worker/src/**/*.ts'],
    patterns: [
      forbid(['@pirm/gateway', '@nestjs/graphql', '@nestjs/apollo'], 'The worker does not depend on the gateway.'),
    ],
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    patterns: [
      forbid(
        ['@pirm/*', '**/gateway/src/**', '**/libs/*/src/**', ...nodeBuiltins],
        'apps/web runs in the browser and talks to the gateway over GraphQL only: no server code, no Node APIs.',
      ),
    ],
  },
  {
    files: ['examples/**/*.ts'],
    patterns: [
      forbid(
        ['@pirm/*', '**/apps/*/src/**', '**/libs/*/src/**'],
        'An example client is what a reviewer runs on their own machine: it talks to the gateway over GraphQL only.',
      ),
    ],
  },
  {
    files: ['apps/gateway/src/**/*.ts'],
    patterns: [
      forbid(
        ['@pirm/workflows', '@pirm/activities', '@pirm/worker', '@temporalio/worker', '@temporalio/workflow'],
        'The gateway reaches workflows through @temporalio/client and @pirm/contracts only.',
      ),
      forbid(
        ['typeorm', 'typeorm/*', 'pg'],
        'The gateway reaches PostgreSQL through the repository classes of @pirm/persistence only.',
      ),
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'node_modules/**',
      '.data/**',
      '.cache/**',
      'coverage/**',
      'apps/web/src/gql/**',
      'examples/reviewer-client/src/gql/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', 'apps/web/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.test.json' })],
    },
    languageOptions: { parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'import-x/no-cycle': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Nest resolves constructor parameters from their runtime types: type-only imports would break injection.
    files: ['apps/**/*.ts'],
    ignores: ['apps/web/**'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // The console is its own TypeScript project (DOM, JSX, bundler resolution).
    files: ['apps/web/**/*.{ts,tsx}'],
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './apps/web/tsconfig.json' })],
    },
    languageOptions: {
      parserOptions: { project: ['./apps/web/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  ...layers.map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } })),
  {
    files: ['workflows/src/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' },
        { name: 'process', message: 'No Node APIs in workflows.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message:
            'Use Date.now() from the workflow’s deterministic clock only through the SDK (it is patched), never new Date().',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Use uuid4() or the SDK’s deterministic random.',
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        globalThis: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        require: 'readonly',
      },
    },
  },
);
