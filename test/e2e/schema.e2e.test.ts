import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printGatewaySchema } from '../../apps/gateway/src/schema';

describe('the committed GraphQL schema', () => {
  it('matches the code (run `npm run schema` after changing resolvers or models)', async () => {
    const committed = readFileSync(join(__dirname, '../../apps/gateway/schema.gql'), 'utf8');
    expect(await printGatewaySchema()).toBe(committed);
  });
});
