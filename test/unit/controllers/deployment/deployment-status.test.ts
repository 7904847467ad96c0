import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { FakeClock } from '../../../../src-shared/util/clock';
import {
  countStatus,
  msUntilDeadline,
  withProgress,
} from '../../../../src-cluster/controllers/deployment/deployment-status';

const rs = (name: string, replicas: number, available: number): ReplicaSet => ({
  metadata: { name },
  spec: { replicas, selector: {}, template: {} },
  status: { replicas, readyReplicas: available, availableReplicas: available },
});

function deployment(status?: Deployment['status']): Deployment {
  return {
    metadata: { name: 'web', generation: 2 },
    spec: { replicas: 3, selector: {}, template: {}, progressDeadlineSeconds: 600 },
    status,
  };
}

describe('deployment status', () => {
  const f = { surge: 1, unavailable: 0 };
  it('counts what kubectl rollout status reads', () => {
    const clock = new FakeClock();
    const d = deployment();
    const s = countStatus(
      d,
      [rs('web-new', 2, 1), rs('web-old', 2, 2)],
      rs('web-new', 2, 1),
      f,
      clock.now(),
    );
    expect(s).toMatchObject({
      observedGeneration: 2,
      replicas: 4,
      updatedReplicas: 2,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 0,
    });
    expect(s.conditions?.find((c) => c.type === 'Available')?.reason).toBe(
      'MinimumReplicasAvailable',
    );
    const low = countStatus(d, [rs('web-new', 3, 1)], rs('web-new', 3, 1), f, clock.now());
    expect(low.conditions?.find((c) => c.type === 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
  });

  it('reports completion with NewReplicaSetAvailable', () => {
    const clock = new FakeClock();
    const d = deployment();
    const n = rs('web-new', 3, 3);
    const s = withProgress(d, countStatus(d, [n], n, f, clock.now()), n, 'none', clock.now());
    expect(s.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: 'ReplicaSet "web-new" has successfully progressed.',
    });
    expect(msUntilDeadline(d, s, clock.now())).toBeUndefined();
  });

  it('times out after progressDeadlineSeconds without progress, and not before', () => {
    const clock = new FakeClock();
    const n = rs('web-new', 3, 1);
    let d = deployment();
    let s = withProgress(d, countStatus(d, [n], n, f, clock.now()), n, 'created', clock.now());
    expect(s.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe(
      'NewReplicaSetCreated',
    );
    d = deployment(s);
    clock.advance(599_000);
    s = withProgress(d, countStatus(d, [n], n, f, clock.now()), n, 'none', clock.now());
    expect(s.conditions?.find((c) => c.type === 'Progressing')?.status).toBe('True');
    expect(msUntilDeadline(d, s, clock.now())).toBe(1000);
    d = deployment(s);
    clock.advance(2_000);
    s = withProgress(d, countStatus(d, [n], n, f, clock.now()), n, 'none', clock.now());
    expect(s.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: 'ReplicaSet "web-new" has timed out progressing.',
    });
  });

  it('progress moves the deadline', () => {
    const clock = new FakeClock();
    let d = deployment();
    let n = rs('web-new', 3, 1);
    let s = withProgress(d, countStatus(d, [n], n, f, clock.now()), n, 'created', clock.now());
    d = deployment(s);
    clock.advance(500_000);
    n = rs('web-new', 3, 2);
    s = withProgress(d, countStatus(d, [n], n, f, clock.now()), n, 'none', clock.now());
    expect(s.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    expect(msUntilDeadline(deployment(s), s, clock.now())).toBe(600_000);
  });
});
