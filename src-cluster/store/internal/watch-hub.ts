/**
 * Fan-out of committed events to in-process watchers (memory and sqlite backends).
 *
 * Both backends commit synchronously on the one JS thread, so a watcher that computes its history
 * and registers in the same synchronous turn can neither miss nor duplicate a revision: no commit
 * can interleave. Delivery is asynchronous (microtasks) so a writer never runs listener code inline
 * and a slow or re-entrant listener cannot reorder another watcher's stream.
 */
import { StoreError, type Watch, type WatchEvent, type WatchListener } from '../store';

class Subscription implements Watch {
  private queue: WatchEvent[] = [];
  private pendingError: Error | null = null;
  private scheduled = false;
  closed = false;

  constructor(
    readonly prefix: string,
    readonly fromRevision: number,
    private readonly listener: WatchListener,
    private readonly onClose: (s: Subscription) => void,
  ) {}

  matches(ev: WatchEvent): boolean {
    return ev.kv.modRevision >= this.fromRevision && ev.kv.key.startsWith(this.prefix);
  }

  push(ev: WatchEvent): void {
    if (this.closed || this.pendingError) return;
    this.queue.push(ev);
    this.schedule();
  }

  /** Ends the watch with err after the events already queued have been delivered. */
  fail(err: Error): void {
    if (this.closed || this.pendingError) return;
    this.pendingError = err;
    this.schedule();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.onClose(this);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    while (!this.closed && this.queue.length > 0) {
      const ev = this.queue.shift()!;
      try {
        this.listener.onEvent(ev);
      } catch (cause) {
        // A throwing listener would otherwise silently lose the rest of its stream; end it loudly.
        this.pendingError = new StoreError(
          `watch listener threw on revision ${ev.kv.modRevision}`,
          {
            cause,
          },
        );
        this.queue = [];
      }
    }
    if (!this.closed && this.pendingError) {
      const err = this.pendingError;
      this.close();
      this.listener.onError(err);
    }
  }
}

/** The set of live watchers of one store. */
export class WatchHub {
  private readonly subs = new Set<Subscription>();

  /**
   * Registers a watcher and queues `history` (events already committed with revision >=
   * fromRevision, in order) ahead of live ones. The caller must compute history in the same
   * synchronous turn as this call so no commit falls between them.
   */
  subscribe(
    prefix: string,
    fromRevision: number,
    listener: WatchListener,
    history: readonly WatchEvent[],
  ): Watch {
    const sub = new Subscription(prefix, fromRevision, listener, (s) => this.subs.delete(s));
    this.subs.add(sub);
    for (const ev of history) if (sub.matches(ev)) sub.push(ev);
    return sub;
  }

  /** Hands a committed event to every matching watcher. Call after commit, in revision order. */
  publish(ev: WatchEvent): void {
    for (const sub of this.subs) if (sub.matches(ev)) sub.push(ev);
  }

  /** Ends every watch with err (queued events are still delivered first). */
  failAll(err: Error): void {
    for (const sub of [...this.subs]) sub.fail(err);
  }

  /** Ends one watcher with err immediately (e.g. CompactedError at start). */
  static failNow(listener: WatchListener, err: Error): Watch {
    let closed = false;
    queueMicrotask(() => {
      if (!closed) listener.onError(err);
    });
    return {
      close: () => {
        closed = true;
      },
    };
  }
}
