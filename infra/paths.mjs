import { resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const dataDir = process.env.PIRM_DATA_DIR ? resolve(process.env.PIRM_DATA_DIR) : join(root, '.data');
export const dist = {
  migrate: join(root, 'libs/persistence/dist/cli/migrate.js'),
  seedDemo: join(root, 'libs/persistence/dist/cli/seed-demo.js'),
  worker: join(root, 'apps/worker/dist/main.js'),
  gateway: join(root, 'apps/gateway/dist/main.js'),
  tokenCli: join(root, 'apps/gateway/dist/tokens-cli.js'),
  contracts: join(root, 'libs/contracts/dist/index.js'),
};
