import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadWorkerConfig } from './config';
import { PinoNestLogger, installRuntime, workerLogger } from './observability';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const log = workerLogger(config);
  const metrics = await installRuntime(config, log);
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new PinoNestLogger(log) });
  app.enableShutdownHooks();
  if (metrics) process.once('beforeExit', () => metrics.close());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
