/**
 * The scheduling queue: where pending pods wait for a scheduling cycle. Three places:
 *
 * - activeQ: ready now; pops highest priority first, then the oldest (PrioritySort).
 * - backoffQ: failed recently; each failure doubles the wait (1 s, 2 s, 4 s … capped at 10 s)
 *   so a pod that cannot fit does not eat the scheduler. Flushed to activeQ every second.
 * - unschedulable: rejected, and nothing has changed since. A cluster event (a node added or
 *   changed, a pod deleted …) moves the pods whose rejecting plugins care about that event back
 *   (to backoffQ if their backoff has not run out). Pods parked for 5 minutes are retried anyway.
 *
 * If an event arrives while a pod is in its cycle, the pod's failure may already be stale, so it
 * goes to backoffQ rather than unschedulable (upstream's moveRequestCycle rule).
 */
import type { Clock } from '../../../src-shared/util/clock';
import type { ClusterEvent } from '../framework/interface';
import { podPriority, type PodInfo } from '../framework/pod-info';
import { KeyedHeap } from './heap';

export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod first entered the queue (its place among equal priorities). */
  timestamp: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** When the last attempt failed (start of the backoff). */
  lastFailure: number;
  /** Plugins that rejected it last time; empty = retry on any event. */
  unschedulablePlugins: Set<string>;
}

export interface SchedulingQueueOptions {
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulableMs?: number;
  /** Which plugins an event may change the mind of (Framework.pluginsFor). */
  pluginsFor?: (event: ClusterEvent) => Set<string>;
}

export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;
const BACKOFF_FLUSH_MS = 1000;
const UNSCHEDULABLE_FLUSH_MS = 30_000;

export class SchedulingQueue {
  private readonly activeQ = new KeyedHeap<QueuedPodInfo>((a, b) => {
    const pa = podPriority(a.podInfo.pod);
    const pb = podPriority(b.podInfo.pod);
    return pa !== pb ? pa > pb : a.timestamp < b.timestamp;
  });
  private readonly backoffQ = new KeyedHeap<QueuedPodInfo>(
    (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b),
  );
  private readonly unschedulable = new Map<string, QueuedPodInfo & { parkedAt: number }>();
  /** Pods popped and not yet given back (their cycle is running or binding). */
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  private waiters: ((q: QueuedPodInfo | undefined) => void)[] = [];
  private cancelTimers: (() => void)[] = [];
  private closed = false;
  /** Counts pops; a failure from cycle c is stale if a move happened at or after c. */
  schedulingCycle = 0;
  private moveRequestCycle = -1;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;

  constructor(
    private readonly clock: Clock,
    private readonly opts: SchedulingQueueOptions = {},
  ) {
    this.initialBackoff = opts.podInitialBackoffMs ?? DEFAULT_POD_INITIAL_BACKOFF_MS;
    this.maxBackoff = opts.podMaxBackoffMs ?? DEFAULT_POD_MAX_BACKOFF_MS;
    this.maxInUnschedulable = opts.podMaxInUnschedulableMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_MS;
  }

  /** Starts the periodic flushes (backoffQ every 1 s, long-parked pods every 30 s). */
  run(): void {
    const every = (ms: number, fn: () => void) => {
      const tick = () => {
        if (this.closed) return;
        fn();
        this.cancelTimers.push(this.clock.setTimeout(tick, ms));
      };
      this.cancelTimers.push(this.clock.setTimeout(tick, ms));
    };
    every(BACKOFF_FLUSH_MS, () => this.flushBackoffCompleted());
    every(UNSCHEDULABLE_FLUSH_MS, () => this.flushUnschedulableLeftover());
  }

  close(): void {
    this.closed = true;
    for (const c of this.cancelTimers) c();
    for (const w of this.waiters) w(undefined);
    this.waiters = [];
  }

  /** The wait after the pod's latest failure: initial × 2^(attempts−1), capped. */
  backoffDuration(q: QueuedPodInfo): number {
    let d = this.initialBackoff;
    for (let i = 1; i < q.attempts; i++) {
      d *= 2;
      if (d >= this.maxBackoff) return this.maxBackoff;
    }
    return Math.min(d, this.maxBackoff);
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    return q.lastFailure + this.backoffDuration(q);
  }

  /** A new pending pod. */
  add(podInfo: PodInfo): void {
    const key = podInfo.key;
    if (this.inFlight.has(key)) return;
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    const prev = this.activeQ.get(key);
    this.pushActive({
      podInfo,
      timestamp: prev?.timestamp ?? this.clock.now(),
      attempts: prev?.attempts ?? 0,
      lastFailure: prev?.lastFailure ?? 0,
      unschedulablePlugins: new Set(),
    });
  }

