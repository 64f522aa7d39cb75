/**
 * Runs calls that share a key one after another, in this process. The gateway sends one workflow at most one
 * update at a time, so a crowd of reviewers racing on one form never exceeds Temporal's limit on updates in
 * flight per workflow (retried by the client until the deadline), and the losers are answered from the read
 * model as soon as the winner's decision is recorded.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with calls queued or running (for tests of the cleanup). */
  get size(): number {
    return this.tails.size;
  }
}
