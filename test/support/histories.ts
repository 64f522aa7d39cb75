import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const HISTORIES_DIR = join(__dirname, '../fixtures/histories');
const History = temporal.api.history.v1.History;

/**
 * Writes the histories of workflows as replay fixtures `{prefix}-{n}.pb` (binary protobuf). Existing
 * fixtures are never overwritten: histories recorded by older code are what proves `patched()` changes.
 */
export async function recordHistories(
  client: Client,
  workflowIds: readonly string[],
  dir: string,
  prefix: string,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const taken = new Set(readdirSync(dir));
  let n = 1;
  for (const id of workflowIds) {
    while (taken.has(`${prefix}-${n}.pb`)) n += 1;
    const history = await client.workflow.getHandle(id).fetchHistory();
    writeFileSync(join(dir, `${prefix}-${n}.pb`), History.encode(history).finish());
    taken.add(`${prefix}-${n}.pb`);
  }
}

/** The committed replay fixtures. */
export function loadHistories(): { workflowId: string; history: temporal.api.history.v1.History }[] {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.pb'))
    .sort()
    .map((f) => ({
      workflowId: f.replace(/\.pb$/, ''),
      history: History.decode(readFileSync(join(HISTORIES_DIR, f))),
    }));
}
