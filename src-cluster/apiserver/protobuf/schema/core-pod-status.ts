/**
 * core/v1 PodStatus and container statuses. Clients rarely send them on create, but a Pod read from one cluster and posted to another carries them.
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import {
  bool,
  boolP,
  i32,
  i64,
  map,
  msg,
  msgP,
  msgs,
  special,
  str,
  strP,
  type MessageTable,
} from './types';

export const CORE_POD_STATUS: MessageTable = {
  'core.PodStatus': {
    1: str('phase'),
    2: msgs('conditions', 'core.PodCondition'),
    3: str('message'),
    4: str('reason'),
    5: str('hostIP'),
    6: str('podIP'),
    7: special('startTime', 'Time', 'optional'),
    8: msgs('containerStatuses', 'core.ContainerStatus'),
    9: str('qosClass'),
    10: msgs('initContainerStatuses', 'core.ContainerStatus'),
    11: str('nominatedNodeName'),
    12: msgs('podIPs', 'core.PodIP'),
    13: msgs('ephemeralContainerStatuses', 'core.ContainerStatus'),
    14: str('resize'),
    16: msgs('hostIPs', 'core.HostIP'),
    17: i64('observedGeneration'),
    19: map('allocatedResources', 'Quantity'),
    20: msgP('resources', 'core.ResourceRequirements'),
  },
  'core.PodCondition': {
    1: str('type'),
    2: str('status'),
    3: special('lastProbeTime', 'Time', 'single'),
    4: special('lastTransitionTime', 'Time', 'single'),
    5: str('reason'),
    6: str('message'),
    7: i64('observedGeneration'),
  },
  'core.PodIP': {
    1: str('ip'),
  },
  'core.HostIP': {
    1: str('ip'),
  },
  'core.ContainerStatus': {
    1: str('name'),
    2: msg('state', 'core.ContainerState'),
    3: msg('lastState', 'core.ContainerState'),
    4: bool('ready'),
    5: i32('restartCount'),
    6: str('image'),
    7: str('imageID'),
    8: str('containerID'),
    9: boolP('started'),
    10: map('allocatedResources', 'Quantity'),
    11: msgP('resources', 'core.ResourceRequirements'),
    15: strP('stopSignal'),
  },
  'core.ContainerState': {
    1: msgP('waiting', 'core.ContainerStateWaiting'),
    2: msgP('running', 'core.ContainerStateRunning'),
    3: msgP('terminated', 'core.ContainerStateTerminated'),
  },
  'core.ContainerStateWaiting': {
    1: str('reason'),
    2: str('message'),
  },
  'core.ContainerStateRunning': {
    1: special('startedAt', 'Time', 'single'),
  },
  'core.ContainerStateTerminated': {
    1: i32('exitCode'),
    2: i32('signal'),
    3: str('reason'),
    4: str('message'),
    5: special('startedAt', 'Time', 'single'),
    6: special('finishedAt', 'Time', 'single'),
    7: str('containerID'),
  },
};
