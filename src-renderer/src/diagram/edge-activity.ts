/**
 * Traffic between components, aggregated from trace events: for each (from, to, kind of traffic)
 * a count and the time it was last seen. The diagram animates what was seen in the last window;
 * a burst of a thousand events is one busy edge with a count, never a thousand animations.
 */
import type { TraceEvent } from '../../../src-shared/trace';
import { normalizeComponent, type DiagramComponent } from './component-names';

export type TrafficKind = 'request' | 'watch' | 'lease' | 'binding' | 'cri' | 'sync';

export interface Endpoint {
  component: DiagramComponent;
  instance?: string;
}

export interface Activity {
  from: Endpoint;
  /** Missing for events that stay inside one component (a controller sync). */
  to?: Endpoint;
  kind: TrafficKind;
  count: number;
  /** When this burst of activity began (it ends when the edge falls quiet for a window). */
  firstAt: number;
  lastAt: number;
  lastVerb: string;
  lastObject?: string;
}

export function classify(e: TraceEvent): TrafficKind {
  if (e.verb === 'watch-event') return 'watch';
  if (e.resource === 'leases' || e.verb.startsWith('leader-')) return 'lease';
  if (e.subresource === 'binding' || e.resource === 'bindings') return 'binding';
  if (normalizeComponent(e.to?.component) === 'runtime') return 'cri';
  if (!e.to) return 'sync';
  return 'request';
}

export class EdgeActivity {
  private readonly entries = new Map<string, Activity>();

  constructor(readonly windowMs = 2500) {}

  /**
   * Adds events seen at `now`. `infer` may name the instance an event came from when the event
   * does not (a kubelet's request about its own Node, Lease or pods names its node).
   */
  record(
    events: readonly TraceEvent[],
    now: number,
    infer?: (e: TraceEvent) => string | undefined,
  ): void {
    for (const e of events) {
      const fromC = normalizeComponent(e.from.component);
      if (!fromC) continue;
      const toC = e.to ? normalizeComponent(e.to.component) : undefined;
      if (e.to && !toC) continue;
      const kind = classify(e);
      const instance = e.from.instance ?? infer?.(e);
      const from: Endpoint = { component: fromC, ...(instance ? { instance } : {}) };
      const to: Endpoint | undefined = toC
        ? { component: toC, ...(e.to?.instance ? { instance: e.to.instance } : {}) }
        : undefined;
      const key = `${fromC}/${from.instance ?? ''}>${toC ?? ''}/${to?.instance ?? ''}>${kind}`;
      const a = this.entries.get(key);
      const object = e.name
        ? `${e.resource ?? ''} ${e.namespace ? e.namespace + '/' : ''}${e.name}`
        : e.resource;
      if (a) {
        a.count++;
        a.lastAt = Math.max(a.lastAt, now);
        a.lastVerb = e.verb;
        if (object) a.lastObject = object;
      } else {
        this.entries.set(key, {
          from,
          ...(to ? { to } : {}),
          kind,
          count: 1,
          firstAt: now,
          lastAt: now,
          lastVerb: e.verb,
          ...(object ? { lastObject: object } : {}),
        });
      }
    }
  }

  /** Events per second over the burst (at least one second, so a single event reads as 1/s). */
  static rate(a: Pick<Activity, 'count' | 'firstAt' | 'lastAt'>): number {
    return a.count / Math.max(1, (a.lastAt - a.firstAt) / 1000);
  }

  /** Activity seen within the window before now. */
  active(now: number): Activity[] {
    return [...this.entries.values()].filter((a) => now - a.lastAt <= this.windowMs);
  }

  /** Forgets what fell out of the window. Returns true if anything did. */
  prune(now: number): boolean {
    let changed = false;
    for (const [k, a] of this.entries) {
      if (now - a.lastAt > this.windowMs) {
        this.entries.delete(k);
        changed = true;
      }
    }
    return changed;
  }
}
