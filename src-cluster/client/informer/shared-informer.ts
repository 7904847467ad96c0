/**
 * SharedInformer: one reflector and one cache per resource, shared by every handler in a
 * process. It turns the reflector's feed into onAdd/onUpdate/onDelete calls; after a re-list it
 * compares the new snapshot with the cache and emits the difference (objects that appeared,
 * changed or vanished while we were not watching), so handlers never miss a transition.
 *
 * Cached objects are deep-frozen: handlers and listers get the cached instance itself and must
 * copy (structuredClone) before changing anything.
 */
import type { ClientObject } from '../types';
import type { Clock } from '../../../src-shared/util/clock';
import {
  Indexer,
  NAMESPACE_INDEX,
  namespaceIndexFunc,
  type IndexFunc,
  type ReadonlyIndexer,
} from './indexer';
import { deepFreeze, objectKey } from './keys';
import { Lister } from './lister';
import {
  Reflector,
  type ListerWatcher,
  type ReflectorOptions,
  type ReflectorSink,
} from './reflector';

/** Extra facts about a deletion. */
export interface DeleteInfo {
  /**
   * True when the deletion was inferred from a re-list (the object vanished while the watch was
   * down): `obj` is then the last state we saw, not the final state on the server.
   */
  finalStateUnknown: boolean;
}

/** Callbacks for cache changes. Keep them short (enqueue a key); they run on the informer's turn. */
export interface EventHandler<T> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T, info: DeleteInfo): void;
}

/** Handle returned by addEventHandler. */
export interface HandlerRegistration {
  remove(): void;
}

export interface SharedInformerOptions<T> extends ReflectorOptions {
  /** Indexes beyond the built-in "namespace" index. */
  indexers?: Record<string, IndexFunc<T>>;
  clock?: Clock;
}

/** A shared, indexed, watch-driven cache of one resource. */
export class SharedInformer<T extends ClientObject> implements ReflectorSink<T> {
  private readonly indexer: Indexer<T>;
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly reflector: Reflector<T>;
  private synced = false;
  private running = false;
  private syncWaiters: (() => void)[] = [];

  constructor(
    lw: ListerWatcher<T>,
    private readonly opts: SharedInformerOptions<T> = {},
  ) {
    this.indexer = new Indexer<T>({
      [NAMESPACE_INDEX]: namespaceIndexFunc,
      ...(opts.indexers ?? {}),
    });
    this.reflector = new Reflector<T>(lw, this, opts);
  }

  /**
   * Subscribes a handler. If the cache is already filled, the handler first gets onAdd for every
   * cached object, so late subscribers see the same world as early ones.
   */
  addEventHandler(handler: EventHandler<T>): HandlerRegistration {
    this.handlers.add(handler);
    if (this.synced) for (const obj of this.indexer.list()) this.call(() => handler.onAdd?.(obj));
    return { remove: () => this.handlers.delete(handler) };
  }

  /** Adds indexes; allowed only before run(). */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    if (this.running) throw new Error('indexers must be added before the informer runs');
    this.indexer.addIndexers(indexers);
  }

  /** True once the first list has been stored. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves when hasSynced() becomes true, or when signal aborts (returns false then). */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  /** Lists and watches until signal aborts. Run once. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error('informer is already running');
    this.running = true;
    await this.reflector.run(signal);
  }

  /** The resourceVersion the cache reflects. */
  get lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  /** Read-only view of the cache with its indexes. */
  getIndexer(): ReadonlyIndexer<T> {
    return this.indexer;
  }

  /** A lister over this informer's cache. */
  lister(): Lister<T> {
    return new Lister<T>(this.indexer);
  }

  // ---- ReflectorSink: called by the reflector only ----

  replace(items: T[], _resourceVersion: string): void {
    const seen = new Set<string>();
    for (const raw of items) {
      const obj = deepFreeze(raw);
      const key = objectKey(obj);
      seen.add(key);
      const old = this.indexer.get(key);
      this.indexer.upsert(obj);
      if (!old) this.emitAdd(obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) {
        this.emitUpdate(old, obj);
      }
    }
    for (const key of this.indexer.listKeys()) {
      if (seen.has(key)) continue;
      const old = this.indexer.remove(key) as T;
      this.emitDelete(old, { finalStateUnknown: true });
    }
    if (!this.synced) {
      this.synced = true;
      const waiters = this.syncWaiters;
      this.syncWaiters = [];
      for (const w of waiters) w();
    }
  }

  add(raw: T): void {
    const obj = deepFreeze(raw);
    const old = this.indexer.upsert(obj);
    // An ADDED for a key we hold (e.g. a watch restarted without a re-list) is an update to us.
    if (old) this.emitUpdate(old, obj);
    else this.emitAdd(obj);
  }

  update(raw: T): void {
    this.add(raw);
  }

  delete(raw: T): void {
    const obj = deepFreeze(raw);
    this.indexer.remove(objectKey(obj));
    this.emitDelete(obj, { finalStateUnknown: false });
  }

  private emitAdd(obj: T): void {
    for (const h of this.handlers) this.call(() => h.onAdd?.(obj));
  }

  private emitUpdate(old: T, obj: T): void {
    for (const h of this.handlers) this.call(() => h.onUpdate?.(old, obj));
  }

  private emitDelete(obj: T, info: DeleteInfo): void {
    for (const h of this.handlers) this.call(() => h.onDelete?.(obj, info));
  }

  /** A throwing handler must not stop the cache or the other handlers. */
  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.onError?.(err);
    }
  }
}
