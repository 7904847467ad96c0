/**
 * Reflector: keeps a local store in step with the server. It LISTs (in pages), hands the snapshot
 * to its sink, then WATCHes from the list's resourceVersion and forwards every event. When the
 * watch ends it re-watches from the last resourceVersion seen, so no event is lost; when the
 * server says that version is gone (410 Expired) it re-LISTs; any other failure backs off on the
 * injected Clock. The reflector knows nothing about handlers — the sink (shared-informer) does.
 */
import type { ClientObject } from '../types';
import { type Clock, realClock } from '../../../src-shared/util/clock';
import { ApiError, isExpired } from '../errors';
import type { ListOptions, ObjectList, WatchOptions } from '../resource-client';
import { sleep } from '../sleep';
import type { Watch } from '../watch';

/** Where the reflector gets its data; a ResourceClient (optionally namespaced) is one. */
export interface ListerWatcher<T> {
  list(opts: ListOptions): Promise<ObjectList<T>>;
  watch(opts: WatchOptions): Promise<Watch<T>>;
}

/** What the reflector feeds. Calls arrive in server order, never concurrently. */
export interface ReflectorSink<T> {
  /** The complete current state after a (re-)list. */
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

export interface ReflectorOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** LIST page size (limit). Default 500, kubectl's and client-go's. */
  pageSize?: number;
  clock?: Clock;
  /** First backoff after a failure; doubles up to maxBackoffMs. Defaults 800 ms / 30 s. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Server-side watch timeout; jittered up to 2× so informers do not re-watch in lockstep. */
  watchTimeoutSeconds?: number;
  /** Randomness for the jitter (tests pass a constant). */
  random?: () => number;
  /** Told about every failure the reflector recovers from (for logs). */
  onError?: (err: unknown) => void;
  /** Name used in messages ("pods"). */
  name?: string;
}

/** A watch that ends this soon with nothing delivered is treated as a failure (avoids hot loops). */
const SHORT_WATCH_MS = 1000;

/** Drives list-then-watch for one resource until its signal aborts. */
export class Reflector<T extends ClientObject> {
  private readonly clock: Clock;
  private rv = '';
  private backoffMs = 0;

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly sink: ReflectorSink<T>,
    private readonly opts: ReflectorOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
  }

  /** The last resourceVersion synced (from a list, an event or a bookmark). */
  get lastSyncResourceVersion(): string {
    return this.rv;
  }

  /** Lists and watches until signal aborts. Never rejects; failures are retried. */
  async run(signal: AbortSignal): Promise<void> {
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.listAll(signal);
          needList = false;
          this.backoffMs = 0;
        }
        if (signal.aborted) return;
        const outcome = await this.watchOnce(signal);
        if (outcome === 'expired') needList = true;
        else if (outcome === 'short')
          await this.backoff(signal, new Error(this.shortWatchMessage()));
      } catch (err) {
        if (signal.aborted) return;
        if (isExpired(err)) {
          // Our resourceVersion (or continue token) is compacted away: start over from a list.
          needList = true;
          this.opts.onError?.(err);
          continue;
        }
        await this.backoff(signal, err);
      }
    }
  }

  private async listAll(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await this.lw.list({
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        limit: this.opts.pageSize ?? 500,
        continue: cont,
        signal,
      });
      items.push(...(page.items ?? []));
      // Every page of one paginated list is the same snapshot; the first page names it.
      if (!rv) rv = page.metadata?.resourceVersion ?? '';
      cont = page.metadata?.continue || undefined;
    } while (cont && !signal.aborted);
    if (signal.aborted) return;
    this.rv = rv;
    this.sink.replace(items, rv);
  }

  /** One watch: 'expired' means re-list, 'ended' re-watch, 'short' back off first. */
  private async watchOnce(signal: AbortSignal): Promise<'expired' | 'ended' | 'short'> {
    const base = this.opts.watchTimeoutSeconds ?? 300;
    const random = this.opts.random ?? Math.random;
    const started = this.clock.now();
    const w = await this.lw.watch({
      resourceVersion: this.rv,
      allowWatchBookmarks: true,
      labelSelector: this.opts.labelSelector,
      fieldSelector: this.opts.fieldSelector,
      timeoutSeconds: Math.floor(base * (1 + random())),
      signal,
    });
    const onAbort = () => w.close();
    signal.addEventListener('abort', onAbort, { once: true });
    let events = 0;
    try {
      for await (const ev of w) {
        if (signal.aborted) break;
        if (ev.type === 'ERROR') {
          const err = new ApiError(ev.object);
          if (isExpired(err)) {
            this.opts.onError?.(err);
            return 'expired';
          }
          throw err;
        }
        events++;
        const obj = ev.object;
        const rv = obj.metadata?.resourceVersion;
        if (ev.type === 'ADDED') this.sink.add(obj);
        else if (ev.type === 'MODIFIED') this.sink.update(obj);
        else if (ev.type === 'DELETED') this.sink.delete(obj);
        if (rv) this.rv = rv;
        this.backoffMs = 0;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      w.close();
    }
    if (events === 0 && this.clock.now() - started < SHORT_WATCH_MS) return 'short';
    return 'ended';
  }

  private async backoff(signal: AbortSignal, err: unknown): Promise<void> {
    this.opts.onError?.(err);
    const initial = this.opts.initialBackoffMs ?? 800;
    const max = this.opts.maxBackoffMs ?? 30_000;
    this.backoffMs = this.backoffMs ? Math.min(this.backoffMs * 2, max) : initial;
    // A server that says when to come back (429 Retry-After) is believed over our own guess.
    const retryAfterMs = err instanceof ApiError ? (err.retryAfterSeconds ?? 0) * 1000 : 0;
    await sleep(this.clock, Math.max(this.backoffMs, retryAfterMs), signal);
  }

  private shortWatchMessage(): string {
    const what = this.opts.name ?? 'watch';
    return `${what}: watch closed within ${SHORT_WATCH_MS} ms without any event; backing off`;
  }
}
