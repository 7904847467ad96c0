/**
 * The table of contents of the scheduler's plugins: every in-tree plugin by name, and the default
 * profile — upstream's MultiPoint order and Score weights (k8s-internals §3.1), minus the volume
 * and DRA plugins kubelab has no use for. Order matters: Filter stops at the first plugin that
 * rejects a node, so that plugin's reason is the one users see.
 */
import type { PluginFactory } from '../framework/interface';
import type { PluginConfig } from '../framework/runtime';
import { DEFAULT_BINDER, DefaultBinder } from './default-binder/default-binder';
import { DEFAULT_PREEMPTION, DefaultPreemption } from './default-preemption/default-preemption';
import { IMAGE_LOCALITY, ImageLocality } from './image-locality/image-locality';
import { INTER_POD_AFFINITY, InterPodAffinity } from './inter-pod-affinity/plugin';
import { NODE_AFFINITY, NodeAffinity } from './node-affinity/node-affinity';
import { NODE_NAME, NodeName } from './node-name/node-name';
import { NODE_PORTS, NodePorts } from './node-ports/node-ports';
import {
  BalancedAllocation,
  NODE_RESOURCES_BALANCED_ALLOCATION,
} from './node-resources/balanced-allocation';
import { NODE_RESOURCES_FIT, NodeResourcesFit } from './node-resources/fit';
import { NODE_UNSCHEDULABLE, NodeUnschedulable } from './node-unschedulable/node-unschedulable';
import { POD_TOPOLOGY_SPREAD, PodTopologySpread } from './pod-topology-spread/plugin';
import { TAINT_TOLERATION, TaintToleration } from './taint-toleration/taint-toleration';

export function inTreeRegistry(): Map<string, PluginFactory> {
  return new Map<string, PluginFactory>([
    [NODE_UNSCHEDULABLE, () => new NodeUnschedulable()],
    [NODE_NAME, () => new NodeName()],
    [TAINT_TOLERATION, () => new TaintToleration()],
    [NODE_AFFINITY, () => new NodeAffinity()],
    [NODE_PORTS, () => new NodePorts()],
    [NODE_RESOURCES_FIT, () => new NodeResourcesFit()],
    [POD_TOPOLOGY_SPREAD, (h) => new PodTopologySpread(h)],
    [INTER_POD_AFFINITY, (h) => new InterPodAffinity(h)],
    [DEFAULT_PREEMPTION, (h) => new DefaultPreemption(h)],
    [NODE_RESOURCES_BALANCED_ALLOCATION, () => new BalancedAllocation()],
    [IMAGE_LOCALITY, (h) => new ImageLocality(h)],
    [DEFAULT_BINDER, (h) => new DefaultBinder(h)],
  ]);
}

/** The default profile ("default-scheduler"): upstream's order and weights. */
export const DEFAULT_PLUGINS: readonly PluginConfig[] = [
  { name: NODE_UNSCHEDULABLE },
  { name: NODE_NAME },
  { name: TAINT_TOLERATION, weight: 3 },
  { name: NODE_AFFINITY, weight: 2 },
  { name: NODE_PORTS },
  { name: NODE_RESOURCES_FIT, weight: 1 },
  { name: POD_TOPOLOGY_SPREAD, weight: 2 },
  { name: INTER_POD_AFFINITY, weight: 2 },
  { name: DEFAULT_PREEMPTION },
  { name: NODE_RESOURCES_BALANCED_ALLOCATION, weight: 1 },
  { name: IMAGE_LOCALITY, weight: 1 },
  { name: DEFAULT_BINDER },
];
