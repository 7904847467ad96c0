import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-shared/util/clock';
import { Backoff } from '../../../src-cluster/kubelet/backoff';

describe('crash-loop backoff', () => {
  it('retries the first failure at once, then waits 10, 20, 40, 80, 160, 300, 300 s', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const failedAt = clock.now(); // the container exits right after each start
      const wait = b.remaining('p/c', failedAt);
      waits.push(wait / 1000);
      clock.advance(wait);
      b.next('p/c', failedAt);
    }
    expect(waits).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
  });

  it('starts over at 10 s once a container ran for more than 10 minutes', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock);
    for (let i = 0; i < 5; i++) {
      const t = clock.now();
      clock.advance(b.remaining('k', t));
      b.next('k', t);
    }
    expect(b.current('k')).toBe(160_000);
    clock.advance(11 * 60_000); // ran fine for 11 minutes, then crashed
    const t = clock.now();
    expect(b.remaining('k', t)).toBe(0);
    b.next('k', t);
    expect(b.current('k')).toBe(10_000);
  });
});
