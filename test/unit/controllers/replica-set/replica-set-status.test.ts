import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { computeReplicaSetStatus } from '../../../../src-cluster/controllers/replica-set/replica-set-status';
import { FakeClock } from '../../../../src-shared/util/clock';

const clock = new FakeClock(Date.parse('2026-01-01T00:01:00Z'));
const rs: ReplicaSet = {
  metadata: { name: 'web', generation: 3 },
  spec: {
    replicas: 3,
    minReadySeconds: 30,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web', tier: 'fe' } } },
  },
};
const pod = (labels: Record<string, string>, readySince?: string): Pod => ({
  metadata: { labels },
  status: readySince
    ? { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] }
    : {},
});

describe('replica set status', () => {
  it('ready counts at once, available only after minReadySeconds', () => {
    const s = computeReplicaSetStatus(
      rs,
      [
        pod({ app: 'web', tier: 'fe' }, '2026-01-01T00:00:00Z'), // ready 60 s: available
        pod({ app: 'web', tier: 'fe' }, '2026-01-01T00:00:50Z'), // ready 10 s: not yet
        pod({ app: 'web' }),
      ],
      clock.now(),
      undefined,
    );
    expect(s).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 1,
      observedGeneration: 3,
    });
  });
  it('a refused create sets ReplicaFailure; a later success clears it', () => {
    const failed = computeReplicaSetStatus(
      rs,
      [],
      clock.now(),
      'pods "web-" is forbidden: exceeded quota',
    );
    expect(failed.conditions).toEqual([
      expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }),
    ]);
    const kept = computeReplicaSetStatus({ ...rs, status: failed }, [], clock.now(), null);
    expect(kept.conditions).toHaveLength(1);
    const cleared = computeReplicaSetStatus({ ...rs, status: failed }, [], clock.now(), undefined);
    expect(cleared.conditions).toBeUndefined();
  });
});
