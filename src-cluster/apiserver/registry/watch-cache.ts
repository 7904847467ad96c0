/**
 * One store watch per resource, shared by every client watching it (upstream's cacher, reduced to
 * what matters here — k8s-internals §1.4). Without it, 100 `kubectl get -w` or informers mean 100
 * etcd watch streams; with it, one stream feeds a ring of recent events and an in-process fan-out.
 *
 * A watch that starts inside the ring's window is served from the ring, then live. One that starts
 * before it (or before the cache started) falls back to a direct store watch, which replays from
 * the store's own history and reports compaction as usual — so the cache changes cost, never
 * semantics. The first subscriber starts the shared watch; a store error ends every subscriber
 * (they re-list, as on any watch error) and the next subscriber starts afresh.
 */
import type { Store, Watch, WatchEvent, WatchListener } from '../../store/store';

interface Subscriber {
  prefix: string;
  fromRevision: number;
  listener: WatchListener;
}

export class WatchCache {
  private ring: WatchEvent[] = [];
  /** Revisions above `startRevision` are complete in the ring until it first evicts. */
  private startRevision = 0;
  private evicted = false;
  private subscribers = new Set<Subscriber>();
  private storeWatch: Watch | null = null;
  private starting: Promise<void> | null = null;
  /** Bumped on every (re)start, so a failed stream that still speaks is ignored. */
  private generation = 0;

  constructor(
    private readonly store: Store,
    /** The resource's whole key space, e.g. "/registry/pods/". */
    private readonly prefix: string,
    private readonly capacity = 2000,
  ) {}

  /** Same contract as Store.watch, for any prefix inside this cache's key space. */
  async watch(prefix: string, fromRevision: number, listener: WatchListener): Promise<Watch> {
    if (!prefix.startsWith(this.prefix)) return this.store.watch(prefix, fromRevision, listener);
    await this.ensureStarted();
    const oldest = this.evicted
      ? (this.ring[0]?.kv.modRevision ?? Infinity)
      : this.startRevision + 1;
    if (fromRevision < oldest || !this.storeWatch) {
      return this.store.watch(prefix, fromRevision, listener);
    }
    const sub: Subscriber = { prefix, fromRevision, listener };
    // Replay what the ring holds, then join the live fan-out — synchronously, so nothing that
    // arrives in between can be missed or duplicated.
    for (const ev of this.ring) this.deliver(sub, ev);
    this.subscribers.add(sub);
    return { close: () => this.subscribers.delete(sub) };
  }

  private deliver(sub: Subscriber, ev: WatchEvent): void {
    if (ev.kv.modRevision < sub.fromRevision || !ev.kv.key.startsWith(sub.prefix)) return;
    try {
      sub.listener.onEvent(ev);
    } catch {
      // A subscriber's failure is its own; the fan-out goes on.
    }
  }

  private ensureStarted(): Promise<void> {
    if (this.storeWatch) return Promise.resolve();
    this.starting ??= (async () => {
      const rev = await this.store.currentRevision();
      const gen = ++this.generation;
      this.ring = [];
      this.evicted = false;
      this.startRevision = rev;
      this.storeWatch = await this.store.watch(this.prefix, rev + 1, {
        onEvent: (ev) => gen === this.generation && this.onEvent(ev),
        onError: (err) => gen === this.generation && this.onError(err),
      });
    })().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private onEvent(ev: WatchEvent): void {
    this.ring.push(ev);
    if (this.ring.length > this.capacity) {
      this.ring.splice(0, this.ring.length - this.capacity);
      this.evicted = true;
    }
    for (const sub of this.subscribers) this.deliver(sub, ev);
  }

  private onError(err: Error): void {
    this.generation++;
    this.storeWatch?.close();
    this.storeWatch = null;
    const subs = [...this.subscribers];
    this.subscribers.clear();
    for (const s of subs) s.listener.onError(err);
  }

  /** Stops the shared store watch (server shutdown). */
  close(): void {
    this.storeWatch?.close();
    this.storeWatch = null;
    this.subscribers.clear();
  }
}
