'use strict';
// Registers a namespace and the project's search attributes on a Temporal server that starts without them (a
// real server on PostgreSQL, the time-skipping test server). The dev server gets the same attributes as
// `--search-attribute` flags. CommonJS so that the .mjs launchers and the jest tests share it.
const { temporal } = require('@temporalio/proto');

const { IndexedValueType } = temporal.api.enums.v1;
/** gRPC status code of a namespace that is already registered. */
const ALREADY_EXISTS = 6;

/** `{ name: IndexedValueType }` for search attribute keys of the SDK (`{ name, type: 'KEYWORD' }`). */
function indexedTypes(keys) {
  return Object.fromEntries(
    keys.map((k) => {
      const type = IndexedValueType[`INDEXED_VALUE_TYPE_${k.type}`];
      if (type === undefined) throw new Error(`search attribute ${k.name} has an unknown type ${k.type}`);
      return [k.name, type];
    }),
  );
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Calls `fn` until it resolves, for at most `timeoutMs`; the error names `what` and the last failure. */
async function retry(what, fn, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > until) throw new Error(`${what} did not succeed within ${timeoutMs} ms: ${err?.message ?? err}`);
      await sleep(250);
    }
  }
}

/**
 * Makes sure `namespace` exists (retention `retentionDays`) and has the `searchAttributes` (SDK keys), then waits
 * until the frontend serves both: a new namespace and new attributes reach the frontend's caches a few seconds
 * after they are stored, and a workflow started before then would fail. `connection` is a @temporalio/client
 * Connection. Idempotent: run at every start.
 */
async function ensureNamespace(connection, { namespace, retentionDays = 30, searchAttributes, timeoutMs = 60_000 }) {
  const { workflowService, operatorService } = connection;
  try {
    await workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: { seconds: retentionDays * 86_400 },
    });
  } catch (err) {
    if (err?.code !== ALREADY_EXISTS) throw err;
  }
  const wanted = indexedTypes(searchAttributes);
  const existing = await retry(
    `namespace ${namespace} to be served`,
    async () => (await operatorService.listSearchAttributes({ namespace })).customAttributes ?? {},
    timeoutMs,
  );
  const missing = Object.fromEntries(Object.entries(wanted).filter(([name]) => existing[name] === undefined));
  for (const [name, type] of Object.entries(wanted)) {
    if (existing[name] !== undefined && existing[name] !== type)
      throw new Error(`search attribute ${name} exists on ${namespace} with another type (${existing[name]})`);
  }
  if (Object.keys(missing).length) await operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  // A visibility query naming every attribute fails until the frontend knows the namespace and all of them.
  const query = Object.keys(wanted)
    .map((name) => `${name} = 'probe'`)
    .join(' AND ');
  await retry(
    `namespace ${namespace} and its search attributes to reach the frontend`,
    () => workflowService.countWorkflowExecutions({ namespace, query }),
    timeoutMs,
  );
}

module.exports = { ensureNamespace, indexedTypes };
