import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed from the gateway's committed schema, like the console: a schema change that breaks this client fails
// `npm run typecheck`. Only src/operations.ts holds documents.
const config: CodegenConfig = {
  schema: '../../apps/gateway/schema.gql',
  documents: ['src/operations.ts'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: 'string' } },
    },
    // Each enum value's Chinese label, from its description in the schema (the console's codegen plugin).
    'src/gql/labels.ts': { plugins: ['../../apps/web/codegen-labels.cjs'] },
  },
};
export default config;
