/**
 * NodeResourcesFit. Filter: the pod's requests must fit into what the node has left
 * (allocatable − requests of the pods already there, assumed ones included), and the node must
 * accept one more pod. Score: LeastAllocated — the emptier the node after placing the pod, the
 * higher, which spreads load.
 */
import type { ClusterEvent, FilterPlugin, ScorePlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import type { PodInfo } from '../../framework/pod-info';
import { Status } from '../../framework/status';
import { leastAllocatedScore } from './least-allocated';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
export const ERR_TOO_MANY_PODS = 'Too many pods';
export const errInsufficient = (resource: string) => `Insufficient ${resource}`;

/** The resources that do not fit, in upstream's order: pods, cpu, memory, storage, extended. */
export function insufficientResources(pod: PodInfo, node: NodeInfo): string[] {
  const out: string[] = [];
  const alloc = node.allocatable;
  if (node.pods.size + 1 > alloc.allowedPods) out.push(ERR_TOO_MANY_PODS);
  const req = pod.requests;
  const used = node.requested;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push(errInsufficient('cpu'));
  }
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
    out.push(errInsufficient('memory'));
  }
  if (
    req.ephemeralStorage > 0 &&
    req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage
  ) {
    out.push(errInsufficient('ephemeral-storage'));
  }
  for (const name of [...req.scalar.keys()].sort()) {
    const want = req.scalar.get(name)!;
    if (want > 0 && want > (alloc.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) {
      out.push(errInsufficient(name));
    }
  }
  return out;
}

export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_FIT;

  events(): ClusterEvent[] {
    // Room appears when a node grows or arrives, or when a pod leaves.
    return ['NodeAdd', 'NodeUpdate', 'AssignedPodDelete'];
  }

  filter: FilterPlugin['filter'] = (_state, pod, node) => {
    const missing = insufficientResources(pod, node);
    return missing.length ? Status.unschedulable(...missing) : Status.SUCCESS;
  };

  score: ScorePlugin['score'] = (_state, pod, node) => leastAllocatedScore(pod, node);
}
