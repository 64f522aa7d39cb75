import type { CodegenConfig } from '@graphql-codegen/cli';

// Operations are typed from the committed schema, so a schema change that breaks the console fails its typecheck and build.
const config: CodegenConfig = {
  schema: '../gateway/schema.gql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string' },
      },
    },
  },
};
export default config;
