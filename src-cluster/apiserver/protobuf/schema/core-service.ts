/**
 * core/v1 Service: spec, ports, session affinity and load-balancer status.
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import {
  bool,
  boolP,
  i32,
  i32P,
  map,
  msg,
  msgP,
  msgs,
  special,
  str,
  strP,
  strs,
  type MessageTable,
} from './types';

export const CORE_SERVICE: MessageTable = {
  'core.Service': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'core.ServiceSpec'),
    3: msg('status', 'core.ServiceStatus'),
  },
  'core.ServiceSpec': {
    1: msgs('ports', 'core.ServicePort'),
    2: map('selector', 'string'),
    3: str('clusterIP'),
    4: str('type'),
    5: strs('externalIPs'),
    7: str('sessionAffinity'),
    8: str('loadBalancerIP'),
    9: strs('loadBalancerSourceRanges'),
    10: str('externalName'),
    11: str('externalTrafficPolicy'),
    12: i32('healthCheckNodePort'),
    13: bool('publishNotReadyAddresses'),
    14: msgP('sessionAffinityConfig', 'core.SessionAffinityConfig'),
    17: strP('ipFamilyPolicy'),
    18: strs('clusterIPs'),
    19: strs('ipFamilies'),
    20: boolP('allocateLoadBalancerNodePorts'),
    21: strP('loadBalancerClass'),
    22: strP('internalTrafficPolicy'),
    23: strP('trafficDistribution'),
  },
  'core.ServicePort': {
    1: str('name'),
    2: str('protocol'),
    3: i32('port'),
    4: special('targetPort', 'IntOrString', 'single'),
    5: i32('nodePort'),
    6: strP('appProtocol'),
  },
  'core.SessionAffinityConfig': {
    1: msgP('clientIP', 'core.ClientIPConfig'),
  },
  'core.ClientIPConfig': {
    1: i32P('timeoutSeconds'),
  },
  'core.ServiceStatus': {
    1: msg('loadBalancer', 'core.LoadBalancerStatus'),
    2: msgs('conditions', 'meta.Condition'),
  },
  'core.LoadBalancerStatus': {
    1: msgs('ingress', 'core.LoadBalancerIngress'),
  },
  'core.LoadBalancerIngress': {
    1: str('ip'),
    2: str('hostname'),
    3: strP('ipMode'),
    4: msgs('ports', 'core.PortStatus'),
  },
  'core.PortStatus': {
    1: i32('port'),
    2: str('protocol'),
    3: strP('error'),
  },
};
