/**
 * WorkQueue: the queue between informer handlers and a controller's workers (client-go semantics).
 *  - An item is queued at most once however often it is added (handlers add keys, not events).
 *  - An item being processed (handed out by get(), not yet done()) is never handed out again;
 *    if it is added meanwhile it is queued again once done() is called — so one key is never
 *    synced by two workers at once, and a change during a sync is not lost.
 *  - shutdown() stops accepting items; get() drains what is queued, then returns undefined.
 */

/** Common surface of all queues, what a worker loop needs. */
export interface Queue<T> {
  add(item: T): void;
  /** Next item, waiting if the queue is empty; undefined once shut down and drained. */
  get(): Promise<T | undefined>;
  /** Marks an item from get() as finished. */
  done(item: T): void;
  len(): number;
  shutdown(): void;
  shuttingDown(): boolean;
}

/** FIFO, deduplicating, processing-aware queue. Items compare with === (use string keys). */
export class WorkQueue<T = string> implements Queue<T> {
  private queue: T[] = [];
  /** Items that need processing (queued, or added while processing). */
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private waiters: ((item: T | undefined) => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private stopping = false;

  add(item: T): void {
    if (this.stopping || this.dirty.has(item)) return;
    this.dirty.add(item);
    // Re-queued by done() instead, so two workers never hold the same item.
    if (this.processing.has(item)) return;
    this.queue.push(item);
    this.dispatch();
  }

  get(): Promise<T | undefined> {
    if (this.queue.length > 0) return Promise.resolve(this.take());
    if (this.stopping) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(item: T): void {
    if (!this.processing.delete(item)) return;
    if (this.dirty.has(item)) {
      this.queue.push(item);
      this.dispatch();
    }
    if (this.processing.size === 0) {
      const w = this.drainWaiters;
      this.drainWaiters = [];
      for (const f of w) f();
    }
  }

  /** Items waiting to be handed out (not counting those being processed). */
  len(): number {
    return this.queue.length;
  }

  shutdown(): void {
    this.stopping = true;
    if (this.queue.length === 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f(undefined);
    }
  }

  /** Shuts down and resolves once every item handed out has been marked done. */
  shutdownWithDrain(): Promise<void> {
    this.shutdown();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  shuttingDown(): boolean {
    return this.stopping;
  }

  private take(): T {
    const item = this.queue.shift() as T;
    this.processing.add(item);
    this.dirty.delete(item);
    return item;
  }

  /** Hands queued items to waiting getters; once stopping and empty, releases the rest. */
  private dispatch(): void {
    while (this.waiters.length > 0 && this.queue.length > 0) {
      const w = this.waiters.shift()!;
      w(this.take());
    }
    if (this.stopping && this.queue.length === 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f(undefined);
    }
  }
}
