/**
 * Zones and how fast nodes in them may be tainted for eviction. When a whole zone (or the whole
 * cluster) stops reporting, the likelier story is that the control plane lost the network, not
 * that every kubelet died at once, so evicting everything would turn a partition into an outage.
 * States and thresholds follow upstream's flags (--unhealthy-zone-threshold,
 * --large-cluster-size-threshold, --node-eviction-rate, --secondary-node-eviction-rate).
 */
import type { Node } from 'kubernetes-types/core/v1';
import type { Clock } from '../../../src-shared/util/clock';
import { readyStatus } from './node-health';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const REGION_LABEL = 'topology.kubernetes.io/region';

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

export interface EvictionRateOptions {
  /** --node-eviction-rate: NoExecute taints added per second in a healthy zone (0.1). */
  nodeEvictionRate: number;
  /** --secondary-node-eviction-rate: in a partly disrupted large zone (0.01). */
  secondaryNodeEvictionRate: number;
  /** --unhealthy-zone-threshold: share of not-ready nodes that makes a zone unhealthy (0.55). */
  unhealthyZoneThreshold: number;
  /** --large-cluster-size-threshold: smaller zones stop evicting when partly disrupted (50). */
  largeClusterSizeThreshold: number;
}

export const DEFAULT_EVICTION_RATES: EvictionRateOptions = {
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  unhealthyZoneThreshold: 0.55,
  largeClusterSizeThreshold: 50,
};

/** The zone key of a node: region and zone labels ("" when unlabelled). */
export function zoneOf(node: Node): string {
  const l = node.metadata?.labels ?? {};
  return `${l[REGION_LABEL] ?? ''}:${l[ZONE_LABEL] ?? ''}`;
}

export interface ZoneHealth {
  state: ZoneState;
  size: number;
}

/**
 * Health of every zone. `readyOverride` replaces the cached Ready status of nodes the caller has
 * just changed (the cache has not caught up yet). Nodes that never reported are left out.
 */
export function zoneHealth(
  nodes: readonly Node[],
  opts: EvictionRateOptions,
  readyOverride: ReadonlyMap<string, string | undefined> = new Map(),
): Map<string, ZoneHealth> {
  const counts = new Map<string, { ready: number; notReady: number }>();
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    const ready = readyOverride.has(name) ? readyOverride.get(name) : readyStatus(n);
    if (ready === undefined) continue;
    const c = counts.get(zoneOf(n)) ?? { ready: 0, notReady: 0 };
    if (ready === 'True') c.ready++;
    else c.notReady++;
    counts.set(zoneOf(n), c);
  }
  const out = new Map<string, ZoneHealth>();
  for (const [zone, { ready, notReady }] of counts) {
    const size = ready + notReady;
    let state: ZoneState = 'Normal';
    if (ready === 0 && notReady > 0) state = 'FullDisruption';
    else if (notReady > 2 && notReady / size >= opts.unhealthyZoneThreshold)
      state = 'PartialDisruption';
    out.set(zone, { state, size });
  }
  return out;
}

/** NoExecute taints per second allowed in a zone of this health. */
export function evictionRate(health: ZoneHealth, opts: EvictionRateOptions): number {
  if (health.state === 'PartialDisruption') {
    return health.size > opts.largeClusterSizeThreshold ? opts.secondaryNodeEvictionRate : 0;
  }
  return opts.nodeEvictionRate;
}

/** One token bucket per zone (burst 1), refilled at the zone's current rate on the Clock. */
export class ZoneEvictionLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly clock: Clock) {}

  /** Takes a token: returns 0 if granted, else the ms to wait (Infinity when the rate is 0). */
  take(zone: string, ratePerSecond: number): number {
    const now = this.clock.now();
    const b = this.buckets.get(zone) ?? { tokens: 1, at: now };
    b.tokens = Math.min(1, b.tokens + ((now - b.at) / 1000) * ratePerSecond);
    b.at = now;
    this.buckets.set(zone, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    if (ratePerSecond <= 0) return Infinity;
    return Math.ceil(((1 - b.tokens) / ratePerSecond) * 1000);
  }
}
