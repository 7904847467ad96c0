/**
 * One serial worker per pod: syncs of the same pod never overlap, a sync requested while one runs
 * is coalesced into a single follow-up, and delayed requests (backoff windows) go through the
 * injected clock. Different pods sync concurrently.
 */
import type { Clock } from '../../src-shared/util/clock';

export class PodWorkers {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly timers = new Map<string, () => void>();
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly syncFn: (uid: string) => Promise<void>,
    private readonly onError: (uid: string, err: unknown) => void,
  ) {}

  enqueue(uid: string): void {
    if (this.stopped) return;
    if (this.running.has(uid)) {
      this.again.add(uid);
      return;
    }
    const run = (async () => {
      do {
        this.again.delete(uid);
        try {
          await this.syncFn(uid);
        } catch (e) {
          this.onError(uid, e);
        }
      } while (this.again.has(uid) && !this.stopped);
    })().finally(() => this.running.delete(uid));
    this.running.set(uid, run);
  }

  /** Sync after ms of clock time (the earliest request wins). */
  enqueueAfter(uid: string, ms: number): void {
    if (this.stopped) return;
    this.timers.get(uid)?.();
    const cancel = this.clock.setTimeout(() => {
      this.timers.delete(uid);
      this.enqueue(uid);
    }, ms);
    this.timers.set(uid, cancel);
  }

  /** Stops scheduling; resolves when in-flight syncs have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  /** In-flight syncs (tests wait on it). */
  idle(): Promise<void> {
    return Promise.allSettled([...this.running.values()]).then(() => undefined);
  }
}
