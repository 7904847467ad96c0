/**
 * The no-VM cluster's fault target with the machine itself as a node (`--host-node`): the kubelet
 * faults reach the real node's kubelet too; container and probe faults, which work through the
 * sim runtime's hooks, refuse it with a message saying what to do instead.
 */
import { describe, expect, it } from 'vitest';
import {
  ClusterFaultTarget,
  type KubeletHost,
} from '../../../src-cluster/cmd/cluster/fault-target';
import type { NodeInstance } from '../../../src-cluster/cmd/cluster/node-instance';
import { FaultError } from '../../../src-cluster/faults/fault';

function kubeletHost(name: string) {
  const h = {
    name,
    running: true,
    isKubeletRunning: () => h.running,
    stopKubelet: async () => void (h.running = false),
    startKubelet: async () => void (h.running = true),
  };
  return h satisfies KubeletHost;
}

describe('ClusterFaultTarget with a host node', () => {
  const sim = kubeletHost('worker-1');
  const host = kubeletHost('vm');
  const target = new ClusterFaultTarget(
    () => [sim as unknown as NodeInstance],
    () => [],
    () => host,
  );

  it('lists the host node among the nodes and stops and starts its kubelet', async () => {
    expect(target.nodeNames()).toEqual(['worker-1', 'vm']);
    await target.stopKubelet('vm');
    expect(target.kubeletRunning('vm')).toBe(false);
    expect(sim.running).toBe(true);
    await target.startKubelet('vm');
    expect(target.kubeletRunning('vm')).toBe(true);
  });

  it('refuses sim-only faults on the real node, saying what to use instead', () => {
    const pod = { namespace: 'default', name: 'web', uid: 'u', nodeName: 'vm' };
    expect(() => target.probeFailing(pod, 'web', 'liveness')).toThrow(FaultError);
    expect(() => target.probeFailing(pod, 'web', 'liveness')).toThrow(/crictl stop/);
    expect(() => target.kubeletRunning('nope')).toThrow('no node "nope"');
  });
});
