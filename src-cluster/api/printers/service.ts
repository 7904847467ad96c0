/**
 * Services and their Endpoints: how a client reaches a set of pods, and which pod addresses are
 * behind it right now.
 */
import type { Endpoints, Service, ServicePort } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, column, nameColumn, wideColumn } from './columns';
import { ageSince } from './duration';
import { formatLabels, joinHostPort, listWithMore, NONE } from './format';
import { definePrinter } from './table';

const SERVICE_COLUMNS = [
  nameColumn(),
  column('Type', 'ClusterIP, NodePort, LoadBalancer or ExternalName.'),
  column('Cluster-IP', 'The virtual IP inside the cluster ("None" for headless services).'),
  column('External-IP', 'Addresses reachable from outside the cluster.'),
  column('Port(s)', 'Service ports as port[:nodePort]/protocol.'),
  AGE_COLUMN,
  wideColumn('Selector', 'Labels of the pods that back this service.'),
];

/** "80:30080/TCP,443/TCP". Protocol defaults to TCP, as the server defaults it on write. */
export function servicePorts(ports: readonly ServicePort[] | undefined): string {
  const text = (ports ?? [])
    .map((p) => {
      const proto = p.protocol ?? 'TCP';
      return p.nodePort ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
    })
    .join(',');
  return text || NONE;
}

/** Load-balancer ingress IPs (or hostnames), sorted and de-duplicated. */
function ingressAddresses(svc: Service): string[] {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort();
}

/**
 * External-IP: spec.externalIPs for ClusterIP/NodePort, the load balancer's ingress (then any
 * externalIPs) for LoadBalancer — `<pending>` until the cloud assigns one — and the DNS name for
 * ExternalName.
 */
export function serviceExternalIP(svc: Service): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : NONE;
    case 'LoadBalancer': {
      const all = [...ingressAddresses(svc), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export const servicePrinter = definePrinter<Service>(SERVICE_COLUMNS, (svc, now) => [
  svc.metadata?.name ?? '',
  svc.spec?.type ?? 'ClusterIP',
  svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || NONE,
  serviceExternalIP(svc),
  servicePorts(svc.spec?.ports),
  ageSince(svc.metadata?.creationTimestamp, now),
  formatLabels(svc.spec?.selector),
]);

/** How many ready addresses the Endpoints column lists before summarising the rest. */
const MAX_SHOWN = 3;

/**
 * Ready addresses as "ip:port", every port of a subset crossed with its addresses (ports outer),
 * or bare IPs for a subset without ports (headless). Not-ready addresses are left out: they receive
 * no traffic. `<none>` when there are no subsets at all, "" when subsets exist but none is ready.
 */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return NONE;
  const list: string[] = [];
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) list.push(...addresses.map((a) => a.ip));
    else for (const p of ports) list.push(...addresses.map((a) => joinHostPort(a.ip, p.port)));
  }
  return listWithMore(list, MAX_SHOWN, '');
}

export const endpointsPrinter = definePrinter<Endpoints>(
  [nameColumn(), column('Endpoints', 'Ready pod addresses behind the service.'), AGE_COLUMN],
  (ep, now) => [
    ep.metadata?.name ?? '',
    formatEndpoints(ep),
    ageSince(ep.metadata?.creationTimestamp, now),
  ],
);
