// A fixed set of Services and EndpointSlices for the golden rule-set tests of both modes:
// a ClusterIP with three endpoints (one not ready), a NodePort with ClientIP affinity, a UDP
// port (kube-dns), a Service without endpoints (NodePort + external IP) and a headless Service.
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';

function svc(ns: string, name: string, spec: Service['spec']): Service {
  return { metadata: { name, namespace: ns }, spec };
}

function slice(
  ns: string,
  svcName: string,
  eps: { ip: string; ready?: boolean }[],
  ports: { name?: string; port: number; protocol: string }[],
): EndpointSlice {
  return {
    metadata: {
      name: `${svcName}-x1`,
      namespace: ns,
      labels: { 'kubernetes.io/service-name': svcName },
    },
    addressType: 'IPv4',
    endpoints: eps.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true } })),
    ports,
  };
}

export const services: Service[] = [
  svc('default', 'web', {
    type: 'ClusterIP',
    clusterIP: '10.96.0.50',
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  }),
  svc('default', 'shop', {
    type: 'NodePort',
    clusterIP: '10.96.0.60',
    sessionAffinity: 'ClientIP',
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
    ports: [{ port: 8080, protocol: 'TCP', nodePort: 30080 }],
  }),
  svc('kube-system', 'kube-dns', {
    type: 'ClusterIP',
    clusterIP: '10.96.0.10',
    ports: [{ name: 'dns', port: 53, protocol: 'UDP' }],
  }),
  svc('default', 'empty', {
    type: 'NodePort',
    clusterIP: '10.96.0.70',
    externalIPs: ['192.168.50.5'],
    ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30090 }],
  }),
  svc('default', 'headless', { clusterIP: 'None', ports: [{ port: 80, protocol: 'TCP' }] }),
];

export const slices: EndpointSlice[] = [
  slice(
    'default',
    'web',
    [
      { ip: '10.244.1.5' },
      { ip: '10.244.2.7' },
      { ip: '10.244.1.9', ready: false },
      { ip: '10.244.3.2' },
    ],
    [{ name: 'http', port: 8080, protocol: 'TCP' }],
  ),
  slice(
    'default',
    'shop',
    [{ ip: '10.244.2.3' }, { ip: '10.244.1.4' }],
    [{ port: 3000, protocol: 'TCP' }],
  ),
  slice(
    'kube-system',
    'kube-dns',
    [{ ip: '10.244.0.3' }],
    [{ name: 'dns', port: 53, protocol: 'UDP' }],
  ),
];
