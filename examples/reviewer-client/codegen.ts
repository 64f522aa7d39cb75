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
  },
};
export default config;
