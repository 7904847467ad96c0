/**
 * EtcdStore: the Store contract on a real etcd v3 cluster through the etcd3 client's raw gRPC
 * services. Every mutation is one Txn shaped like the API server's (create: If(Mod==0) Then Put;
 * update/delete: If(Mod==rev) Then Put/Delete Else Get). Every call carries a deadline, because
 * etcd without quorum hangs instead of failing.
 *
 * A write whose outcome is unknown (deadline, lost connection, leader change) is never reported as
 * failed: the same compare-and-swap is retried until an answer arrives (it cannot apply twice: the
 * compare pins the revision it builds on) and, if the compare then fails, the key's history says
 * whether the earlier attempt landed. If no answer comes before the deadline: UnknownResultError.
 */
import { Etcd3, type IRequestOp, type ITxnResponse } from 'etcd3';
import {
  CompactedError,
  FutureRevisionError,
  KeyExistsError,
  LeaseNotFoundError,
  StoreError,
  StoreUnavailableError,
  UnknownResultError,
  type DeleteResult,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type ReadOptions,
  type Store,
  type UpdateResult,
  type Watch,
  type WatchListener,
} from '../store';
import { bytes, classify, delay, fromEtcdKv, prefixRangeEnd } from './etcd-convert';
import { EtcdWatch, firstEventAfter } from './etcd-watch';

/** Options for EtcdStore.connect. */
export interface EtcdStoreOptions {
  /**
   * Deadline per etcd call in ms (default 5000). A read that cannot be answered within it throws
   * StoreUnavailableError; an unanswered write is resolved for up to twice as long again before
   * UnknownResultError.
   */
  timeoutMs?: number;
}

// The client's own retries would re-send a write whose first attempt may have applied and turn
// "applied" into "compare failed"; this store does its own, outcome-aware retries instead.
// (async: the client calls `.catch` on what execute returns, so a sync throw would escape.)
const noRetry = { execute: async <T>(fn: () => T) => fn() } as never;

/** gRPC call options (only the deadline is used). */
type CallOptions = NonNullable<Parameters<Etcd3['kv']['range']>[1]>;

/** How a compare-and-swap ended. */
type CasOutcome =
  | { kind: 'applied'; res: ITxnResponse }
  /** An earlier, unanswered attempt applied (the caller's wasOurs check holds the proof). */
  | { kind: 'applied-earlier' }
  | { kind: 'failed'; current: KeyValue | null };

export class EtcdStore implements Store {
  readonly name = 'etcd';
  private readonly watches = new Set<Watch>();
  private closed = false;

  private constructor(
    private readonly client: Etcd3,
    private readonly timeoutMs: number,
  ) {}

  /** Connects to the etcd members at endpoints ("http://host:port"). Nothing is sent yet. */
  static async connect(endpoints: string[], opts: EtcdStoreOptions = {}): Promise<EtcdStore> {
    if (endpoints.length === 0) throw new StoreUnavailableError('no etcd endpoints configured');
    const client = new Etcd3({
      hosts: endpoints,
      faultHandling: { global: noRetry, host: () => noRetry },
      // A list of 10,000 pods is ~8 MB; gRPC's default 4 MiB receive limit would fail it (upstream's
      // apiserver lifts the limit the same way).
      grpcOptions: { 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 },
    });
    return new EtcdStore(client, opts.timeoutMs ?? 5000);
  }

  async currentRevision(): Promise<number> {
    const res = await this.read((o) =>
      this.client.kv.range({ key: bytes('\0'), count_only: true }, o),
    );
    return Number(res.header.revision);
  }

