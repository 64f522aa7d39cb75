// `npm run token -- <personCode>`: prints a bearer token signed with the same secret `npm start` uses.
import { spawnSync } from 'node:child_process';
import { dist } from './paths.mjs';
import { devJwtSecret } from './secret.mjs';

const r = spawnSync(process.execPath, [dist.tokenCli, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, AUTH_JWT_SECRET: devJwtSecret() },
});
process.exit(r.status ?? 1);
