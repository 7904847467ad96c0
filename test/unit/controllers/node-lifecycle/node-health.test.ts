import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import {
  mergeTaints,
  noExecuteTaint,
  noScheduleTaints,
  withConditionsUnknown,
} from '../../../../src-cluster/controllers/node-lifecycle/node-health';
import { deepFreeze } from '../../../../src-cluster/client';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:00:40Z';

function node(ready?: string, extra: Partial<Node> = {}): Node {
  return deepFreeze({
    metadata: { name: 'n1' },
    status: {
      conditions: [
        ...(ready
          ? [
              {
                type: 'Ready',
                status: ready,
                reason: 'KubeletReady',
                lastHeartbeatTime: T0,
                lastTransitionTime: T0,
              },
            ]
          : []),
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: T0, lastTransitionTime: T0 },
      ],
    },
    ...extra,
  });
}

describe('withConditionsUnknown', () => {
  it('sets the kubelet conditions Unknown, keeping the last heartbeat, without touching the cached node', () => {
    const cached = node('True');
    const out = withConditionsUnknown(cached, T1)!;
    const ready = out.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: T0,
      lastTransitionTime: T1,
    });
    expect(out.status!.conditions!.find((c) => c.type === 'MemoryPressure')!.status).toBe(
      'Unknown',
    );
    expect(cached.status!.conditions![0]!.status).toBe('True');
  });

  it('is a no-op when already Unknown, and adds Ready for a node that never reported', () => {
    expect(withConditionsUnknown(withConditionsUnknown(node('True'), T1)!, T1)).toBeUndefined();
    const fresh = withConditionsUnknown(node(undefined), T1)!;
    expect(fresh.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
    });
  });
});

describe('taints from conditions', () => {
  it('maps Ready Unknown to unreachable and False to not-ready', () => {
    expect(noExecuteTaint(node('Unknown'))).toEqual({
      key: 'node.kubernetes.io/unreachable',
      effect: 'NoExecute',
    });
    expect(noExecuteTaint(node('False'))).toEqual({
      key: 'node.kubernetes.io/not-ready',
      effect: 'NoExecute',
    });
    expect(noExecuteTaint(node('True'))).toBeUndefined();
    expect(noScheduleTaints(node('Unknown'))).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    ]);
    expect(noScheduleTaints(node('True', { spec: { unschedulable: true } }))).toEqual([
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ]);
  });

  it("merges: keeps users' taints and timeAdded, stamps new NoExecute taints, drops stale ones", () => {
    const user = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
    const old = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: T0 };
    const notReady = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
    expect(mergeTaints([user, old], [{ key: old.key, effect: 'NoExecute' }], T1)).toBeUndefined();
    expect(mergeTaints([user, old], [notReady], T1)).toEqual([
      user,
      { ...notReady, timeAdded: T1 },
    ]);
    expect(mergeTaints([user, old], [], T1)).toEqual([user]);
  });
});
