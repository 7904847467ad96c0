import { describe, expect, it } from 'vitest';
import type { Probe } from 'kubernetes-types/core/v1';
import { FakeClock } from '../../../src-shared/util/clock';
import { ProbeWorker } from '../../../src-cluster/kubelet/prober/worker';
import type {
  ProbeKind,
  ProbeRunner,
  ProbeTarget,
} from '../../../src-cluster/kubelet/prober/types';

const flush = () => new Promise((r) => setImmediate(r));

function setup(kind: ProbeKind, probe: Probe, gate = () => true) {
  const clock = new FakeClock();
  let answer: 'success' | 'failure' = 'success';
  let calls = 0;
  const runner: ProbeRunner = {
    async run() {
      calls++;
      return {
        result: answer,
        message: answer === 'failure' ? 'HTTP probe failed with statuscode: 500' : '',
      };
    },
  };
  const failures: string[] = [];
  const changes: (string | undefined)[] = [];
  const target = {
    kind,
    podUid: 'u',
    namespace: 'd',
    podName: 'p',
    podIP: '10.0.0.2',
    container: { name: 'c' },
    containerId: 'x',
  } as ProbeTarget;
  const w = new ProbeWorker(kind, probe, target, clock.now(), {
    clock,
    runner,
    gate,
    onFailedAttempt: (_w, o) => failures.push(o.message),
    onResult: (w) => changes.push(w.result),
  });
  w.start();
  const tick = async (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      clock.advance(1000);
      await flush();
    }
  };
  return {
    w,
    tick,
    set: (a: typeof answer) => (answer = a),
    failures,
    changes,
    calls: () => calls,
  };
}

describe('probe workers', () => {
  it('readiness starts as Failure, waits initialDelaySeconds, then succeeds on the first success', async () => {
    const s = setup('readiness', { initialDelaySeconds: 5, periodSeconds: 10 });
    expect(s.w.result).toBe('failure');
    await s.tick(4000);
    expect(s.calls()).toBe(0);
    await s.tick(1000);
    expect(s.w.result).toBe('success');
  });

  it('liveness starts as Success and fails only after failureThreshold consecutive failures', async () => {
    const s = setup('liveness', { periodSeconds: 10, failureThreshold: 3 });
    await s.tick(0);
    expect(s.w.result).toBe('success');
    s.set('failure');
    await s.tick(20_000); // attempts at 10 s and 20 s (plus the one at 0 s succeeded)
    expect(s.w.result).toBe('success');
    expect(s.failures).toHaveLength(2);
    await s.tick(10_000);
    expect(s.w.result).toBe('failure');
    expect(s.changes).toEqual(['failure']);
    // On hold after a liveness failure: no further attempts until a new container instance.
    const n = s.calls();
    await s.tick(30_000);
    expect(s.calls()).toBe(n);
  });

  it('a success between failures resets the count', async () => {
    const s = setup('liveness', { periodSeconds: 1, failureThreshold: 2 });
    s.set('failure');
    await s.tick(1000);
    s.set('success');
    await s.tick(1000);
    s.set('failure');
    await s.tick(1000);
    expect(s.w.result).toBe('success');
    await s.tick(1000);
    expect(s.w.result).toBe('failure');
  });

  it('liveness does not run while the startup gate is closed', async () => {
    let started = false;
    const s = setup('liveness', { periodSeconds: 1 }, () => started);
    await s.tick(5000);
    expect(s.calls()).toBe(0);
    started = true;
    await s.tick(1000);
    expect(s.calls()).toBe(1);
  });

  it('startup is unknown until it succeeds and stops probing after success', async () => {
    const s = setup('startup', { periodSeconds: 2, failureThreshold: 30 });
    expect(s.w.result).toBeUndefined();
    s.set('failure');
    await s.tick(4000);
    expect(s.w.result).toBeUndefined();
    s.set('success');
    await s.tick(2000);
    expect(s.w.result).toBe('success');
    const n = s.calls();
    await s.tick(10_000);
    expect(s.calls()).toBe(n);
  });
});
