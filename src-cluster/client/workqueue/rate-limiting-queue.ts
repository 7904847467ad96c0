/**
 * RateLimitingQueue: what a controller holds. A sync that fails calls addRateLimited(key) (the
 * retry waits as long as the limiter says); one that succeeds calls forget(key) so the next failure
 * starts from the shortest delay again.
 */
import type { Clock } from '../../../src-shared/util/clock';
import { DelayingQueue } from './delaying-queue';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter';

export class RateLimitingQueue<T = string> extends DelayingQueue<T> {
  readonly limiter: RateLimiter<T>;

  constructor(clock: Clock, limiter?: RateLimiter<T>) {
    super(clock);
    this.limiter = limiter ?? defaultControllerRateLimiter<T>(clock);
  }

  /** Re-adds item after the limiter's delay for it. */
  addRateLimited(item: T): void {
    this.addAfter(item, this.limiter.when(item));
  }

  /** Clears item's failure history (does not remove it from the queue). */
  forget(item: T): void {
    this.limiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.limiter.numRequeues(item);
  }
}
