/**
 * Per-key exponential backoff with the kubelet's semantics (crash-loop and image-pull backoff):
 * the first failure is retried at once and arms a 10 s window; each failure inside the window
 * doubles it, capped at 5 min. A key whose last failure came more than 2 × max (10 min) after the
 * previous retry starts over at 10 s — a container that ran ten minutes is forgiven its history.
 */
import type { Clock } from '../../src-shared/util/clock';

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    readonly initialMs = 10_000,
    readonly maxMs = 300_000,
  ) {}

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > 2 * this.maxMs;
  }

  /**
   * Whether a retry for a failure at eventTime must still wait; if so, how long (ms from now).
   * 0 means "go ahead" (then call next()).
   */
  remaining(key: string, eventTime: number): number {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) return 0;
    return Math.max(0, eventTime + e.backoffMs - this.clock.now());
  }

  /** Records a retry now, widening the window for the next failure. */
  next(key: string, eventTime: number): void {
    const e = this.entries.get(key);
    const now = this.clock.now();
    if (!e || this.expired(eventTime, e)) {
      this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: now });
    } else {
      e.backoffMs = Math.min(e.backoffMs * 2, this.maxMs);
      e.lastUpdate = now;
    }
  }

  /** The current window for key (ms), for messages ("back-off 20s restarting …"). */
  current(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Forgets every key with this prefix (a pod went away). */
  forget(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
