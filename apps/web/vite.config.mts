import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Ships codegen's persisted-documents.json (hash → operation) beside the console it was built with: the gateway
 * loads it at boot as the trusted documents anonymous callers may run in production (issue 20).
 */
function trustedDocuments(): Plugin {
  const manifest = fileURLToPath(new URL('src/gql/persisted-documents.json', import.meta.url));
  return {
    name: 'pirm-trusted-documents',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'persisted-documents.json', source: readFileSync(manifest, 'utf8') });
    },
  };
}

// The gateway serves dist/ at `/`; in `vite` development the API is proxied to a running `npm start`.
export default defineConfig({
  plugins: [react(), trustedDocuments()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // GraphiQL (Monaco) is large but loads only at /graphiql, in development.
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      // GraphiQL's modules start with React Compiler directives ("use no memo") that bundling drops, harmlessly.
      onLog(level, log, handler) {
        if (log.code !== 'MODULE_LEVEL_DIRECTIVE') handler(level, log);
      },
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        graphiql: fileURLToPath(new URL('graphiql.html', import.meta.url)),
      },
    },
  },
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:3000', ws: true }, '/dev': 'http://127.0.0.1:3000' } },
});
