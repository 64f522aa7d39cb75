import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const stack = globalThis.__PIRM_STACK__;
  if (!stack) return;
  delete globalThis.__PIRM_STACK__; // both server tiers name this teardown
  await Promise.allSettled([stack.temporal.stop(), stack.pg.stop()]);
  if (process.env.PIRM_TEST_WORK_DIR) rmSync(process.env.PIRM_TEST_WORK_DIR, { recursive: true, force: true });
}
