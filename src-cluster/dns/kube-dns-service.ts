/**
 * The `kube-system/kube-dns` Service, created once at cluster start as kubeadm's CoreDNS addon
 * does (k8s-internals A.1/A.3): ClusterIP 10.96.0.10 — the tenth address of the service CIDR, the
 * one every pod's resolv.conf names — ports 53/UDP, 53/TCP and 9153/TCP. In no-VM mode no pod
 * matches its selector; ClusterDns answers for it instead. Idempotent: an existing Service is kept.
 */
import type { Service } from 'kubernetes-types/core/v1';
import { RESOURCES } from '../api/resources';
import { isAlreadyExists, type ApiClient } from '../client';

const SERVICES = RESOURCES.find((r) => r.resource === 'services' && r.group === '')!;

export const KUBE_DNS_IP = '10.96.0.10';

export function kubeDnsService(clusterIP = KUBE_DNS_IP): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
      },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  };
}

/** Creates kube-system/kube-dns unless it exists; returns the Service as stored. */
export async function ensureKubeDnsService(client: ApiClient, clusterIP = KUBE_DNS_IP) {
  const services = client.resource<Service>(SERVICES).namespace('kube-system');
  try {
    return await services.create(kubeDnsService(clusterIP));
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    return services.get('kube-dns');
  }
}
