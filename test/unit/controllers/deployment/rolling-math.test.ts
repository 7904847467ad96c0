import { describe, expect, it } from 'vitest';
import {
  fenceposts,
  newSetTarget,
  oldSetTargets,
  type SetSize,
} from '../../../../src-cluster/controllers/deployment/rolling-math';

const set = (replicas: number, available = replicas, current = replicas): SetSize => ({
  replicas,
  current,
  available,
});

describe('fenceposts (surge rounds up, unavailable rounds down)', () => {
  it.each([
    // replicas, maxSurge, maxUnavailable → surge, unavailable
    [1, '25%', '25%', 1, 0],
    [3, '25%', '25%', 1, 0],
    [4, '25%', '25%', 1, 1],
    [10, '25%', '25%', 3, 2],
    [100, '25%', '25%', 25, 25],
    [5, 2, 1, 2, 1],
    [3, '50%', '50%', 2, 1],
    [10, '0%', '10%', 0, 1],
    [7, '30%', '30%', 3, 2],
  ] as const)('%i replicas, surge %s, unavailable %s → %i / %i', (r, s, u, surge, unavail) => {
    expect(fenceposts(r, s, u)).toEqual({ surge, unavailable: unavail });
  });

  it('both zero would stall the rollout, so one pod may be unavailable', () => {
    expect(fenceposts(3, 0, 0)).toEqual({ surge: 0, unavailable: 1 });
    expect(fenceposts(3, '0%', '0%')).toEqual({ surge: 0, unavailable: 1 });
  });

  it('unavailable never exceeds replicas; defaults are 25%', () => {
    expect(fenceposts(2, 0, 5)).toEqual({ surge: 0, unavailable: 2 });
    expect(fenceposts(10, undefined, undefined)).toEqual({ surge: 3, unavailable: 2 });
  });

  it('rejects a malformed percentage', () => {
    expect(() => fenceposts(3, '25 %', 1)).toThrow(/integer or a percentage/);
  });
});

describe('new set growth', () => {
  const f = { surge: 1, unavailable: 0 };
  it('grows into the surge room only', () => {
    expect(newSetTarget(3, f, set(0), [set(3)])).toBe(1);
    expect(newSetTarget(3, f, set(1, 0), [set(3)])).toBe(1);
    expect(newSetTarget(3, f, set(1), [set(2)])).toBe(2);
  });
  it('never past replicas', () => {
    expect(newSetTarget(3, { surge: 5, unavailable: 0 }, set(0), [set(3)])).toBe(3);
    expect(newSetTarget(3, f, set(5), [])).toBe(3);
  });
  it('counts pods an old set still reports after its spec was lowered', () => {
    // spec already 2, but status still shows 3 pods: no room yet.
    expect(newSetTarget(3, f, set(1), [set(2, 3, 3)])).toBe(1);
  });
});

describe('old set shrinking', () => {
  it('keeps availability at replicas − unavailable', () => {
    const f = { surge: 1, unavailable: 0 };
    // New pod not ready yet: nothing may go.
    expect(oldSetTargets(3, f, set(1, 0), [set(3)])).toEqual([3]);
    // New pod ready: one old may go.
    expect(oldSetTargets(3, f, set(1, 1), [set(3)])).toEqual([2]);
  });
  it('removes unhealthy old replicas first, at no cost to availability', () => {
    const f = { surge: 1, unavailable: 1 };
    // 4 replicas: old set of 4 with 2 unavailable; new set of 1 not ready.
    expect(oldSetTargets(4, f, set(1, 0), [set(4, 2)])).toEqual([3]);
  });
  it('takes from the oldest set first', () => {
    const f = { surge: 0, unavailable: 2 };
    expect(oldSetTargets(4, f, set(0), [set(1), set(3)])).toEqual([0, 2]);
  });
  it('does not trust an old set to have more available pods than its spec', () => {
    const f = { surge: 1, unavailable: 0 };
    // Old spec just went 3 → 2 but status still says 3 available: nothing more may go.
    expect(oldSetTargets(3, f, set(2, 1), [set(2, 3, 3)])).toEqual([2]);
  });
  it('a full scan of a rollout never breaks the bounds', () => {
    for (const [replicas, s, u] of [
      [3, '25%', '25%'],
      [4, '25%', '25%'],
      [5, 2, 1],
      [3, 0, 1],
      [10, '30%', '10%'],
    ] as const) {
      const f = fenceposts(replicas, s, u);
      let nw = set(0);
      let old = set(replicas);
      for (let step = 0; step < 100 && !(nw.replicas === replicas && old.replicas === 0); step++) {
        const grow = newSetTarget(replicas, f, nw, [old]);
        // New pods become available in the next step (the test plays kubelet).
        nw = { replicas: grow, current: grow, available: nw.replicas };
        const [shrunk] = oldSetTargets(replicas, f, nw, [old]);
        old = set(shrunk!);
        expect(nw.replicas + old.replicas).toBeLessThanOrEqual(replicas + f.surge);
        expect(nw.available + old.available).toBeGreaterThanOrEqual(replicas - f.unavailable);
      }
      expect([nw.replicas, old.replicas]).toEqual([replicas, 0]);
    }
  });
});
