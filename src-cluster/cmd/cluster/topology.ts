/**
 * The no-VM cluster's shape: node names (master-1..3, worker-1..N), roles, lab IPs on the lab
 * segment (10.10.0.0/24, as VM mode uses) and pod CIDRs from the cluster CIDR 10.244.0.0/16, one
 * /24 per node in order (k8s-internals A.1).
 */
export interface NodeSpec {
  name: string;
  role: 'master' | 'worker';
  /** The node's address on the lab segment. */
  ip: string;
  podCIDR: string;
}

export class TopologyError extends Error {}

export function planNodes(masters: number, workers: number): NodeSpec[] {
  if (masters !== 1 && masters !== 3) {
    throw new TopologyError(`masters must be 1 or 3 (an etcd-style quorum), got ${masters}`);
  }
  if (!Number.isInteger(workers) || workers < 0 || workers > 50) {
    throw new TopologyError(`workers must be a whole number 0-50, got ${workers}`);
  }
  const nodes: NodeSpec[] = [];
  for (let i = 1; i <= masters; i++) {
    nodes.push({ name: `master-${i}`, role: 'master', ip: `10.10.0.${10 + i}`, podCIDR: '' });
  }
  for (let i = 1; i <= workers; i++) {
    nodes.push({ name: `worker-${i}`, role: 'worker', ip: `10.10.0.${20 + i}`, podCIDR: '' });
  }
  return nodes.map((n, i) => ({ ...n, podCIDR: `10.244.${i}.0/24` }));
}
