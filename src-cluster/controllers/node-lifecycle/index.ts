/**
 * Node lifecycle: the node monitor (heartbeats → conditions → taints) and the taint eviction
 * manager (taints → pod deletions) run together as one controller, as they did upstream before
 * the taint manager became its own controller (1.29). Register this once; do not also run a
 * TaintEvictionController, or pods would be evicted twice.
 */
import type { Controller, ControllerContext } from '../framework/context';
import { NodeLifecycleController } from './node-lifecycle-controller';
import { TaintEvictionController } from './taint-eviction-controller';
import type { EvictionRateOptions } from './zone-disruption';

export { NodeLifecycleController, NODE_LEASE_NAMESPACE } from './node-lifecycle-controller';
export { TaintEvictionController, TAINT_MANAGER_EVICTION } from './taint-eviction-controller';
export { DEFAULT_EVICTION_RATES, type EvictionRateOptions } from './zone-disruption';

export function createNodeLifecycleController(
  ctx: ControllerContext,
  rates?: EvictionRateOptions,
): Controller {
  const monitor = new NodeLifecycleController(ctx, rates);
  const eviction = new TaintEvictionController(ctx);
  return {
    name: 'nodelifecycle',
    async run(signal, workers) {
      await Promise.all([monitor.run(signal, workers), eviction.run(signal, workers)]);
    },
  };
}
