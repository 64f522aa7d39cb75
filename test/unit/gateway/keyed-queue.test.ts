import { KeyedQueue } from '../../../apps/gateway/src/temporal/keyed-queue';

describe('KeyedQueue: one call per key at a time (fault 5, reviewers racing on one form)', () => {
  it('runs calls with one key one after another, other keys alongside, and goes on after a failure', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const call = (key: string, name: string, fail = false) =>
      q.run(key, async () => {
        running += key === 'a' ? 1 : 0;
        most = Math.max(most, running);
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`end ${name}`);
        running -= key === 'a' ? 1 : 0;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([
      call('a', 'a1'),
      call('a', 'a2', true),
      call('b', 'b1'),
      call('a', 'a3'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(most).toBe(1);
    expect(log.filter((l) => l.endsWith('a1') || l.endsWith('a2') || l.endsWith('a3'))).toEqual([
      'start a1',
      'end a1',
      'start a2',
      'end a2',
      'start a3',
      'end a3',
    ]);
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    await new Promise((r) => setTimeout(r, 0));
    expect(q.size).toBe(0);
  });
});
