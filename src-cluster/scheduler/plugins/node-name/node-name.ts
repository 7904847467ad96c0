/** NodeName: a pod that names its node (spec.nodeName) fits only that node. */
import type { ClusterEvent, FilterPlugin } from '../../framework/interface';
import { Status } from '../../framework/status';

export const NODE_NAME = 'NodeName';
export const ERR_NODE_NAME = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin {
  readonly name = NODE_NAME;

  events(): ClusterEvent[] {
    return ['NodeAdd'];
  }

  filter: FilterPlugin['filter'] = (_state, pod, node) => {
    const want = pod.pod.spec?.nodeName;
    // Unresolvable: no eviction makes a node change its name.
    return want && want !== node.name ? Status.unresolvable(ERR_NODE_NAME) : Status.SUCCESS;
  };
}
