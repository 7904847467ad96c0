/**
 * core/v1 Service and Endpoints: a stable virtual IP and DNS name for a set of pods, and the
 * addresses behind it. Service ports merge by port number, like upstream.
 */
import {
  CORE,
  META,
  bool,
  int,
  intOrString,
  loose,
  mergeBy,
  objectHeader,
  ref,
  refList,
  str,
  strList,
  strMap,
  struct,
  type Definitions,
} from './builder';

const C = CORE;

export const SERVICE_DEFINITIONS: Definitions = {
  [C + 'Service']: struct(
    'A stable virtual IP and DNS name that load-balances over the pods its selector matches.',
    {
      ...objectHeader('Service'),
      spec: ref(C + 'ServiceSpec', 'Which pods, which ports, and how the service is exposed.'),
      status: ref(C + 'ServiceStatus', 'The load balancer assigned to the service, if any.'),
    },
  ),
  [C + 'ServiceSpec']: struct('The desired state of a service.', {
    allocateLoadBalancerNodePorts: bool('Whether a LoadBalancer service also gets node ports.'),
    clusterIP: str('The virtual IP; assigned when empty, or None for a headless service.'),
    clusterIPs: strList('The virtual IPs, one per IP family; the first equals clusterIP.'),
    externalIPs: strList('Extra addresses on which nodes accept traffic for the service.'),
    externalName: str('For type ExternalName: the DNS name the service aliases.'),
    externalTrafficPolicy: str('Cluster or Local: whether external traffic may hop nodes.'),
    healthCheckNodePort: int('Node port for load-balancer health checks with Local policy.'),
    internalTrafficPolicy: str('Cluster or Local: whether in-cluster traffic may hop nodes.'),
    ipFamilies: strList('IPv4 and/or IPv6, in order of preference.'),
    ipFamilyPolicy: str('SingleStack, PreferDualStack or RequireDualStack.'),
    loadBalancerClass: str('Which load-balancer implementation handles the service.'),
    loadBalancerIP: str('Requested load-balancer address (deprecated).'),
    loadBalancerSourceRanges: strList('Client CIDRs the load balancer lets through.'),
    ports: refList(C + 'ServicePort', 'The ports the service exposes.', mergeBy('port')),
    publishNotReadyAddresses: bool('Publish addresses of pods that are not ready yet.'),
    selector: strMap('Labels of the pods that receive the traffic.'),
    sessionAffinity: str('None or ClientIP: keep a client on the same pod.'),
    sessionAffinityConfig: ref(C + 'SessionAffinityConfig', 'Timeout of ClientIP affinity.'),
    trafficDistribution: str('A preference for how traffic spreads, e.g. PreferClose.'),
    type: str('ClusterIP (default), NodePort, LoadBalancer or ExternalName.'),
  }),
  [C + 'ServicePort']: struct(
    'One port of a service and where its traffic goes.',
    {
      appProtocol: str('The application protocol, e.g. http or kubernetes.io/h2c.'),
      name: str('Port name; required when the service has several ports.'),
      nodePort: int('The port opened on every node for NodePort and LoadBalancer services.'),
      port: int('The port the service listens on.'),
      protocol: str('TCP (default), UDP or SCTP.'),
      targetPort: intOrString('The pod port (number or name) traffic is sent to.'),
    },
    ['port'],
  ),
  [C + 'ServiceStatus']: struct('The observed state of a service.', {
    conditions: refList(META + 'Condition', 'Current state conditions.', mergeBy('type')),
    loadBalancer: ref(C + 'LoadBalancerStatus', 'Ingress addresses of the load balancer.'),
  }),
  [C + 'SessionAffinityConfig']: loose('Settings of client-IP session affinity.'),
  [C + 'LoadBalancerStatus']: loose('The ingress points (ip or hostname) of a load balancer.'),
  [C + 'Endpoints']: struct('The addresses and ports that implement a service.', {
    ...objectHeader('Endpoints'),
    subsets: refList(C + 'EndpointSubset', 'Groups of addresses that share the same ports.'),
  }),
  [C + 'EndpointSubset']: struct('Addresses that all expose the same ports.', {
    addresses: refList(C + 'EndpointAddress', 'Ready addresses that receive traffic.'),
    notReadyAddresses: refList(C + 'EndpointAddress', 'Addresses of pods not ready yet.'),
    ports: refList(C + 'EndpointPort', 'The ports at each address.'),
  }),
  [C + 'EndpointAddress']: struct(
    'One backend address.',
    {
      hostname: str('The backend’s hostname, if any.'),
      ip: str('The IP address.'),
      nodeName: str('The node hosting the backend.'),
      targetRef: ref(C + 'ObjectReference', 'The pod behind the address.'),
    },
    ['ip'],
  ),
  [C + 'EndpointPort']: struct(
    'One backend port.',
    {
      appProtocol: str('The application protocol.'),
      name: str('Matches the service port’s name.'),
      port: int('The port number.'),
      protocol: str('TCP, UDP or SCTP.'),
    },
    ['port'],
  ),
};
