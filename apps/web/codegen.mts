import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

// Operations are typed from the committed schema, so a schema change that breaks the console fails its typecheck and build.
const config: CodegenConfig = {
  schema: '../gateway/schema.gql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // The trusted documents (issue 20): persisted-documents.json maps each operation's hash to its text; the
        // gateway runs only these for anonymous callers in production. The hash is the plain SHA-256 hex of
        // the text (what `extensions.persistedQuery.sha256Hash` carries), kept in each document's __meta__.hash.
        persistedDocuments: { hashAlgorithm: (text: string) => createHash('sha256').update(text).digest('hex') },
      },
      // urql adds __typename to what it sends; the registered text must already hold it, or the cache would
      // miss the types it invalidates on after a mutation.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string' },
      },
    },
    // The domain's Chinese label of each enum value, from its description in the schema.
    'src/gql/labels.ts': { plugins: ['./codegen-labels.cjs'] },
  },
};
export default config;
