/**
 * DelayingQueue: a WorkQueue that can also add an item later (addAfter), timed by the injected
 * Clock so tests advance time instead of sleeping. An item waiting with several delays becomes
 * ready at the earliest of them.
 */
import type { Clock } from '../../../src-shared/util/clock';
import { WorkQueue } from './workqueue';

export class DelayingQueue<T = string> extends WorkQueue<T> {
  /** item → when it becomes ready, and how to cancel that timer */
  private readonly waiting = new Map<T, { at: number; cancel: () => void }>();

  constructor(protected readonly clock: Clock) {
    super();
  }

  /** Adds item after ms of clock time (immediately when ms ≤ 0). */
  addAfter(item: T, ms: number): void {
    if (this.shuttingDown()) return;
    if (ms <= 0) {
      this.add(item);
      return;
    }
    const at = this.clock.now() + ms;
    const prev = this.waiting.get(item);
    if (prev && prev.at <= at) return;
    prev?.cancel();
    const cancel = this.clock.setTimeout(() => {
      this.waiting.delete(item);
      this.add(item);
    }, ms);
    this.waiting.set(item, { at, cancel });
  }

  /** Items scheduled for later and not yet added. */
  waitingLen(): number {
    return this.waiting.size;
  }

  override shutdown(): void {
    for (const w of this.waiting.values()) w.cancel();
    this.waiting.clear();
    super.shutdown();
  }
}
