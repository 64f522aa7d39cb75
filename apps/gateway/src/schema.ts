import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { isEnumType, lexicographicSortSchema, printSchema, printType, type GraphQLSchema } from 'graphql';
import { RESOLVERS } from './app.module';
import { SCALARS_MAP } from './graphql/date-time.scalar';

/** The gateway's schema as SDL, built from the resolvers alone (no database or Temporal needed). */
export async function printGatewaySchema(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS, { scalarsMap: SCALARS_MAP });
    return `${printSorted(schema)}\n`;
  } finally {
    await app.close();
  }
}

/**
 * Types and fields sorted by name, so the file diffs well; enum values keep the domain's order (phases in
 * sequence, disposal measures mildest first), which clients list them in.
 */
function printSorted(schema: GraphQLSchema): string {
  const sorted = lexicographicSortSchema(schema);
  let sdl = printSchema(sorted);
  for (const type of Object.values(schema.getTypeMap())) {
    const printed = sorted.getType(type.name);
    if (isEnumType(type) && printed) sdl = sdl.replace(printType(printed), () => printType(type));
  }
  return sdl;
}