  /**
   * etcd does not report its compaction point directly; a range at revision r fails exactly when
   * r is below it, so binary-search the smallest readable revision.
   */
  async compactedRevision(): Promise<number> {
    let lo = 1;
    let hi = await this.currentRevision();
    if (hi === 0 || (await this.readableAt(1))) return 0;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await this.readableAt(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  async get(
    key: string,
    opts: ReadOptions = {},
  ): Promise<{ kv: KeyValue | null; revision: number }> {
    const rev = opts.revision ?? 0;
    const res = await this.read(
      (o) => this.client.kv.range({ key: bytes(key), revision: rev }, o),
      rev,
    );
    const raw = res.kvs[0];
    return {
      kv: raw ? fromEtcdKv(raw) : null,
      revision: rev > 0 ? rev : Number(res.header.revision),
    };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const rev = opts.revision ?? 0;
    const start =
      opts.startKey !== undefined && Buffer.compare(bytes(opts.startKey), bytes(prefix)) > 0
        ? opts.startKey
        : prefix;
    const res = await this.read(
      (o) =>
        this.client.kv.range(
          {
            key: bytes(start),
            range_end: prefixRangeEnd(prefix),
            revision: rev,
            limit: opts.limit ?? 0,
          },
          o,
        ),
      rev,
    );
    const kvs = res.kvs.map(fromEtcdKv);
    const remaining = Number(res.count) - kvs.length;
    return {
      kvs,
      revision: rev > 0 ? rev : Number(res.header.revision),
      more: remaining > 0,
      remaining,
    };
  }

  async create(key: string, value: string, opts: { lease?: number } = {}): Promise<KeyValue> {
    const lease = opts.lease ?? 0;
    const put: IRequestOp = { request_put: { key: bytes(key), value: bytes(value), lease } };
    let proof: KeyValue | null = null;
    const out = await this.cas(key, 0, put, async (current) => {
      // The key exists. If an earlier attempt was ours, it is this generation's first write.
      if (!current) return false;
      const first = (await this.get(key, { revision: current.createRevision })).kv;
      if (!first || first.value !== value || first.lease !== lease || first.version !== 1) {
        return false;
      }
      proof = first;
      return true;
    });
    if (out.kind === 'failed') throw new KeyExistsError(key);
    if (out.kind === 'applied-earlier') return proof!;
    const rev = Number(out.res.header.revision);
    return { key, value, createRevision: rev, modRevision: rev, version: 1, lease };
  }

  async update(
    key: string,
    value: string,
    expectedModRevision: number,
    opts: { lease?: number } = {},
  ): Promise<UpdateResult> {
    // No live key has modRevision 0, but etcd's Mod==0 compare would match a missing key.
    if (expectedModRevision <= 0) return { succeeded: false, current: (await this.get(key)).kv };
    const lease = opts.lease ?? 0;
    const put: IRequestOp = {
      request_put: { key: bytes(key), value: bytes(value), lease, prev_kv: true },
    };
    let proof: KeyValue | null = null;
    const out = await this.cas(key, expectedModRevision, put, async () => {
      // Only one write can follow revision R under a compare on R: was that one ours?
      const ev = await firstEventAfter(this.client, key, expectedModRevision, this.timeoutMs);
      if (ev?.type !== 'put' || ev.kv.value !== value || ev.kv.lease !== lease) return false;
      proof = ev.kv;
      return true;
    });
    if (out.kind === 'failed') return { succeeded: false, current: out.current };
    if (out.kind === 'applied-earlier') return { succeeded: true, kv: proof! };
    const prevRaw = out.res.responses[0]?.response_put?.prev_kv;
    if (!prevRaw) throw new StoreError(`etcd answered the update of ${key} without prev_kv`);
    const prev = fromEtcdKv(prevRaw);
    const rev = Number(out.res.header.revision);
    return {
      succeeded: true,
      kv: { ...prev, value, modRevision: rev, version: prev.version + 1, lease },
    };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    for (;;) {
      let expected = expectedModRevision;
      if (expected === undefined) {
        const cur = (await this.get(key)).kv;
        if (!cur) return { succeeded: false, current: null };
        expected = cur.modRevision;
      }
      const del: IRequestOp = { request_delete_range: { key: bytes(key), prev_kv: true } };
      let proof: { prev: KeyValue; revision: number } | null = null;
      const after = expected;
      const out = await this.cas(key, expected, del, async () => {
        const ev = await firstEventAfter(this.client, key, after, this.timeoutMs);
        if (ev?.type !== 'delete' || !ev.prevKv) return false;
        proof = { prev: ev.prevKv, revision: ev.kv.modRevision };
        return true;
      });
      if (out.kind === 'applied-earlier') return { succeeded: true, ...proof! };
      if (out.kind === 'applied') {
        const prev = out.res.responses[0]?.response_delete_range?.prev_kvs[0];
        if (!prev) throw new StoreError(`etcd answered the delete of ${key} without prev_kv`);
        return {
          succeeded: true,
          prev: fromEtcdKv(prev),
          revision: Number(out.res.header.revision),
        };
      }
      // "Any revision": someone wrote between our read and our delete; go again.
      if (expectedModRevision !== undefined || !out.current) {
        return { succeeded: false, current: out.current };
      }
    }
  }

  async watch(prefix: string, fromRevision: number, listener: WatchListener): Promise<Watch> {
    this.checkOpen();
    // etcd still serves a watch from exactly its compaction point; the contract (like kine) needs
    // the watch to start above it, which a read just below the start revision tells us.
    if (fromRevision > 1 && !(await this.readableAt(fromRevision - 1))) {
      const compacted = await this.compactedRevision();
      if (fromRevision <= compacted) {
        queueMicrotask(() => listener.onError(new CompactedError(fromRevision, compacted)));
        return { close: () => undefined };
      }
    }
    const w = await EtcdWatch.start(this.client, prefix, fromRevision, listener, this.timeoutMs);
    this.watches.add(w);
    return {
      close: () => {
        w.close();
        this.watches.delete(w);
      },
    };
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    try {
      await this.client.kv.compact({ revision, physical: true }, this.callOptions());
    } catch (err) {
      throw await this.mapRevisionError(err, revision);
    }
  }

  async grantLease(ttlSeconds: number): Promise<number> {
    this.checkOpen();
    // etcd lease ids are int64 and usually beyond 2^53; pick ids JavaScript numbers hold exactly.
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = 1 + Math.floor(Math.random() * (Number.MAX_SAFE_INTEGER - 1));
      try {
        const res = await this.client.leaseClient.leaseGrant(
          { TTL: ttlSeconds, ID: id },
          this.callOptions(),
        );
        return Number(res.ID);
      } catch (err) {
        if (classify(err) !== 'lease-exists') {
          throw new StoreUnavailableError(
            `etcd could not grant a lease: ${(err as Error).message}`,
            err,
          );
        }
      }
    }
    throw new StoreError('etcd kept refusing new lease ids as already in use');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.watches) w.close();
    this.watches.clear();
    this.client.close();
  }

