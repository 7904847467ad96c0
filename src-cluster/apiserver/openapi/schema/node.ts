/**
 * core/v1 Node: spec (taints, pod CIDRs, cordon flag) and status (conditions, addresses, capacity).
 * Status parts only the kubelet writes (images, daemon endpoints, system info) are modelled loosely.
 */
import {
  CORE,
  bool,
  loose,
  mergeBy,
  objectHeader,
  quantityMap,
  ref,
  refList,
  str,
  strList,
  struct,
  time,
  type Definitions,
} from './builder';

const C = CORE;

export const NODE_DEFINITIONS: Definitions = {
  [C + 'Node']: struct('A machine (VM or simulated) that runs pods; registered by its kubelet.', {
    ...objectHeader('Node'),
    spec: ref(C + 'NodeSpec', 'How the node should be used: taints, pod CIDRs, cordon flag.'),
    status: ref(C + 'NodeStatus', 'Health and capacity as last reported by the kubelet.'),
  }),
  [C + 'NodeSpec']: struct('The desired state of a node.', {
    configSource: ref(C + 'NodeConfigSource', 'Deprecated dynamic kubelet configuration.'),
    externalID: str('Deprecated; not used.'),
    podCIDR: str('The pod IP range given to this node.'),
    podCIDRs: strList('The pod IP ranges given to this node, one per IP family.', {
      'x-kubernetes-patch-strategy': 'merge',
    }),
    providerID: str('The node’s id at the cloud provider.'),
    taints: refList(C + 'Taint', 'Taints that keep pods without a matching toleration away.'),
    unschedulable: bool('When true (kubectl cordon) no new pods are scheduled here.'),
  }),
  [C + 'NodeStatus']: struct('The observed state of a node.', {
    addresses: refList(
      C + 'NodeAddress',
      'How to reach the node: InternalIP, ExternalIP, Hostname.',
      mergeBy('type'),
    ),
    allocatable: quantityMap('Resources available to pods after system reservations.'),
    capacity: quantityMap('Total resources of the node.'),
    conditions: refList(
      C + 'NodeCondition',
      'Ready, MemoryPressure, DiskPressure, PIDPressure …',
      mergeBy('type'),
    ),
    config: ref(C + 'NodeConfigStatus', 'Status of the deprecated dynamic configuration.'),
    daemonEndpoints: ref(C + 'NodeDaemonEndpoints', 'Ports of daemons on the node (kubelet).'),
    images: refList(C + 'ContainerImage', 'Images present on the node.'),
    nodeInfo: ref(C + 'NodeSystemInfo', 'Kernel, OS, runtime and kubelet versions.'),
    phase: str('Deprecated; not set.'),
    runtimeHandlers: refList(C + 'NodeRuntimeHandler', 'Runtime handlers the node offers.'),
    volumesAttached: refList(C + 'AttachedVolume', 'Volumes attached to the node.'),
    volumesInUse: strList('Volumes in use by pods on the node.'),
  }),
  [C + 'NodeCondition']: struct(
    'One aspect of a node’s health.',
    {
      lastHeartbeatTime: time('When the kubelet last confirmed this condition.'),
      lastTransitionTime: time('When status last changed.'),
      message: str('Details for humans.'),
      reason: str('CamelCase reason for the last change.'),
      status: str('True, False or Unknown (Unknown when the kubelet stopped reporting).'),
      type: str('Ready, MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable.'),
    },
    ['status', 'type'],
  ),
  [C + 'NodeAddress']: struct(
    'One address of a node.',
    { address: str('The address.'), type: str('InternalIP, ExternalIP, Hostname …') },
    ['address', 'type'],
  ),
  [C + 'Taint']: struct(
    'Marks a node so that pods without a matching toleration avoid or leave it.',
    {
      effect: str('NoSchedule, PreferNoSchedule or NoExecute.'),
      key: str('The taint key.'),
      timeAdded: time('When a NoExecute taint was added.'),
      value: str('The taint value.'),
    },
    ['effect', 'key'],
  ),
  [C + 'NodeConfigSource']: loose('Where a node’s dynamic configuration came from (deprecated).'),
  [C + 'NodeConfigStatus']: loose('State of a node’s dynamic configuration (deprecated).'),
  [C + 'NodeDaemonEndpoints']: loose('Ports of the daemons running on a node.'),
  [C + 'ContainerImage']: loose('An image on a node: its names and size.'),
  [C + 'NodeSystemInfo']: loose('Versions and ids of the node’s OS, kernel, runtime and kubelet.'),
  [C + 'NodeRuntimeHandler']: loose('A runtime handler and the features it supports.'),
  [C + 'AttachedVolume']: loose('A volume attached to a node and its device path.'),
};
