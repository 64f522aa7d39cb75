// Development only (the gateway serves /graphiql outside production): an offline GraphQL IDE, no CDN.
import { createRoot } from 'react-dom/client';
import { buildSchema } from 'graphql';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql-a11y.css';
// The committed SDL: the gateway's query-depth limit refuses the standard introspection query (issue 20).
import sdl from '../../gateway/schema.gql?raw';
import { currentToken } from './lib/session';
import { fixGraphiqlTabs } from './lib/graphiql-a11y';

const token = currentToken();
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  subscriptionUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
  wsConnectionParams: { authorization: token ? `Bearer ${token}` : '' },
});

const container = document.getElementById('graphiql')!;
fixGraphiqlTabs(container);
createRoot(container).render(
  <GraphiQL
    fetcher={fetcher}
    schema={buildSchema(sdl)}
    defaultHeaders={JSON.stringify(
      { authorization: token ? `Bearer ${token}` : 'Bearer <npm run token -- office-admin>' },
      null,
      2,
    )}
    defaultQuery={
      '# 登录控制台后打开本页，请求自动带上当前身份。\n{\n  me {\n    name\n    roles {\n      label\n    }\n  }\n}\n'
    }
  />,
);
