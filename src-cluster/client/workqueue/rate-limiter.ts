/**
 * Rate limiters decide how long a failed item waits before its retry. Controllers combine a
 * per-item exponential backoff (one broken object must not spin) with an overall token bucket
 * (a storm of failures must not flood the API server) and take the longer of the two delays.
 */
import type { Clock } from '../../../src-shared/util/clock';

/** How long to wait before re-adding an item. */
export interface RateLimiter<T> {
  /** Delay in ms for this retry of item; counts the retry. */
  when(item: T): number;
  /** Item succeeded: clear its failure history. */
  forget(item: T): void;
  /** Retries counted for item since the last forget. */
  numRequeues(item: T): number;
}

/** base·2^failures ms per item, capped at max (defaults 5 ms → 1000 s, as client-go). */
export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();

  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 1_000_000,
  ) {}

  when(item: T): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    // 2^n overflows to Infinity long before it matters; the cap absorbs it.
    return Math.min(this.baseMs * Math.pow(2, n), this.maxMs);
  }

  forget(item: T): void {
    this.failures.delete(item);
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * Token bucket shared by all items: `burst` retries at once, then `qps` per second. when()
 * reserves a token and returns how long until it is available.
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private readonly qps = 10,
    private readonly burst = 100,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(_item: T): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  forget(_item: T): void {}

  numRequeues(_item: T): number {
    return 0;
  }
}

/** The longest delay of several limiters; forget/numRequeues apply to all. */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T): number {
    return Math.max(0, ...this.limiters.map((l) => l.when(item)));
  }

  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: T): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(item)));
  }
}

/** The controller default: max(per-item 5 ms→1000 s, bucket 10 qps / burst 100). */
export function defaultControllerRateLimiter<T>(clock: Clock): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(
    new ItemExponentialFailureRateLimiter<T>(5, 1_000_000),
    new BucketRateLimiter<T>(clock, 10, 100),
  );
}
