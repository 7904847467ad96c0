/**
 * NodeResourcesBalancedAllocation: prefers nodes where cpu and memory would be used in equal
 * proportion after placing the pod, so one resource is not exhausted while the other idles.
 * score = (1 − stddev of the usage fractions) × 100; with two resources stddev = |f_cpu − f_mem|/2.
 */
import { MAX_NODE_SCORE, type PreScorePlugin, type ScorePlugin } from '../../framework/interface';
import { Status } from '../../framework/status';

export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_BALANCED_ALLOCATION;

  preScore: PreScorePlugin['preScore'] = (_state, pod) =>
    // A pod that requests neither resource cannot unbalance anything.
    pod.requests.milliCPU === 0 && pod.requests.memory === 0 ? Status.SKIP : Status.SUCCESS;

  score: ScorePlugin['score'] = (_state, pod, node) => {
    const alloc = node.allocatable;
    const frac = (used: number, cap: number) => (cap === 0 ? 0 : Math.min(1, used / cap));
    const fCpu = frac(node.requested.milliCPU + pod.requests.milliCPU, alloc.milliCPU);
    const fMem = frac(node.requested.memory + pod.requests.memory, alloc.memory);
    const std = Math.abs(fCpu - fMem) / 2;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  };
}
