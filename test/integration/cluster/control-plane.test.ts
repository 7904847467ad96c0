/**
 * Three masters: leader election failover when the active scheduler or controller manager is
 * killed (SIGKILL-like: the Lease is not released, so a standby waits for it to expire), and the
 * API staying reachable through the front load balancer when a master's API server goes away.
 * Leader-election periods are shortened (lease 1.5 s / renew 1 s / retry 250 ms).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node } from 'kubernetes-types/core/v1';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../../src-cluster/cmd/cluster';
import { clientFromKubeconfig } from '../../../src-cluster/client';
import { eventually, res } from './support';

let cluster: EmbeddedCluster;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-cluster-cp-'));
  cluster = await startEmbeddedCluster({
    masters: 3,
    workers: 1,
    dataDir: dir,
    flags: { leaderElection: { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 250 } },
  });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function holder(name: string): Promise<string> {
  const lease = await cluster.client
    .resource<Lease>(res('leases', 'coordination.k8s.io'))
    .namespace('kube-system')
    .get(name);
  return lease.spec?.holderIdentity ?? '';
}

async function failover(kind: 'kill-scheduler' | 'kill-controller-manager', lease: string) {
  const first = await eventually(async () => (await holder(lease)) || undefined, `${lease} leader`);
  const entry = await cluster.faults.apply(kind, []);
  expect(entry.target).toBe(first);
  // The killed leader never released the Lease: it still names it until a standby takes over.
  expect(await holder(lease)).toBe(first);
  const next = await eventually(async () => {
    const h = await holder(lease);
    return h && h !== first ? h : undefined;
  }, `another ${lease} to take over`);
  expect(next.split('_')[0]).not.toBe(first.split('_')[0]);
  const component = kind === 'kill-scheduler' ? 'kube-scheduler' : 'kube-controller-manager';
  const rows = cluster.components().filter((c) => c.component === component);
  expect(rows.find((r) => r.identity === first)).toMatchObject({
    healthy: false,
    detail: 'killed',
  });
  expect(rows.filter((r) => r.leader).map((r) => r.identity)).toEqual([next]);
  const reverted = await cluster.faults.revert(entry.id);
  expect(reverted.state).toBe('reverted');
  expect(cluster.components().find((c) => c.identity === first)).toMatchObject({
    healthy: true,
    leader: false,
  });
}

describe('three masters', () => {
  it('has one API endpoint, and each elected component has exactly one leader', async () => {
    expect(cluster.masters()).toHaveLength(3);
    await eventually(async () => {
      const rows = cluster.components();
      const leaders = (c: string) => rows.filter((r) => r.component === c && r.leader).length;
      return (
        (leaders('kube-controller-manager') === 1 && leaders('cloud-controller-manager') === 1) ||
        undefined
      );
    }, 'one leader each');
  });

  it('fails the controller manager over when its leader is killed', async () => {
    await failover('kill-controller-manager', 'kube-controller-manager');
  });

  it('fails the scheduler over when its leader is killed', async () => {
    await failover('kill-scheduler', 'kube-scheduler');
  });

  it('keeps serving through the load balancer when a master API server stops', async () => {
    const { client, close } = clientFromKubeconfig(cluster.kubeconfigPath, { component: 'test' });
    try {
      await cluster.masters()[0]!.stopApiServer();
      for (let i = 0; i < 6; i++) {
        const nodes = (await client.resource<Node>(res('nodes')).list()).items;
        expect(nodes).toHaveLength(4);
      }
    } finally {
      close();
    }
  });
});
