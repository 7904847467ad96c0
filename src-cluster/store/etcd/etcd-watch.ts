/**
 * Watches over etcd's raw Watch stream (one gRPC stream per watch), with our own resumption.
 *
 * The etcd3 client's Watcher resumes from the response header revision after a reconnect, which can
 * be past events it has not delivered yet (a catch-up batch's header carries the store's current
 * revision). So this module keeps its own cursor, `next` = last delivered revision + 1: after any
 * stream failure it opens a new stream from `next` and drops anything below it, so every revision
 * is delivered exactly once and in order across reconnects.
 */
import type { Etcd3, IWatchResponse, IDuplexStream, IWatchRequest } from 'etcd3';
import {
  CompactedError,
  StoreError,
  StoreUnavailableError,
  type Watch,
  type WatchEvent,
  type WatchListener,
} from '../store';
import { bytes, delay, fromEtcdKv, prefixRangeEnd } from './etcd-convert';

type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse>;

/** How long a watch keeps trying to reconnect before it reports StoreUnavailableError. */
const GIVE_UP_AFTER_MS = 60_000;

function toEvent(ev: IWatchResponse['events'][number]): WatchEvent {
  const prevKv = ev.prev_kv ? fromEtcdKv(ev.prev_kv) : null;
  if (ev.type === 'Delete') {
    const kv = fromEtcdKv(ev.kv);
    return {
      type: 'delete',
      kv: { ...kv, value: '', createRevision: 0, version: 0, lease: 0 },
      prevKv,
    };
  }
  return { type: 'put', kv: fromEtcdKv(ev.kv), prevKv };
}

/** A live watch of one prefix. Created by EtcdWatch.start. */
export class EtcdWatch implements Watch {
  private stream: WatchStream | null = null;
  private closed = false;
  /** The next revision to deliver; everything below it has been delivered. */
  private next: number;

  private constructor(
    private readonly client: Etcd3,
    private readonly prefix: string,
    fromRevision: number,
    private readonly listener: WatchListener,
    private readonly timeoutMs: number,
  ) {
    this.next = fromRevision;
  }

  /**
   * Opens the watch and resolves once etcd has confirmed it (so any later write is delivered).
   * fromRevision 0 means "from now". Rejects with StoreUnavailableError if etcd cannot be reached
   * within timeoutMs.
   */
  static async start(
    client: Etcd3,
    prefix: string,
    fromRevision: number,
    listener: WatchListener,
    timeoutMs: number,
  ): Promise<EtcdWatch> {
    const w = new EtcdWatch(client, prefix, fromRevision, listener, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await w.connect();
        return w;
      } catch (err) {
        if (err instanceof StoreError) throw err;
        if (Date.now() + 100 > deadline) {
          throw new StoreUnavailableError(
            `cannot open an etcd watch on ${prefix}: ${(err as Error).message}`,
            err,
          );
        }
        await delay(Math.min(1000, 50 * 2 ** attempt));
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream?.cancel();
    this.stream = null;
  }

  /** Opens one stream from `next` and resolves when etcd answers "created". */
  private async connect(): Promise<void> {
    const stream = await this.client.watchClient.watch();
    // Cancelling a stream makes it emit CANCELLED; without a listener that would crash the process.
    stream.on('error', () => undefined);
    if (this.closed) {
      stream.cancel();
      return;
    }
    this.stream = stream;
    await new Promise<void>((resolve, reject) => {
      let created = false;
      const timer = setTimeout(() => {
        if (!created) {
          stream.cancel();
          reject(new Error('etcd did not confirm the watch in time'));
        }
      }, this.timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        if (!created) return reject(err);
        if (this.stream === stream) this.reconnect(err);
      };
      stream.on('data', (res) => {
        if (this.closed || this.stream !== stream) return;
        if (res.created && !created) {
          created = true;
          clearTimeout(timer);
          resolve();
        }
        if (res.canceled) {
          clearTimeout(timer);
          const err =
            Number(res.compact_revision) > 0
              ? new CompactedError(this.next, Number(res.compact_revision))
              : new StoreError(`etcd cancelled the watch on ${this.prefix}: ${res.cancel_reason}`);
          created = true;
          resolve();
          return this.fail(err);
        }
        this.deliver(res);
      });
      stream.on('error', (err) => fail(err));
      stream.on('end', () => fail(new Error('etcd closed the watch stream')));
      stream.write({
        create_request: {
          key: bytes(this.prefix),
          range_end: prefixRangeEnd(this.prefix),
          start_revision: this.next > 0 ? this.next : undefined,
          prev_kv: true,
        },
      });
    });
  }

  private deliver(res: IWatchResponse): void {
    // Events of one revision arrive in one response, so the floor is taken per response.
    const floor = this.next;
    for (const raw of res.events) {
      const ev = toEvent(raw);
      const rev = ev.kv.modRevision;
      if (rev < floor) continue; // already delivered before a reconnect
      if (this.closed) return;
      this.next = Math.max(this.next, rev + 1);
      try {
        this.listener.onEvent(ev);
      } catch (cause) {
        return this.fail(new StoreError(`watch listener threw on revision ${rev}`, { cause }));
      }
    }
    // A watch from "now" learns its position from the first response.
    if (this.next <= 0) this.next = Number(res.header.revision) + 1;
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.close();
    this.listener.onError(err);
  }

  /** Re-opens the stream from `next`, backing off, until it works or GIVE_UP_AFTER_MS passes. */
  private reconnect(cause: Error): void {
    this.stream?.cancel();
    this.stream = null;
    const giveUpAt = Date.now() + GIVE_UP_AFTER_MS;
    void (async () => {
      for (let attempt = 0; !this.closed; attempt++) {
        await delay(Math.min(2000, 50 * 2 ** attempt));
        if (this.closed) return;
        try {
          await this.connect();
          return;
        } catch (err) {
          if (err instanceof StoreError) return this.fail(err);
          if (Date.now() > giveUpAt) {
            return this.fail(
              new StoreUnavailableError(
                `lost the etcd watch on ${this.prefix} and could not re-establish it: ${(err as Error).message}`,
                cause,
              ),
            );
          }
        }
      }
    })();
  }
}

/**
 * The first event for key with revision > afterRevision, or null if none arrives before the
 * deadline. Used to learn whether an ambiguous compare-and-swap on afterRevision was ours.
 */
export async function firstEventAfter(
  client: Etcd3,
  key: string,
  afterRevision: number,
  timeoutMs: number,
): Promise<WatchEvent | null> {
  const stream = await client.watchClient.watch();
  stream.on('error', () => undefined);
  return new Promise<WatchEvent | null>((resolve, reject) => {
    const done = (v: WatchEvent | null, err?: Error) => {
      clearTimeout(timer);
      stream.cancel();
      if (err) reject(err);
      else resolve(v);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    stream.on('data', (res) => {
      if (Number(res.compact_revision) > 0) {
        return done(null, new CompactedError(afterRevision + 1, Number(res.compact_revision)));
      }
      const first = res.events[0];
      if (first) done(toEvent(first));
    });
    stream.on('error', (err) => done(null, err));
    stream.write({
      create_request: { key: bytes(key), start_revision: afterRevision + 1, prev_kv: true },
    });
  });
}
