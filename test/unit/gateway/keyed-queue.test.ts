import { KeyedQueue } from '../../../apps/gateway/src/temporal/keyed-queue';
import { until } from '../../support/wait';

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedQueue: one call per key at a time (fault 5, reviewers racing on one form)', () => {
  it('runs calls with one key one after another, other keys alongside, and goes on after a failure', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    const names = ['a1', 'a2', 'b1', 'a3'] as const;
    // Each call says when it has started and ends only when the test lets it.
    const began = Object.fromEntries(names.map((n) => [n, deferred()]));
    const release = Object.fromEntries(names.map((n) => [n, deferred()]));
    const call = (key: string, name: (typeof names)[number], fail = false) =>
      q.run(key, async () => {
        log.push(`start ${name}`);
        began[name]!.resolve();
        await release[name]!.promise;
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = Promise.allSettled([call('a', 'a1'), call('a', 'a2', true), call('b', 'b1'), call('a', 'a3')]);

    // b1 runs alongside a1; a2 waits for a1.
    await Promise.all([began.a1!.promise, began.b1!.promise]);
    expect(log).toEqual(['start a1', 'start b1']);
    release.a1!.resolve();
    await began.a2!.promise;
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
    // a2 fails; a3 runs after it all the same.
    release.a2!.resolve();
    await began.a3!.promise;
    expect(log.slice(-2)).toEqual(['end a2', 'start a3']);
    release.a3!.resolve();
    release.b1!.resolve();

    expect((await results).map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(log.filter((l) => l.endsWith('a1') || l.endsWith('a2') || l.endsWith('a3'))).toEqual([
      'start a1',
      'end a1',
      'start a2',
      'end a2',
      'start a3',
      'end a3',
    ]);
    await until('the queue to forget both keys', () => q.size === 0, 1_000);
  });
});
