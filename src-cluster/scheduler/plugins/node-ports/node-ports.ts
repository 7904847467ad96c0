/**
 * NodePorts: two pods cannot bind the same hostPort on the same protocol and IP; 0.0.0.0 (any
 * address) conflicts with every IP.
 */
import type { ClusterEvent, FilterPlugin } from '../../framework/interface';
import type { HostPort } from '../../framework/pod-info';
import { Status } from '../../framework/status';

export const NODE_PORTS = 'NodePorts';
export const ERR_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

function conflicts(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0';
}

export class NodePorts implements FilterPlugin {
  readonly name = NODE_PORTS;

  events(): ClusterEvent[] {
    return ['NodeAdd', 'AssignedPodDelete'];
  }

  filter: FilterPlugin['filter'] = (_state, pod, node) => {
    if (pod.hostPorts.length === 0) return Status.SUCCESS;
    for (const want of pod.hostPorts) {
      if (node.usedPorts.some((used) => conflicts(want, used))) {
        return Status.unschedulable(ERR_NODE_PORTS);
      }
    }
    return Status.SUCCESS;
  };
}
