// `npm run token -- <personCode>`: prints a bearer token signed with the same secret `npm start` uses.
import { spawnSync } from 'node:child_process';
import { dist } from './paths.mjs';
import { devJwtSecret } from './secret.mjs';

// Checked here too, before a secret file is created for it.
if (process.env.NODE_ENV === 'production') {
  console.error('npm run token is for development and tests; it refuses to run with NODE_ENV=production');
  process.exit(2);
}
const r = spawnSync(process.execPath, [dist.tokenCli, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, AUTH_JWT_SECRET: devJwtSecret() },
});
process.exit(r.status ?? 1);
