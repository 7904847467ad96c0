/**
 * MemoryStore: the Store contract over an in-memory MVCC history. For unit tests of the layers
 * above the store; it keeps nothing across processes. Every write appends a version to its key and an
 * event to the log, so reads at old revisions and watches from old revisions work until compaction.
 */
import { realClock, type Clock } from '../../../src-shared/util/clock';
import { compareKeys, checkCompactRevision, resolveReadRevision } from '../internal/keys';
import { LeaseTimers } from '../internal/lease-timers';
import { WatchHub } from '../internal/watch-hub';
import {
  CompactedError,
  KeyExistsError,
  LeaseNotFoundError,
  StoreUnavailableError,
  type DeleteResult,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type ReadOptions,
  type Store,
  type UpdateResult,
  type Watch,
  type WatchEvent,
  type WatchListener,
} from '../store';

/** One write of a key: the value written at rev, or null for a delete (tombstone). */
interface Version {
  rev: number;
  kv: KeyValue | null;
}

export class MemoryStore implements Store {
  readonly name = 'memory';
  private rev = 0;
  private compacted = 0;
  private readonly versions = new Map<string, Version[]>();
  /** Events with revision above the compacted revision, in revision order. */
  private log: WatchEvent[] = [];
  private readonly leases = new Set<number>();
  private nextLease = 1;
  private readonly hub = new WatchHub();
  private readonly timers: LeaseTimers;
  private readonly clock: Clock;
  private closed = false;

  /** Creates an empty store. The clock drives lease expiry (FakeClock in tests). */
  constructor(opts: { clock?: Clock } = {}) {
    this.clock = opts.clock ?? realClock;
    this.timers = new LeaseTimers(this.clock, (lease) => this.expireLease(lease));
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.rev;
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen();
    return this.compacted;
  }

  async get(
    key: string,
    opts: ReadOptions = {},
  ): Promise<{ kv: KeyValue | null; revision: number }> {
    this.checkOpen();
    const at = resolveReadRevision(opts.revision, this.rev, this.compacted);
    return { kv: this.at(key, at), revision: at };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const at = resolveReadRevision(opts.revision, this.rev, this.compacted);
    const from =
      opts.startKey !== undefined && compareKeys(opts.startKey, prefix) > 0
        ? opts.startKey
        : prefix;
    const keys = [...this.versions.keys()]
      .filter((k) => k.startsWith(prefix) && compareKeys(k, from) >= 0)
      .sort(compareKeys);
    const all: KeyValue[] = [];
    for (const k of keys) {
      const kv = this.at(k, at);
      if (kv) all.push(kv);
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : all.length;
    const kvs = all.slice(0, limit);
    const remaining = all.length - kvs.length;
    return { kvs, revision: at, more: remaining > 0, remaining };
  }

  async create(key: string, value: string, opts: { lease?: number } = {}): Promise<KeyValue> {
    this.checkOpen();
    if (this.live(key)) throw new KeyExistsError(key);
    const lease = this.checkLease(opts.lease);
    const rev = this.rev + 1;
    const kv: KeyValue = { key, value, createRevision: rev, modRevision: rev, version: 1, lease };
    this.commit(key, kv, { type: 'put', kv, prevKv: null });
    return kv;
  }

  async update(
    key: string,
    value: string,
    expectedModRevision: number,
    opts: { lease?: number } = {},
  ): Promise<UpdateResult> {
    this.checkOpen();
    const current = this.live(key);
    if (!current || current.modRevision !== expectedModRevision)
      return { succeeded: false, current };
    const lease = this.checkLease(opts.lease);
    const rev = this.rev + 1;
    const kv: KeyValue = {
      ...current,
      value,
      modRevision: rev,
      version: current.version + 1,
      lease,
    };
    this.commit(key, kv, { type: 'put', kv, prevKv: current });
    return { succeeded: true, kv };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.checkOpen();
    const current = this.live(key);
    if (!current) return { succeeded: false, current: null };
    if (expectedModRevision !== undefined && current.modRevision !== expectedModRevision) {
      return { succeeded: false, current };
    }
    return { succeeded: true, prev: current, revision: this.deleteLive(current) };
  }

  async watch(prefix: string, fromRevision: number, listener: WatchListener): Promise<Watch> {
    if (this.closed)
      return WatchHub.failNow(listener, new StoreUnavailableError('store is closed'));
    if (fromRevision > 0 && fromRevision <= this.compacted) {
      return WatchHub.failNow(listener, new CompactedError(fromRevision, this.compacted));
    }
    const from = fromRevision > 0 ? fromRevision : this.rev + 1;
    const history = this.log.filter((ev) => ev.kv.modRevision >= from);
    return this.hub.subscribe(prefix, from, listener, history);
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    checkCompactRevision(revision, this.rev, this.compacted);
    for (const [key, vs] of this.versions) {
      // Keep the newest version at or below the target (the snapshot there) unless it is a
      // tombstone, plus everything newer.
      let keep = lastAtOrBelow(vs, revision);
      if (keep >= 0 && vs[keep]!.kv === null) keep++;
      const rest = keep > 0 ? vs.slice(keep) : vs;
      if (rest.length === 0) this.versions.delete(key);
      else this.versions.set(key, rest);
    }
    this.log = this.log.filter((ev) => ev.kv.modRevision > revision);
    this.compacted = revision;
  }

  async grantLease(ttlSeconds: number): Promise<number> {
    this.checkOpen();
    const id = this.nextLease++;
    this.leases.add(id);
    this.timers.schedule(id, this.clock.now() + ttlSeconds * 1000);
    return id;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.cancelAll();
    this.hub.failAll(new StoreUnavailableError('store is closed'));
  }

  private at(key: string, rev: number): KeyValue | null {
    const vs = this.versions.get(key);
    if (!vs) return null;
    return vs[lastAtOrBelow(vs, rev)]?.kv ?? null;
  }

  private live(key: string): KeyValue | null {
    return this.at(key, this.rev);
  }

  private commit(key: string, kv: KeyValue | null, ev: WatchEvent): void {
    this.rev = ev.kv.modRevision;
    const vs = this.versions.get(key) ?? [];
    vs.push({ rev: this.rev, kv });
    this.versions.set(key, vs);
    this.log.push(ev);
    this.hub.publish(ev);
  }

  private deleteLive(current: KeyValue): number {
    const rev = this.rev + 1;
    const tomb: KeyValue = {
      key: current.key,
      value: '',
      createRevision: 0,
      modRevision: rev,
      version: 0,
      lease: 0,
    };
    this.commit(current.key, null, { type: 'delete', kv: tomb, prevKv: current });
    return rev;
  }

  private checkLease(lease: number | undefined): number {
    if (!lease) return 0;
    if (!this.leases.has(lease)) throw new LeaseNotFoundError(lease);
    return lease;
  }

  /** Deletes every key attached to the lease, each as an ordinary delete in key order. */
  private expireLease(lease: number): void {
    if (this.closed || !this.leases.delete(lease)) return;
    const keys = [...this.versions.keys()].sort(compareKeys);
    for (const key of keys) {
      const kv = this.live(key);
      if (kv && kv.lease === lease) this.deleteLive(kv);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError('store is closed');
  }
}

/** Index of the newest version written at or below rev, -1 if none. */
function lastAtOrBelow(vs: readonly Version[], rev: number): number {
  let i = vs.length - 1;
  while (i >= 0 && vs[i]!.rev > rev) i--;
  return i;
}
