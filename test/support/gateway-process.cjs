// `node test/support/gateway-process.cjs`: the built gateway (apps/gateway/dist) as a process of its own, on a
// free loopback port (the production entry point binds HOST, 127.0.0.1 by default, on PORT), for tests that kill it.
// Configured by the environment, like `npm start`; prints `gateway listening on <url>` when it is up.
const { createGateway } = require('../../apps/gateway/dist/main.js');

createGateway({ logger: ['error', 'warn'] })
  .then(async (app) => {
    await app.listen(0, '127.0.0.1');
    process.stdout.write(`gateway listening on ${await app.getUrl()}\n`);
  })
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
