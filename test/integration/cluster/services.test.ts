/**
 * Services in the no-VM cluster, end to end through the real components: pods run by kubelets,
 * EndpointSlices written by the controller manager, kube-proxy's sim backend routing ClusterIP and
 * NodePort to ready pods, cluster DNS answering names, and the lab cloud controller handing out
 * LoadBalancer addresses and deleting Nodes whose machine is gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node, Service } from 'kubernetes-types/core/v1';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../../src-cluster/cmd/cluster';
import { eventually, pods, readyPod, res, services, webPod } from './support';

let cluster: EmbeddedCluster;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-cluster-svc-'));
  cluster = await startEmbeddedCluster({
    masters: 1,
    workers: 2,
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

describe('no-VM cluster services', () => {
  it('starts with every node Ready and the kube-dns Service on 10.96.0.10', async () => {
    const nodes = (await cluster.client.resource<Node>(res('nodes')).list()).items;
    expect(nodes.map((n) => n.metadata!.name).sort()).toEqual(['master-1', 'worker-1', 'worker-2']);
    const dns = await services(cluster.client, 'kube-system').get('kube-dns');
    expect(dns.spec?.clusterIP).toBe('10.96.0.10');
    expect(cluster.dns.resolve('kube-dns.kube-system.svc.cluster.local')).toMatchObject({
      addresses: ['10.96.0.10'],
    });
    expect(cluster.nodes).toEqual(['master-1', 'worker-1', 'worker-2']);
    expect(cluster.components().every((c) => c.healthy)).toBe(true);
  });

  it('routes a ClusterIP and a NodePort to ready pods in turn, and DNS names the Service', async () => {
    const c = cluster.client;
    await pods(c).create(webPod('web-a', 'worker-1'));
    await pods(c).create(webPod('web-b', 'worker-2'));
    const svc = await services(c).create({
      metadata: { name: 'web' },
      spec: {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 80 }],
      },
    });
    const ip = svc.spec!.clusterIP!;
    const ips = await eventually(async () => {
      const list = (await pods(c).list()).items.filter(readyPod);
      return list.length === 2 ? list.map((p) => p.status!.podIP!).sort() : undefined;
    }, 'two ready web pods');
    const proxy = cluster.proxy('worker-1');
    // The proxy learns endpoints from EndpointSlices, which trail pod readiness: wait until both
    // ready pods are programmed before checking the round-robin.
    await eventually(async () => {
      const got = new Set(
        Array.from({ length: 4 }, () => {
          const r = proxy.resolve({ ip, port: 80 });
          return r.ok ? r.endpoint.ip : '';
        }),
      );
      return got.size === 2 && !got.has('') ? true : undefined;
    }, 'kube-proxy to program the Service with both endpoints');
    const seen = Array.from({ length: 4 }, () => {
      const r = proxy.resolve({ ip, port: 80 });
      return r.ok ? r.endpoint.ip : r.reason;
    });
    expect([...new Set(seen)].sort()).toEqual(ips);
    expect(seen[0]).not.toBe(seen[1]);
    const np = proxy.resolveNodePort(svc.spec!.ports![0]!.nodePort!);
    expect(np.ok && ips.includes(np.endpoint.ip)).toBe(true);
    await eventually(async () => cluster.dns.resolve('web').type === 'A' || undefined, 'DNS');
    expect(cluster.dns.resolve('web.default.svc.cluster.local')).toMatchObject({ addresses: [ip] });
  });

  it('stops routing to a deleted pod and rejects once none is left', async () => {
    const c = cluster.client;
    const ip = (await services(c).get('web')).spec!.clusterIP!;
    const proxy = cluster.proxy('worker-2');
    await pods(c).delete('web-a', { gracePeriodSeconds: 0 } as never);
    await pods(c).delete('web-b', { gracePeriodSeconds: 0 } as never);
    await eventually(async () => {
      const r = proxy.resolve({ ip, port: 80 });
      return (!r.ok && r.reason === 'no-endpoints') || undefined;
    }, 'the Service to have no endpoints');
  });

  it('gives a LoadBalancer Service an address from the lab pool and takes it back on delete', async () => {
    const c = cluster.client;
    await services(c).create({
      metadata: { name: 'front' },
      spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    const lbIp = await eventually(async () => {
      const s = await services(c).get('front');
      return s.status?.loadBalancer?.ingress?.[0]?.ip;
    }, 'a load-balancer address');
    expect(lbIp).toBe('10.10.0.200');
    await services(c).create({
      metadata: { name: 'back' },
      spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 81 }] },
    });
    const second = await eventually(
      async () => (await services(c).get('back')).status?.loadBalancer?.ingress?.[0]?.ip,
      'a second address',
    );
    expect(second).toBe('10.10.0.201');
    await services(c).delete('front');
    await eventually(async () => {
      const left = (await services(c).list()).items.map((s: Service) => s.metadata!.name);
      return !left.includes('front') || undefined;
    }, 'the finalizer to be released and the Service gone');
    await services(c).create({
      metadata: { name: 'again' },
      spec: { type: 'LoadBalancer', selector: { app: 'y' }, ports: [{ port: 82 }] },
    });
    const reused = await eventually(
      async () => (await services(c).get('again')).status?.loadBalancer?.ingress?.[0]?.ip,
      'an address for the third Service',
    );
    expect(reused).toBe('10.10.0.200');
  });

  it('deletes the Node of a destroyed machine once it stops reporting', async () => {
    await cluster.destroyNode('worker-2');
    await eventually(async () => {
      const names = (await cluster.client.resource<Node>(res('nodes')).list()).items.map(
        (n) => n.metadata!.name,
      );
      return !names.includes('worker-2') || undefined;
    }, 'worker-2 to be deleted by the cloud controller');
    const names = (await cluster.client.resource<Node>(res('nodes')).list()).items.map(
      (n) => n.metadata!.name,
    );
    expect(names.sort()).toEqual(['master-1', 'worker-1']);
  });
});
