import 'reflect-metadata';
import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { GATEWAY_CONFIG } from './providers';
import type { GatewayConfig } from './config';

/** Builds the gateway application (also used by the end-to-end tests). */
export async function createGateway(options: Pick<NestApplicationOptions, 'logger'> = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, ...options });
  // Bounded request bodies; roster files arrive base64-encoded, hence more than a GraphQL document needs.
  app.useBodyParser('json', { limit: app.get<GatewayConfig>(GATEWAY_CONFIG).bodyLimit });
  app.enableShutdownHooks();
  return app;
}

async function main(): Promise<void> {
  const app = await createGateway();
  const config = app.get<GatewayConfig>(GATEWAY_CONFIG);
  await app.listen(config.port, '0.0.0.0');
  console.log(`gateway listening on http://localhost:${config.port}/graphql`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
