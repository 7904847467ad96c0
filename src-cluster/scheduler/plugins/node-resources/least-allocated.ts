/**
 * LeastAllocated scoring (NodeResourcesFit's default strategy): for cpu and memory, weight 1
 * each, score = (allocatable − requested) × 100 / allocatable, where requested includes the
 * incoming pod and counts request-less containers as 100m / 200Mi. Integer math, as upstream.
 */
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import type { PodInfo } from '../../framework/pod-info';

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export function leastAllocatedScore(pod: PodInfo, node: NodeInfo): number {
  const cpu = leastRequested(
    node.nonZeroRequested.milliCPU + pod.nonZeroRequests.milliCPU,
    node.allocatable.milliCPU,
  );
  const mem = leastRequested(
    node.nonZeroRequested.memory + pod.nonZeroRequests.memory,
    node.allocatable.memory,
  );
  return Math.trunc((cpu + mem) / 2);
}
