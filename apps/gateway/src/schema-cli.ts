import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printGatewaySchema } from './schema';

/** `npm run schema`: rewrites apps/gateway/schema.gql, the committed contract with GraphQL clients. */
printGatewaySchema()
  .then((sdl) => {
    const file = join(__dirname, '..', 'schema.gql');
    writeFileSync(file, sdl);
    console.log(`wrote ${file}`);
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
