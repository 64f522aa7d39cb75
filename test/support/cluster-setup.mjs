// The cluster tier's global setup: what `npm run start:cluster` needs, made ready once before its tests start
// their own cluster: the compiled packages, the pinned Temporal server (a first `go install` takes ~6 min on
// 2 cores and prints progress; later runs reuse .cache/) and nginx; and the S3-compatible test server of the S3
// export storage's tests (pip, ~30 s the first time). Fails saying what to install.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { root } from '../../infra/paths.mjs';
import { findNginx } from '../../infra/nginx.mjs';
import { temporalServerBinaries } from '../../infra/temporal-cluster.mjs';

export default async function clusterSetup() {
  const t0 = Date.now();
  const build = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  findNginx();
  const { server } = await temporalServerBinaries();
  process.env.PIRM_TEST_S3_SERVER = createRequire(import.meta.url)('../../infra/s3-server.cjs').s3ServerBinary();
  console.log(`\n[cluster tier] Temporal server ${server} and nginx ready in ${Date.now() - t0} ms`);
}
