import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-shared/util/clock';
import type { FaultsState } from '../../../src-shared/ipc';
import { FaultService, type FaultBackend } from '../../../src-main/faults/fault-service';

function setup() {
  const clock = new FakeClock();
  const reverted: string[] = [];
  let n = 0;
  const backend: FaultBackend = {
    catalogue: async () => [
      { kind: 'stop-kubelet', title: 'x', description: 'd', targets: 'node' },
    ],
    apply: async (req) => {
      if (req.target === 'worker-9') throw new Error('no such node');
      return { id: `f${++n}`, kind: req.kind, target: req.target, appliedAt: clock.now() };
    },
    revert: async (id) => void reverted.push(id),
  };
  const states: FaultsState[] = [];
  const svc = new FaultService({
    backend: () => backend,
    onChanged: (s) => states.push(s),
    now: () => clock.now(),
    setTimer: (fn, ms) => clock.setTimeout(fn, ms),
  });
  return { clock, svc, reverted, states };
}

describe('FaultService', () => {
  it('reverts a fault with a duration when its time is up', async () => {
    const { clock, svc, reverted } = setup();
    const f = await svc.apply({ kind: 'stop-kubelet', target: 'worker-1', durationSec: 30 });
    expect(f.expiresAt).toBe(clock.now() + 30_000);
    clock.advance(29_000);
    expect(reverted).toEqual([]);
    clock.advance(1_000);
    await expect.poll(() => reverted).toEqual([f.id]);
    expect(svc.state().active).toEqual([]);
  });

  it('reverts everything on revertAll and records applied/reverted marks', async () => {
    const { svc, reverted, states } = setup();
    await svc.apply({ kind: 'stop-kubelet', target: 'worker-1' });
    await svc.apply({ kind: 'stop-kubelet', target: 'worker-2' });
    await svc.revertAll();
    expect(reverted.sort()).toEqual(['f1', 'f2']);
    expect(svc.state().marks.map((m) => `${m.what} ${m.target}`)).toEqual([
      'applied worker-1',
      'applied worker-2',
      'reverted worker-1',
      'reverted worker-2',
    ]);
    expect(states.at(-1)?.active).toEqual([]);
  });

  it('marks a failed apply with the reason and rethrows it', async () => {
    const { svc } = setup();
    await expect(svc.apply({ kind: 'stop-kubelet', target: 'worker-9' })).rejects.toThrow(
      'no such node',
    );
    expect(svc.state().marks[0]).toMatchObject({ what: 'failed', message: 'no such node' });
  });

  it('says so when no cluster runs', async () => {
    const svc = new FaultService({ backend: () => undefined, onChanged: () => {} });
    await expect(svc.apply({ kind: 'stop-kubelet', target: 'w' })).rejects.toThrow('no cluster');
    await expect(svc.catalogue()).resolves.toEqual([]);
  });
});
