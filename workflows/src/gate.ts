import { condition } from '@temporalio/workflow';

/**
 * Serialises the state changes of one workflow run (update handlers and timer work may interleave at each
 * `await`) and counts changes, so a waiting loop can tell that something happened.
 */
export class Gate {
  /** Set while a change is being applied; a validator that sees it can refuse a competing change. */
  busy = false;
  /** Bumped on every change; loops wait for it to move. */
  changes = 0;

  touch(): void {
    this.changes += 1;
  }

  /** Runs `fn` as the only change in progress. */
  async exclusively<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await fn();
    } finally {
      this.busy = false;
      this.changes += 1;
    }
  }
}
