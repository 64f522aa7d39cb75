// `npm run roster:import -- [--mode MERGE|FULL_UNITS|FULL_DISTRICT] [--dry-run] <roster.csv|roster.xlsx>`
// A GraphQL client of the running gateway: the import goes through the same `importRoster` mutation as the
// console's, so its audit record and the move of open review steps to the roster's current holders (R09,
// issue 12.4) happen on one path. The gateway is the running `npm start`'s (or GATEWAY_URL); the token is
// PIRM_TOKEN, or in development one minted for the office administrator from the development secret.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { dist } from './paths.mjs';
import { runtimeEnv } from './runtime.mjs';
import { devJwtSecret } from './secret.mjs';

const MODES = ['MERGE', 'FULL_UNITS', 'FULL_DISTRICT'];
const USAGE = `usage: npm run roster:import -- [--mode ${MODES.join('|')}] [--dry-run] <roster.csv|roster.xlsx>`;
const IMPORT = `mutation($i: ImportRosterInput!) { importRoster(input: $i) {
  mode dryRun newPeople changedPeople leavers { code unitId } roleChanges leadingGroupChanges
  units { created updated unchanged } departments { created updated unchanged }
  posts { created updated unchanged } people { created updated unchanged } errors { row column reason } } }`;

function fail(message) {
  console.error(message);
  process.exit(1);
}

function token(env) {
  if (env.PIRM_TOKEN) return env.PIRM_TOKEN;
  if (env.NODE_ENV === 'production') fail('set PIRM_TOKEN to a token of a district office administrator');
  const r = spawnSync(process.execPath, [dist.tokenCli, env.PIRM_ROSTER_ACTOR ?? 'office-admin'], {
    encoding: 'utf8',
    env: { ...env, AUTH_JWT_SECRET: env.AUTH_JWT_SECRET ?? devJwtSecret() },
  });
  if (r.status !== 0) fail(`could not mint a development token: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { mode: { type: 'string', default: 'MERGE' }, 'dry-run': { type: 'boolean', default: false } },
});
const file = positionals[0];
if (!file || !MODES.includes(values.mode)) fail(USAGE);
const ext = extname(file).toLowerCase();
if (ext !== '.csv' && ext !== '.xlsx') fail('the file must end in .csv or .xlsx');
const env = runtimeEnv();
if (!env.GATEWAY_URL) fail('no running `npm start` was found: start it, or set GATEWAY_URL');

const input = {
  format: ext === '.csv' ? 'CSV' : 'XLSX',
  contentBase64: readFileSync(file).toString('base64'),
  mode: values.mode,
  dryRun: values['dry-run'],
};
const res = await fetch(new URL('/graphql', env.GATEWAY_URL), {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token(env)}` },
  body: JSON.stringify({ query: IMPORT, variables: { i: input } }),
}).catch((err) => fail(`the gateway at ${env.GATEWAY_URL} did not answer: ${err.message}`));
const body = await res.json().catch(() => fail(`the gateway answered HTTP ${res.status} without a GraphQL body`));
if (body.errors?.length) {
  const [err] = body.errors;
  console.error(`nothing was imported: ${err.message}`);
  for (const e of err.extensions?.fieldErrors ?? []) console.error(`  ${e.field}: ${e.reason}`);
  process.exit(1);
}
console.log(JSON.stringify(body.data.importRoster, null, 2));
if (body.data.importRoster.errors.length) process.exit(1);
