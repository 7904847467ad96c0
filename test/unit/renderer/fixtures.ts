/** Builders for renderer tests: cluster statuses, nodes and pods as the lab host sends them. */
import type { ClusterStatus, ComponentHealth, KubeObject } from '../../../src-shared/ipc';

export function runningStatus(workers = 2, masters: 1 | 3 = 1): ClusterStatus {
  const nodes = [
    ...Array.from({ length: masters }, (_, i) => `master-${i + 1}`),
    ...Array.from({ length: workers }, (_, i) => `worker-${i + 1}`),
  ];
  const c = (component: string, node: string, extra: Partial<ComponentHealth> = {}) => ({
    id: `${component}/${node}`,
    component,
    instance: node,
    node,
    state: 'healthy' as const,
    ...extra,
  });
  const components: ComponentHealth[] = [];
  nodes.forEach((n, i) => {
    if (n.startsWith('master')) {
      components.push(c('kube-apiserver', n));
      components.push(c('kube-scheduler', n, { leader: i === 0 }));
      components.push(c('kube-controller-manager', n, { leader: i === 0 }));
    }
    components.push(c('kubelet', n), c('kube-proxy', n), c('runtime', n));
  });
  components.push(c('store', 'master-1'), c('cluster-dns', 'master-1'));
  return {
    phase: 'running',
    spec: { masters, workers, driver: 'no-vm' },
    nodes,
    components,
    startup: [],
  };
}

export function node(name: string, ready: 'True' | 'False' | 'Unknown'): KubeObject {
  return {
    kind: 'Node',
    metadata: { name, resourceVersion: '1' },
    status: { conditions: [{ type: 'Ready', status: ready }] },
  };
}

export function pod(name: string, nodeName?: string, phase = 'Running'): KubeObject {
  return {
    kind: 'Pod',
    metadata: { name, namespace: 'default', resourceVersion: '1' },
    spec: nodeName ? { nodeName, containers: [{ name: 'c' }] } : { containers: [{ name: 'c' }] },
    status: {
      phase,
      conditions: [{ type: 'Ready', status: phase === 'Running' ? 'True' : 'False' }],
    },
  };
}
