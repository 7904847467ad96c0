/**
 * SqliteStore: the embedded Store (no-VM mode) on one SQLite file, kine-style: every write appends
 * a row whose id is the new revision. better-sqlite3 runs each write as a synchronous transaction
 * on the one JS thread, so writes are serialised without locks; watch events are published to
 * in-process watchers after the commit, in revision order.
 *
 * One process owns a database file: watchers only see writes made through this instance.
 */
import Database from 'better-sqlite3';
import { realClock, type Clock } from '../../../src-shared/util/clock';
import {
  checkCompactRevision,
  compareKeys,
  prefixEnd,
  resolveReadRevision,
} from '../internal/keys';
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
import { prepareDatabase } from './schema';
import { rowToKv, Statements, tombstoneKv, type NewRow, type Range, type Row } from './statements';

/** Compaction deletes history in steps of this many revisions, yielding between steps. */
const COMPACT_BATCH = 1000;
const COMPACT_META = 'compact_rev';

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export class SqliteStore implements Store {
  readonly name = 'sqlite';
  private readonly hub = new WatchHub();
  private readonly timers: LeaseTimers;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly sql: Statements,
    private readonly clock: Clock,
  ) {
    this.timers = new LeaseTimers(clock, (lease) => this.expireLease(lease));
  }

  /**
   * Opens (creating if needed) the database at path; ":memory:" gives a throwaway store. Leases
   * that expired while the store was closed are expired right away. The clock drives lease expiry.
   */
  static async open(path: string, opts: { clock?: Clock } = {}): Promise<SqliteStore> {
    let db: Database.Database;
    try {
      db = new Database(path);
      prepareDatabase(db);
    } catch (cause) {
      throw new StoreUnavailableError(
        `cannot open the SQLite store at ${path}: ${(cause as Error).message}`,
        cause,
      );
    }
    const store = new SqliteStore(db, new Statements(db), opts.clock ?? realClock);
    for (const l of store.sql.leases()) store.timers.schedule(l.id, l.expires_at);
    return store;
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.sql.currentRevision();
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen();
    return this.sql.meta(COMPACT_META);
  }

  async get(
    key: string,
    opts: ReadOptions = {},
  ): Promise<{ kv: KeyValue | null; revision: number }> {
    this.checkOpen();
    return this.db.transaction(() => {
      const rev = this.readRevision(opts.revision);
      return { kv: this.sql.at(key, rev), revision: rev };
    })();
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    return this.db.transaction(() => {
      const rev = this.readRevision(opts.revision);
      const from =
        opts.startKey !== undefined && compareKeys(opts.startKey, prefix) > 0
          ? opts.startKey
          : prefix;
      const range: Range = { from, end: prefixEnd(prefix) };
      const kvs = this.sql.list(range, rev, opts.limit ?? 0);
      const total =
        opts.limit && kvs.length === opts.limit ? this.sql.count(range, rev) : kvs.length;
      const remaining = total - kvs.length;
      return { kvs, revision: rev, more: remaining > 0, remaining };
    })();
  }

  async create(key: string, value: string, opts: { lease?: number } = {}): Promise<KeyValue> {
    this.checkOpen();
    const ev = this.write(
      () => {
        const latest = this.sql.latest(key);
        if (latest && !latest.deleted) throw new KeyExistsError(key);
        const lease = this.checkLease(opts.lease);
        const row: NewRow = {
          name: key,
          created: 1,
          deleted: 0,
          create_revision: 0,
          prev_revision: latest?.id ?? 0,
          version: 1,
          lease,
          value,
          old_value: null,
        };
        const rev = this.sql.insert(row);
        const kv: KeyValue = {
          key,
          value,
          createRevision: rev,
          modRevision: rev,
          version: 1,
          lease,
        };
        return { type: 'put', kv, prevKv: null } satisfies WatchEvent;
      },
      () => new KeyExistsError(key),
    );
    return ev.kv;
  }

  async update(
    key: string,
    value: string,
    expectedModRevision: number,
    opts: { lease?: number } = {},
  ): Promise<UpdateResult> {
    this.checkOpen();
    const ev = this.write(
      () => {
        const latest = this.sql.latest(key);
        if (!latest || latest.deleted || latest.id !== expectedModRevision) return null;
        const lease = this.checkLease(opts.lease);
        const prev = rowToKv(latest);
        const rev = this.sql.insert({
          name: key,
          created: 0,
          deleted: 0,
          create_revision: prev.createRevision,
          prev_revision: latest.id,
          version: latest.version + 1,
          lease,
          value,
          old_value: latest.value,
        });
        const kv: KeyValue = { ...prev, value, modRevision: rev, version: prev.version + 1, lease };
        return { type: 'put', kv, prevKv: prev } satisfies WatchEvent;
      },
      () => null,
    );
    if (ev) return { succeeded: true, kv: ev.kv };
    return { succeeded: false, current: this.sql.at(key, this.sql.currentRevision()) };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.checkOpen();
    const ev = this.write(
      () => {
        const latest = this.sql.latest(key);
        if (!latest || latest.deleted) return null;
        if (expectedModRevision !== undefined && latest.id !== expectedModRevision) return null;
        return this.appendTombstone(latest);
      },
      () => null,
    );
    if (ev) return { succeeded: true, prev: ev.prevKv!, revision: ev.kv.modRevision };
    return { succeeded: false, current: this.sql.at(key, this.sql.currentRevision()) };
  }

  async watch(prefix: string, fromRevision: number, listener: WatchListener): Promise<Watch> {
    if (this.closed)
      return WatchHub.failNow(listener, new StoreUnavailableError('store is closed'));
    // History and registration happen in one synchronous turn: no commit can fall between them.
    const compacted = this.sql.meta(COMPACT_META);
    if (fromRevision > 0 && fromRevision <= compacted) {
      return WatchHub.failNow(listener, new CompactedError(fromRevision, compacted));
    }
    const from = fromRevision > 0 ? fromRevision : this.sql.currentRevision() + 1;
    const history = this.sql.history({ from: prefix, end: prefixEnd(prefix) }, from);
    return this.hub.subscribe(prefix, from, listener, history);
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    checkCompactRevision(revision, this.sql.currentRevision(), this.sql.meta(COMPACT_META));
    // In batches so a large compaction does not stall every other request; the recorded compact
    // revision advances with each batch, so reads in between see a consistent boundary.
    let done = this.sql.meta(COMPACT_META);
    while (done < revision) {
      const hi = Math.min(revision, done + COMPACT_BATCH);
      const lo = done;
      this.db.transaction(() => {
        this.sql.compactRange(lo, hi);
        this.sql.setMeta(COMPACT_META, hi);
      })();
      done = hi;
      if (done < revision) await new Promise((r) => setImmediate(r));
      this.checkOpen();
    }
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  async grantLease(ttlSeconds: number): Promise<number> {
    this.checkOpen();
    const expiresAt = this.clock.now() + ttlSeconds * 1000;
    const id = this.sql.insertLease(ttlSeconds, expiresAt);
    this.timers.schedule(id, expiresAt);
    return id;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.cancelAll();
    this.hub.failAll(new StoreUnavailableError('store is closed'));
    this.db.close();
  }

  /**
   * Runs one write transaction and publishes its event after the commit. onConflict maps a
   * (name, prev_revision) unique violation, i.e. another writer on the same file won the race.
   */
  private write<T extends WatchEvent | null>(fn: () => T, onConflict: () => T | Error): T {
    let ev: T;
    try {
      ev = this.db.transaction(fn).immediate();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const r = onConflict();
      if (r instanceof Error) throw r;
      return r;
    }
    if (ev) this.hub.publish(ev);
    return ev;
  }

  private appendTombstone(latest: Row): WatchEvent {
    const prev = rowToKv(latest);
    const rev = this.sql.insert({
      name: latest.name,
      created: 0,
      deleted: 1,
      create_revision: prev.createRevision,
      prev_revision: latest.id,
      version: 0,
      lease: 0,
      value: '',
      old_value: latest.value,
    });
    return { type: 'delete', kv: tombstoneKv(latest.name, rev), prevKv: prev };
  }

  /** Deletes every key still attached to the lease (each its own revision), then the lease. */
  private expireLease(lease: number): void {
    if (this.closed) return;
    const events: WatchEvent[] = [];
    this.db
      .transaction(() => {
        for (const name of this.sql.namesWithLease(lease)) {
          const latest = this.sql.latest(name);
          if (latest && !latest.deleted && latest.lease === lease) {
            events.push(this.appendTombstone(latest));
          }
        }
        this.sql.deleteLease(lease);
      })
      .immediate();
    for (const ev of events) this.hub.publish(ev);
  }

  private checkLease(lease: number | undefined): number {
    if (!lease) return 0;
    if (!this.sql.leaseExists(lease)) throw new LeaseNotFoundError(lease);
    return lease;
  }

  private readRevision(requested: number | undefined): number {
    return resolveReadRevision(requested, this.sql.currentRevision(), this.sql.meta(COMPACT_META));
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError('store is closed');
  }
}
