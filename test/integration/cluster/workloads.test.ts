/**
 * The seed article's story on the no-VM cluster, through every real component: a 3-replica
 * Deployment spreads over the workers, a deleted pod is replaced, a node whose kubelet stops goes
 * Unknown, is tainted NoExecute, and its pods come back elsewhere after their tolerationSeconds,
 * and a pod nothing can host reports the scheduler's exact FailedScheduling message. Grace periods
 * are shortened (node-monitor-grace-period 2 s, tolerationSeconds 2) so the story runs in seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../../src-cluster/cmd/cluster';
import { eventually, pods, res, running, webContainer } from './support';

let cluster: EmbeddedCluster;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-cluster-wl-'));
  cluster = await startEmbeddedCluster({
    masters: 1,
    workers: 3,
    dataDir: dir,
    flags: {
      controllerManager: { nodeMonitorGracePeriodMs: 2000, nodeMonitorPeriodMs: 250 },
      kubelet: { flags: { nodeStatusUpdateFrequencyMs: 500, nodeLeaseDurationSeconds: 2 } },
    },
  });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const tolerate = (key: string) => ({
  key,
  operator: 'Exists' as const,
  effect: 'NoExecute' as const,
  tolerationSeconds: 2,
});

const deployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [webContainer()],
        tolerations: [
          tolerate('node.kubernetes.io/unreachable'),
          tolerate('node.kubernetes.io/not-ready'),
        ],
      },
    },
  },
};

const live = (p: Pod) => !p.metadata?.deletionTimestamp;

async function webPods(): Promise<Pod[]> {
  return (await pods(cluster.client).list({ labelSelector: 'app=web' })).items.filter(live);
}

async function threeRunning(excluding?: string): Promise<Pod[] | undefined> {
  const list = await webPods();
  const ok = list.filter((p) => running(p) && p.spec?.nodeName !== excluding);
  return ok.length === 3 && list.length === 3 ? ok : undefined;
}

const nodesApi = () => cluster.client.resource<Node>(res('nodes'));

describe('workloads on the no-VM cluster', () => {
  it('runs a 3-replica Deployment as 3 Running pods spread over the workers', async () => {
    await cluster.client
      .resource<Deployment>(res('deployments', 'apps'))
      .namespace('default')
      .create(deployment);
    const list = await eventually(() => threeRunning(), '3 Running web pods');
    const nodes = list.map((p) => p.spec!.nodeName!).sort();
    expect(nodes).toEqual(['worker-1', 'worker-2', 'worker-3']);
  });

  it('replaces a deleted pod', async () => {
    const [victim] = await webPods();
    await pods(cluster.client).delete(victim!.metadata!.name!);
    const list = await eventually(async () => {
      const l = await threeRunning();
      return l && !l.some((p) => p.metadata!.uid === victim!.metadata!.uid) ? l : undefined;
    }, 'a replacement pod');
    expect(list).toHaveLength(3);
  });

  it('reports the exact FailedScheduling message when every worker is tainted', async () => {
    const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    for (const w of ['worker-1', 'worker-2', 'worker-3']) {
      await nodesApi().patch(w, 'strategic', { spec: { taints: [taint] } });
    }
    await pods(cluster.client).create({
      metadata: { name: 'homeless' },
      spec: { containers: [webContainer()] },
    });
    const message = await eventually(async () => {
      const p = await pods(cluster.client).get('homeless');
      const c = p.status?.conditions?.find((x) => x.type === 'PodScheduled');
      return c?.status === 'False' ? c.message : undefined;
    }, 'the pod to be unschedulable');
    expect(message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        '3 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/4 nodes are available: ' +
        '4 Preemption is not helpful for scheduling.',
    );
    await pods(cluster.client).delete('homeless', { gracePeriodSeconds: 0 } as never);
    for (const w of ['worker-1', 'worker-2', 'worker-3']) {
      await nodesApi().patch(w, 'merge', { spec: { taints: null } });
    }
  });

  it('moves pods off a node whose kubelet stopped: Unknown, NoExecute taint, eviction', async () => {
    const on = (await webPods()).filter((p) => p.spec?.nodeName === 'worker-1');
    expect(on.length).toBeGreaterThan(0);
    const fault = await cluster.faults.apply('stop-kubelet', ['worker-1']);
    const ready = await eventually(async () => {
      const n = await nodesApi().get('worker-1');
      const c = n.status?.conditions?.find((x) => x.type === 'Ready');
      return c?.status === 'Unknown' ? c : undefined;
    }, 'worker-1 Ready=Unknown');
    expect(ready.reason).toBe('NodeStatusUnknown');
    await eventually(async () => {
      const n = await nodesApi().get('worker-1');
      return n.spec?.taints?.some(
        (t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
      );
    }, 'the unreachable NoExecute taint');
    const moved = await eventually(
      () => threeRunning('worker-1'),
      '3 Running pods off worker-1',
      30_000,
    );
    expect(moved.every((p) => p.spec!.nodeName !== 'worker-1')).toBe(true);
    await cluster.faults.revert(fault.id);
    await eventually(async () => {
      const n = await nodesApi().get('worker-1');
      return n.status?.conditions?.find((x) => x.type === 'Ready')?.status === 'True';
    }, 'worker-1 Ready again');
  });
});
