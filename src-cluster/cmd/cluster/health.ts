/**
 * `components()`: one row per running component of the no-VM cluster — what `kubelab status`
 * shows and the diagram colours. Health is what each component knows about itself (serving,
 * caches synced and rules programmed, alive); leadership comes from each elector.
 */
import type { ClusterDns } from '../../dns/cluster-dns';
import type { HostNodeInstance } from './host-node-instance';
import type { MasterInstance } from './master-instance';
import type { NodeInstance } from './node-instance';

export interface ComponentHealth {
  component: string;
  /** The node it runs on. */
  node: string;
  /** Lease identity, for elected components. */
  identity?: string;
  healthy: boolean;
  leader?: boolean;
  detail?: string;
}

export function componentHealth(c: {
  masters: readonly MasterInstance[];
  nodes: readonly NodeInstance[];
  dns: ClusterDns;
  destroyed: ReadonlySet<string>;
  hostNode?: HostNodeInstance;
}): ComponentHealth[] {
  const rows: ComponentHealth[] = [];
  for (const m of c.masters) {
    rows.push({
      component: 'kube-apiserver',
      node: m.spec.name,
      healthy: m.apiserverServing(),
      detail: m.apiserverServing() ? `https://127.0.0.1:${m.port}` : 'stopped',
    });
    for (const e of m.elected) {
      rows.push({
        component:
          e.component === 'scheduler'
            ? 'kube-scheduler'
            : e.component === 'controller-manager'
              ? 'kube-controller-manager'
              : e.component,
        node: m.spec.name,
        identity: e.identity,
        healthy: e.alive(),
        leader: e.isLeader(),
        ...(e.alive() ? {} : { detail: 'killed' }),
      });
    }
  }
  rows.push({
    component: 'cluster-dns',
    node: c.masters[0]?.spec.name ?? '',
    healthy: c.dns.healthy(),
  });
  for (const n of c.nodes) {
    if (c.destroyed.has(n.name)) continue;
    rows.push({
      component: 'kubelet',
      node: n.name,
      healthy: n.isKubeletRunning(),
      ...(n.isKubeletRunning() ? {} : { detail: 'stopped' }),
    });
    rows.push({ component: 'kube-proxy', node: n.name, healthy: n.proxyHealthy() });
  }
  for (const h of c.hostNode?.health() ?? []) rows.push({ ...h, node: c.hostNode!.name });
  return rows;
}
