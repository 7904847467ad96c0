import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import {
  DEFAULT_EVICTION_RATES,
  ZoneEvictionLimiter,
  evictionRate,
  zoneHealth,
} from '../../../../src-cluster/controllers/node-lifecycle/zone-disruption';
import { HeartbeatTracker } from '../../../../src-cluster/controllers/node-lifecycle/heartbeat-tracker';
import { FakeClock } from '../../../../src-shared/util/clock';

const node = (name: string, ready: string, zone = 'a'): Node => ({
  metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } },
  status: { conditions: [{ type: 'Ready', status: ready }] },
});

describe('zone health', () => {
  it('calls a zone with no Ready node fully disrupted', () => {
    const h = zoneHealth([node('a1', 'Unknown'), node('b1', 'True', 'b')], DEFAULT_EVICTION_RATES);
    expect(h.get(':a')?.state).toBe('FullDisruption');
    expect(h.get(':b')?.state).toBe('Normal');
  });

  it('calls a zone partly disrupted when more than 2 and ≥55 % are not ready; small zones then stop evicting', () => {
    const nodes = [
      node('1', 'Unknown'),
      node('2', 'Unknown'),
      node('3', 'False'),
      node('4', 'True'),
    ];
    const h = zoneHealth(nodes, DEFAULT_EVICTION_RATES).get(':a')!;
    expect(h.state).toBe('PartialDisruption');
    expect(evictionRate(h, DEFAULT_EVICTION_RATES)).toBe(0);
    expect(evictionRate({ state: 'PartialDisruption', size: 60 }, DEFAULT_EVICTION_RATES)).toBe(
      0.01,
    );
    expect(evictionRate({ state: 'Normal', size: 60 }, DEFAULT_EVICTION_RATES)).toBe(0.1);
  });

  it('uses the override for a node the cache has not caught up with', () => {
    const h = zoneHealth(
      [node('a1', 'True')],
      DEFAULT_EVICTION_RATES,
      new Map([['a1', 'Unknown']]),
    );
    expect(h.get(':a')?.state).toBe('FullDisruption');
  });
});

describe('eviction rate limiter', () => {
  it('lets one node be tainted at once, the next after 10 s at 0.1/s', () => {
    const clock = new FakeClock();
    const l = new ZoneEvictionLimiter(clock);
    expect(l.take('z', 0.1)).toBe(0);
    expect(l.take('z', 0.1)).toBe(10_000);
    clock.advance(9_000);
    expect(l.take('z', 0.1)).toBe(1_000);
    clock.advance(1_000);
    expect(l.take('z', 0.1)).toBe(0);
    expect(l.take('other', 0.1)).toBe(0);
    l.take('stopped', 0);
    expect(l.take('stopped', 0)).toBe(Infinity);
  });
});

describe('heartbeat tracker', () => {
  it('moves the last heartbeat only when the lease or status heartbeat changes', () => {
    const clock = new FakeClock();
    const t = new HeartbeatTracker(clock);
    const start = clock.now();
    t.observeLease('n', 'r1');
    clock.advance(10_000);
    t.observeLease('n', 'r1'); // same renewTime: the kubelet did not renew
    expect(t.lastHeartbeat('n')).toBe(start);
    t.observeLease('n', 'r2');
    expect(t.lastHeartbeat('n')).toBe(start + 10_000);
    clock.advance(5_000);
    t.observeStatus('n', 'h1');
    expect(t.lastHeartbeat('n')).toBe(start + 15_000);
    expect(t.lastHeartbeat('unseen')).toBe(start + 15_000);
  });
});
