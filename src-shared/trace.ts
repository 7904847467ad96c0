/**
 * Trace events: the observations behind the live architecture diagram (DESIGN.md §5). Every
 * component emits them; the lab host collects them into a bounded ring and feeds the renderer.
 * They record what really happened, never what a UI would like to animate.
 */
export type TraceComponent =
  | 'kubectl'
  | 'client'
  | 'apiserver'
  | 'store'
  | 'etcd'
  | 'scheduler'
  | 'controller-manager'
  | 'cloud-controller-manager'
  | 'kubelet'
  | 'kube-proxy'
  | 'runtime'
  | 'dns'
  | 'lab';

export interface TraceEvent {
  /** Milliseconds since the epoch when the observation was made. */
  time: number;
  /** Who acted (e.g. "apiserver") and, where known, which instance (e.g. "master-1"). */
  from: { component: TraceComponent | string; instance?: string };
  /** Whom it was addressed to, when it crossed a boundary (a request, a watch event, a CRI call). */
  to?: { component: TraceComponent | string; instance?: string };
  /** What happened: an HTTP verb (get, list, watch, create, update, patch, delete), "watch-event", … */
  verb: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  resourceVersion?: string;
  /** Duration of the operation in milliseconds, when it had one. */
  latencyMs?: number;
  /** HTTP status code, or a short outcome ("ok", "conflict", "ADDED", …). */
  outcome?: number | string;
  /** Follows one user action through the system (a request id, then a pod uid, …). */
  causalId?: string;
  /** Free-form details specific to the event kind (scheduler plugin scores, user, …). */
  detail?: Record<string, unknown>;
}

/** Where components send trace events. Implementations must never throw or block the caller. */
export interface TraceSink {
  emit(event: TraceEvent): void;
}

export const nullTraceSink: TraceSink = { emit() {} };

/** A bounded in-memory ring of trace events, with subscribers (used in-process and by tests). */
export class TraceRing implements TraceSink {
  private buf: TraceEvent[] = [];
  private listeners = new Set<(e: TraceEvent) => void>();

  constructor(private readonly capacity = 10_000) {}

  emit(event: TraceEvent): void {
    this.buf.push(event);
    if (this.buf.length > this.capacity) this.buf.splice(0, this.buf.length - this.capacity);
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A broken listener must not break the component that emitted the event.
      }
    }
  }

  events(): readonly TraceEvent[] {
    return this.buf;
  }

  subscribe(listener: (e: TraceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
