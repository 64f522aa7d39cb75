import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves dist/ at `/`; in `vite` development the API is proxied to a running `npm start`.
export default defineConfig({
  plugins: [react()],
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
