/**
 * The storage seam: a revisioned key–value store with etcd v3's data model (DESIGN.md §4,
 * reference/k8s-internals.md §1). The API server is its only user. Backends: sqlite/ (kine-style MVCC
 * table, the embedded default), etcd/ (a real etcd cluster through the `etcd3` client) and memory/
 * (unit tests). All of them pass the one conformance suite in testing/store-conformance.ts.
 *
 * Model:
 * - One revision counter for the whole store. Every successful write adds exactly 1.
 * - Each key has createRevision, modRevision (the revision of its last write) and version (writes
 *   since creation). A deleted key is gone from get/list, but its history stays until compaction.
 * - Values are strings (the API server stores JSON).
 */
export interface KeyValue {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  /** Number of writes since the key was (re)created; 1 after create. */
  version: number;
  /** Lease id the key is attached to, 0 for none. */
  lease: number;
}

export interface ReadOptions {
  /** Read the store as it was at this revision. 0 or absent = current. */
  revision?: number;
}

export interface ListOptions extends ReadOptions {
  /** Return at most this many keys (0 or absent = no limit). */
  limit?: number;
  /**
   * Start at this key (inclusive) instead of at the prefix. Used for pagination: the next page
   * starts at lastKey + "\x00", read at the first page's revision so all pages form one snapshot.
   */
  startKey?: string;
}

export interface ListResult {
  kvs: KeyValue[];
  /** The revision the list was read at (the store's current revision when none was asked for). */
  revision: number;
  /** True when more keys under the prefix follow the last one returned. */
  more: boolean;
  /** Number of keys under the prefix (at that revision) not returned in this page. */
  remaining: number;
}

export type UpdateResult =
  | { succeeded: true; kv: KeyValue }
  /** The compare failed: `current` is what is stored now (null when the key does not exist). */
  | { succeeded: false; current: KeyValue | null };

export type DeleteResult =
  /** `prev` is the value that was deleted; `revision` is the deletion's revision. */
  | { succeeded: true; prev: KeyValue; revision: number }
  | { succeeded: false; current: KeyValue | null };

export interface WatchEvent {
  type: 'put' | 'delete';
  /**
   * For put: the new key-value. For delete: key, modRevision = the deletion's revision,
   * value = "" (the deleted value is in prevKv).
   */
  kv: KeyValue;
  /** The key's value before this event; null when the put created the key. */
  prevKv: KeyValue | null;
}

export interface WatchListener {
  /** Called once per event, strictly in revision order, each revision exactly once. */
  onEvent(event: WatchEvent): void;
  /**
   * Called at most once when the watch ends abnormally: CompactedError if the start revision has
   * been compacted (then no event is delivered), StoreUnavailableError if the backend is gone.
   * No events follow an error.
   */
  onError(err: Error): void;
}

export interface Watch {
  /** Stops delivery. No events are delivered after close() returns. Idempotent. */
  close(): void;
}

export interface Store {
  /** Backend name for logs and status ("sqlite", "etcd", "memory"). */
  readonly name: string;

  /** The revision of the last write in the whole store. */
  currentRevision(): Promise<number>;

  /** The highest revision removed by compaction (0 if never compacted). */
  compactedRevision(): Promise<number>;

  /**
   * Reads one key. With a revision: the key as it was then. Throws CompactedError when that revision
   * was compacted and FutureRevisionError when it is above the current revision.
   */
  get(key: string, opts?: ReadOptions): Promise<{ kv: KeyValue | null; revision: number }>;

  /**
   * Lists keys starting with prefix, in key order (byte order of the UTF-8 key, as etcd sorts).
   * Same revision errors as get. `remaining` counts keys from startKey (or the prefix) onward that
   * did not fit in this page, which is what etcd's range count minus the page length gives.
   */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;

  /** Creates key. Throws KeyExistsError if it exists. Returns the new key-value. */
  create(key: string, value: string, opts?: { lease?: number }): Promise<KeyValue>;

  /**
   * Compare-and-swap: writes value only if the key's modRevision equals expectedModRevision.
   * A backend that cannot tell whether the write happened (an etcd timeout) re-reads the key; if it
   * still cannot tell, it throws UnknownResultError — never reports failure without knowing.
   */
  update(
    key: string,
    value: string,
    expectedModRevision: number,
    opts?: { lease?: number },
  ): Promise<UpdateResult>;

  /** Deletes key if its modRevision equals expectedModRevision (any revision when omitted). */
  delete(key: string, expectedModRevision?: number): Promise<DeleteResult>;

  /**
   * Watches every key under prefix, delivering all events with revision >= fromRevision (history
   * first, then live). fromRevision must be above the compacted revision, else listener.onError gets
   * a CompactedError. Resolves once the watch is established: a write that completes after the
   * promise resolves is guaranteed to be delivered.
   */
  watch(prefix: string, fromRevision: number, listener: WatchListener): Promise<Watch>;

  /**
   * Removes history at and below revision (current values are kept). Afterwards, as in etcd, reads at
   * revisions below it throw CompactedError while a read at exactly that revision still sees the
   * snapshot as it was then; watches must start above it. Compacting at or below the compacted
   * revision throws CompactedError, above the current revision FutureRevisionError.
   */
  compact(revision: number): Promise<void>;

  /**
   * Grants a lease; keys attached to it are deleted when it expires (ttlSeconds after grant), each
   * as an ordinary delete with its own revision and watch event. Writing a key without a lease
   * detaches it. Writing with a lease that does not exist throws LeaseNotFoundError.
   */
  grantLease(ttlSeconds: number): Promise<number>;

  /** Releases resources (connections, file handles). Acknowledged writes are durable. */
  close(): Promise<void>;
}

export class StoreError extends Error {}

export class KeyExistsError extends StoreError {
  constructor(readonly key: string) {
    super(`key already exists: ${key}`);
    this.name = 'KeyExistsError';
  }
}

export class CompactedError extends StoreError {
  constructor(
    readonly requestedRevision: number,
    readonly compactedRevision: number,
  ) {
    super(`mvcc: required revision ${requestedRevision} has been compacted (${compactedRevision})`);
    this.name = 'CompactedError';
  }
}

export class FutureRevisionError extends StoreError {
  constructor(
    readonly requestedRevision: number,
    readonly currentRevision: number,
  ) {
    super(`mvcc: required revision ${requestedRevision} is a future revision (${currentRevision})`);
    this.name = 'FutureRevisionError';
  }
}

/** The write may or may not have been applied (e.g. an etcd timeout during quorum loss). */
export class UnknownResultError extends StoreError {
  constructor(
    readonly key: string,
    cause?: unknown,
  ) {
    super(`the outcome of the write to ${key} is unknown: it may or may not have been applied`, {
      cause,
    });
    this.name = 'UnknownResultError';
  }
}

/** A write named a lease that was never granted or has already expired. */
export class LeaseNotFoundError extends StoreError {
  constructor(readonly lease: number) {
    super(`lease ${lease} not found: it expired or was never granted; grant a new lease and retry`);
    this.name = 'LeaseNotFoundError';
  }
}

export class StoreUnavailableError extends StoreError {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreUnavailableError';
  }
}