  /**
   * The pending pod changed. In activeQ/backoffQ it is just replaced; if it was parked as
   * unschedulable, a change to the pod itself may make it fit, so it is retried.
   */
  update(podInfo: PodInfo): void {
    const key = podInfo.key;
    const inflight = this.inFlight.get(key);
    if (inflight) {
      inflight.podInfo = podInfo;
      return;
    }
    for (const q of [this.activeQ, this.backoffQ]) {
      const cur = q.get(key);
      if (cur) {
        q.set(key, { ...cur, podInfo });
        return;
      }
    }
    const parked = this.unschedulable.get(key);
    if (parked) {
      this.unschedulable.delete(key);
      this.requeue({ ...parked, podInfo });
      return;
    }
    this.add(podInfo);
  }

  delete(key: string): void {
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  /** Next pod to schedule; waits until one is active. Undefined once closed or aborted. */
  pop(signal?: AbortSignal): Promise<QueuedPodInfo | undefined> {
    const q = this.activeQ.pop();
    if (q) return Promise.resolve(this.take(q));
    if (this.closed || signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter = (x: QueuedPodInfo | undefined) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(x);
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private take(q: QueuedPodInfo): QueuedPodInfo {
    this.schedulingCycle++;
    q.attempts++;
    this.inFlight.set(q.podInfo.key, q);
    return q;
  }

  private pushActive(q: QueuedPodInfo): void {
    const w = this.waiters.shift();
    if (w) w(this.take(q));
    else this.activeQ.set(q.podInfo.key, q);
  }

  /** The pod's cycle finished with a placement (it is assumed); it leaves the queue. */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * The pod's cycle (from `cycle`) failed. Unschedulable pods are parked until an event; errors,
   * and failures made stale by an event during the cycle, wait out their backoff instead.
   */
  addUnschedulable(
    q: QueuedPodInfo,
    cycle: number,
    opts: { error?: boolean; plugins?: Iterable<string> } = {},
  ): void {
    const key = q.podInfo.key;
    if (!this.inFlight.has(key)) return; // deleted (or bound elsewhere) meanwhile
    this.inFlight.delete(key);
    q.lastFailure = this.clock.now();
    q.unschedulablePlugins = new Set(opts.plugins ?? []);
    if (opts.error || this.moveRequestCycle >= cycle) {
      this.backoffQ.set(key, q);
      return;
    }
    this.unschedulable.set(key, { ...q, parkedAt: this.clock.now() });
  }

  /** A cluster event: retry parked pods that a plugin caring about it had rejected. */
  onEvent(event: ClusterEvent): void {
    const interested = this.opts.pluginsFor?.(event);
    for (const [key, q] of this.unschedulable) {
      const relevant =
        !interested ||
        q.unschedulablePlugins.size === 0 ||
        [...q.unschedulablePlugins].some((p) => interested.has(p));
      if (!relevant) continue;
      this.unschedulable.delete(key);
      this.requeue(q);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  private requeue(q: QueuedPodInfo): void {
    if (q.attempts > 0 && this.backoffExpiry(q) > this.clock.now()) {
      this.backoffQ.set(q.podInfo.key, q);
    } else {
      this.pushActive(q);
    }
  }

  private flushBackoffCompleted(): void {
    const now = this.clock.now();
    for (;;) {
      const q = this.backoffQ.peek();
      if (!q || this.backoffExpiry(q) > now) return;
      this.backoffQ.pop();
      this.pushActive(q);
    }
  }

  private flushUnschedulableLeftover(): void {
    const now = this.clock.now();
    for (const [key, q] of this.unschedulable) {
      if (now - q.parkedAt < this.maxInUnschedulable) continue;
      this.unschedulable.delete(key);
      this.requeue(q);
    }
  }

  /** How many pods wait where (for tests, traces and the UI). */
  counts(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return {
      active: this.activeQ.size,
      backoff: this.backoffQ.size,
      unschedulable: this.unschedulable.size,
      inFlight: this.inFlight.size,
    };
  }

  /** Where a pod waits, if it does. */
  whereIs(key: string): 'active' | 'backoff' | 'unschedulable' | 'inFlight' | undefined {
    if (this.activeQ.has(key)) return 'active';
    if (this.backoffQ.has(key)) return 'backoff';
    if (this.unschedulable.has(key)) return 'unschedulable';
    if (this.inFlight.has(key)) return 'inFlight';
    return undefined;
  }
}
