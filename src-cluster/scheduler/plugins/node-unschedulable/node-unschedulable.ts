/**
 * NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate the
 * node.kubernetes.io/unschedulable:NoSchedule taint (DaemonSet pods do). It runs before
 * TaintToleration, so a cordoned node is reported as "unschedulable", not as a taint.
 */
import type { ClusterEvent, FilterPlugin } from '../../framework/interface';
import { Status } from '../../framework/status';
import { toleratedBy } from '../../framework/taints';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_NODE_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export class NodeUnschedulable implements FilterPlugin {
  readonly name = NODE_UNSCHEDULABLE;

  events(): ClusterEvent[] {
    return ['NodeAdd', 'NodeUpdate'];
  }

  filter: FilterPlugin['filter'] = (_state, pod, node) => {
    if (!node.node.spec?.unschedulable) return Status.SUCCESS;
    if (toleratedBy(UNSCHEDULABLE_TAINT, pod.pod.spec?.tolerations ?? [])) return Status.SUCCESS;
    return Status.unresolvable(ERR_NODE_UNSCHEDULABLE);
  };
}
