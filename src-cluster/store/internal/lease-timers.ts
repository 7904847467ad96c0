/**
 * Lease expiry timers for the in-process backends. Time comes from an injected Clock so tests move
 * time with FakeClock instead of sleeping; the store decides what expiry means (deleting the keys).
 */
import type { Clock } from '../../../src-shared/util/clock';

export class LeaseTimers {
  private readonly cancels = new Map<number, () => void>();

  constructor(
    private readonly clock: Clock,
    private readonly onExpire: (lease: number) => void,
  ) {}

  /** Arms (or re-arms) the timer for lease to fire at expiresAt (clock milliseconds). */
  schedule(lease: number, expiresAt: number): void {
    this.cancels.get(lease)?.();
    const cancel = this.clock.setTimeout(
      () => {
        this.cancels.delete(lease);
        this.onExpire(lease);
      },
      Math.max(0, expiresAt - this.clock.now()),
    );
    this.cancels.set(lease, cancel);
  }

  /** Cancels every timer (store close). */
  cancelAll(): void {
    for (const cancel of this.cancels.values()) cancel();
    this.cancels.clear();
  }
}