  /**
   * Runs If(ModRevision(key) == expected) Then op Else Get(key). On an ambiguous error it retries
   * the same txn (it cannot apply twice) until the resolve deadline; if a retry's compare then
   * fails, wasOurs(current) decides from history whether the earlier attempt applied.
   */
  private async cas(
    key: string,
    expected: number,
    op: IRequestOp,
    wasOurs: (current: KeyValue | null) => Promise<boolean>,
  ): Promise<CasOutcome> {
    this.checkOpen();
    const resolveBy = Date.now() + 3 * this.timeoutMs;
    let ambiguous: unknown = null;
    for (let attempt = 0; ; attempt++) {
      let res: ITxnResponse;
      try {
        res = await this.client.kv.txn(
          {
            compare: [{ key: bytes(key), target: 'Mod', result: 'Equal', mod_revision: expected }],
            success: [op],
            failure: [{ request_range: { key: bytes(key) } }],
          },
          this.callOptions(Math.min(this.timeoutMs, resolveBy - Date.now())),
        );
      } catch (err) {
        const kind = classify(err);
        if (kind === 'lease-not-found') {
          throw new LeaseNotFoundError(Number(op.request_put?.lease ?? 0));
        }
        if (this.closed) throw new StoreUnavailableError('store is closed', err);
        if (kind !== 'ambiguous') {
          throw new StoreError(`etcd rejected the write to ${key}: ${(err as Error).message}`, {
            cause: err,
          });
        }
        ambiguous = err;
        if (Date.now() + 200 >= resolveBy) throw new UnknownResultError(key, err);
        await delay(Math.min(500, 50 * 2 ** attempt));
        continue;
      }
      if (res.succeeded) return { kind: 'applied', res };
      const raw = res.responses[0]?.response_range?.kvs[0];
      const current = raw ? fromEtcdKv(raw) : null;
      if (ambiguous === null) return { kind: 'failed', current };
      let ours: boolean;
      try {
        ours = await wasOurs(current);
      } catch (err) {
        throw new UnknownResultError(key, err);
      }
      return ours ? { kind: 'applied-earlier' } : { kind: 'failed', current };
    }
  }

  /**
   * Runs a read with a deadline, retrying transient failures. Revision errors become
   * CompactedError/FutureRevisionError for revision; revision -1 passes them through raw.
   */
  private async read<T>(call: (o: CallOptions) => Promise<T>, revision = 0): Promise<T> {
    this.checkOpen();
    const giveUpAt = Date.now() + this.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call(this.callOptions(Math.max(50, giveUpAt - Date.now())));
      } catch (err) {
        const kind = classify(err);
        if (kind === 'compacted' || kind === 'future') {
          throw revision < 0 ? err : await this.mapRevisionError(err, revision);
        }
        if (this.closed) throw new StoreUnavailableError('store is closed', err);
        if (kind !== 'ambiguous' || Date.now() + 50 >= giveUpAt) {
          throw new StoreUnavailableError(
            `etcd did not answer a read within ${this.timeoutMs} ms (is a quorum of members up?): ${(err as Error).message}`,
            err,
          );
        }
        await delay(Math.min(500, 25 * 2 ** attempt));
      }
    }
  }

  /** Whether a range at revision r succeeds, i.e. r is not below the compaction point. */
  private async readableAt(r: number): Promise<boolean> {
    try {
      await this.read(
        (o) => this.client.kv.range({ key: bytes('\0'), revision: r, count_only: true }, o),
        -1,
      );
      return true;
    } catch (err) {
      if (classify(err) === 'compacted') return false;
      throw err;
    }
  }

  private async mapRevisionError(err: unknown, revision: number): Promise<Error> {
    const kind = classify(err);
    if (kind === 'compacted') {
      return new CompactedError(revision, await this.compactedRevision().catch(() => 0));
    }
    if (kind === 'future') {
      return new FutureRevisionError(revision, await this.currentRevision().catch(() => 0));
    }
    return new StoreUnavailableError(`etcd request failed: ${(err as Error).message}`, err);
  }

  private callOptions(ms = this.timeoutMs): CallOptions {
    return { deadline: Date.now() + Math.max(50, ms) };
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError('store is closed');
  }
}
