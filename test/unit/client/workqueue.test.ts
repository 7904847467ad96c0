import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-shared/util/clock';
import { DelayingQueue } from '../../../src-cluster/client/workqueue/delaying-queue';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
} from '../../../src-cluster/client/workqueue/rate-limiter';
import { RateLimitingQueue } from '../../../src-cluster/client/workqueue/rate-limiting-queue';
import { WorkQueue } from '../../../src-cluster/client/workqueue/workqueue';

describe('WorkQueue', () => {
  it('hands items out in order and deduplicates queued items', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('never hands out an item being processed, and re-queues it on done if added meanwhile', async () => {
    const q = new WorkQueue();
    q.add('a');
    const first = await q.get();
    expect(first).toBe('a');
    q.add('a'); // changed while a worker syncs it
    q.add('a');
    expect(q.len()).toBe(0); // not handed to a second worker
    q.add('b');
    expect(await q.get()).toBe('b');
    q.done('a');
    expect(q.len()).toBe(1); // back exactly once
    expect(await q.get()).toBe('a');
    q.done('a');
    q.done('b');
    expect(q.len()).toBe(0);
  });

  it('does not re-queue an item that was not added while processing', async () => {
    const q = new WorkQueue();
    q.add('a');
    await q.get();
    q.done('a');
    expect(q.len()).toBe(0);
  });

  it('wakes a waiting getter when an item arrives', async () => {
    const q = new WorkQueue();
    const p = q.get();
    q.add('x');
    expect(await p).toBe('x');
  });

  it('drains queued items after shutdown, then returns undefined and ignores adds', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.shutdown();
    q.add('b');
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBeUndefined();
    const waiting = new WorkQueue();
    const p = waiting.get();
    waiting.shutdown();
    expect(await p).toBeUndefined();
  });

  it('shutdownWithDrain waits for items in flight', async () => {
    const q = new WorkQueue();
    q.add('a');
    await q.get();
    let drained = false;
    const p = q.shutdownWithDrain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    q.done('a');
    await p;
    expect(drained).toBe(true);
  });
});

describe('DelayingQueue', () => {
  it('adds an item only when the fake clock reaches its delay', () => {
    const clock = new FakeClock();
    const q = new DelayingQueue(clock);
    q.addAfter('a', 1000);
    expect(q.len()).toBe(0);
    clock.advance(999);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
  });

  it('keeps the earliest of several delays for one item', () => {
    const clock = new FakeClock();
    const q = new DelayingQueue(clock);
    q.addAfter('a', 5000);
    q.addAfter('a', 100);
    q.addAfter('a', 3000);
    expect(q.waitingLen()).toBe(1);
    clock.advance(100);
    expect(q.len()).toBe(1);
    clock.advance(10_000);
    expect(q.len()).toBe(1);
  });

  it('adds immediately for a zero delay and drops delayed items on shutdown', () => {
    const clock = new FakeClock();
    const q = new DelayingQueue(clock);
    q.addAfter('now', 0);
    expect(q.len()).toBe(1);
    q.addAfter('later', 10);
    q.shutdown();
    clock.advance(100);
    expect(q.len()).toBe(1);
  });
});

describe('rate limiters', () => {
  it('per-item exponential: 5ms doubling, capped, reset by forget', () => {
    const rl = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
    expect([rl.when('a'), rl.when('a'), rl.when('a'), rl.when('a')]).toEqual([5, 10, 20, 40]);
    expect(rl.when('b')).toBe(5);
    expect(rl.numRequeues('a')).toBe(4);
    for (let i = 0; i < 40; i++) rl.when('a');
    expect(rl.when('a')).toBe(1_000_000);
    rl.forget('a');
    expect(rl.numRequeues('a')).toBe(0);
    expect(rl.when('a')).toBe(5);
  });

  it('token bucket: burst free, then qps-paced; refills with clock time', () => {
    const clock = new FakeClock();
    const rl = new BucketRateLimiter<string>(clock, 10, 3);
    expect([rl.when('a'), rl.when('b'), rl.when('c')]).toEqual([0, 0, 0]);
    expect(rl.when('d')).toBe(100);
    expect(rl.when('e')).toBe(200);
    clock.advance(1000); // 10 tokens refill, capped at burst 3, minus the 2 owed
    expect(rl.when('f')).toBe(0);
  });

  it('max-of takes the longer delay', () => {
    const clock = new FakeClock();
    const rl = new MaxOfRateLimiter<string>(
      new ItemExponentialFailureRateLimiter<string>(5, 1000),
      new BucketRateLimiter<string>(clock, 1, 1),
    );
    expect(rl.when('a')).toBe(5);
    expect(rl.when('a')).toBe(1000); // bucket empty: 1 s
    expect(rl.numRequeues('a')).toBe(2);
  });
});

describe('RateLimitingQueue', () => {
  it('addRateLimited waits longer after each failure until forget', () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue(clock, new ItemExponentialFailureRateLimiter<string>(5, 1000));
    q.addRateLimited('k');
    clock.advance(4);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    q.addRateLimited('k'); // already queued: dedupe, but the failure still counts
    expect(q.numRequeues('k')).toBe(2);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
  });

  it('the default limiter lets 100 failures of different keys through at once', () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue(clock);
    for (let i = 0; i < 100; i++) q.addRateLimited(`k${i}`);
    clock.advance(5);
    expect(q.len()).toBe(100);
    q.addRateLimited('k100'); // bucket exhausted: 10 qps
    clock.advance(5);
    expect(q.len()).toBe(100);
    clock.advance(100);
    expect(q.len()).toBe(101);
  });
});
