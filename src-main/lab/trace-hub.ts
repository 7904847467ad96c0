/**
 * Collects the cluster's trace events into a bounded ring (for replay and for a view opened late)
 * and forwards them to the renderer in batches at a steady pace. Every event also passes the
 * apply recorder here, before any batch is trimmed, so a replay never misses a step under load.
 */
import { TraceRing, type TraceEvent } from '../../src-shared/trace';
import { SequenceRecorder, type ApplySequence } from '../../src-shared/apply-sequence';

export class TraceHub {
  readonly ring: TraceRing;
  readonly applies = new SequenceRecorder();
  private pending: TraceEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onBatch: (events: TraceEvent[]) => void,
    opts: { capacity?: number; flushMs?: number; maxBatch?: number } = {},
  ) {
    this.ring = new TraceRing(opts.capacity ?? 20_000);
    this.flushMs = opts.flushMs ?? 100;
    this.maxBatch = opts.maxBatch ?? 2_000;
  }

  private readonly flushMs: number;
  private readonly maxBatch: number;

  add(events: readonly TraceEvent[]): void {
    for (const e of events) {
      this.ring.emit(e);
      this.applies.add(e);
    }
    this.pending.push(...events);
    // Under a flood keep the newest: the diagram aggregates anyway, the ring keeps everything.
    if (this.pending.length > this.maxBatch)
      this.pending.splice(0, this.pending.length - this.maxBatch);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const batch = this.pending;
      this.pending = [];
      if (batch.length) this.onBatch(batch);
    }, this.flushMs);
  }

  recent(limit = 500): TraceEvent[] {
    const all = this.ring.events();
    return all.slice(Math.max(0, all.length - limit));
  }

  /** The recent `kubectl apply`s, as sequences of their recorded steps (newest first). */
  sequences(): ApplySequence[] {
    return this.applies.sequences();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
