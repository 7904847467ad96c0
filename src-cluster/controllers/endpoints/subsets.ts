/**
 * Endpoints subsets from a Service's pod endpoints: pods serving the same resolved ports share a
 * subset; within it Ready pods are `addresses` and the rest `notReadyAddresses`. Output is sorted
 * so that an unchanged world yields an identical object and no write.
 */
import type { EndpointAddress, EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1';
import { portsKey, type PodEndpoint } from '../framework/service-endpoints';

function address(ep: PodEndpoint, svc: Service): EndpointAddress {
  const pod: Pod = ep.pod;
  const hostname =
    pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name ? pod.spec.hostname : undefined;
  return {
    ip: ep.ip,
    ...(hostname ? { hostname } : {}),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata!.namespace,
      name: pod.metadata!.name,
      uid: pod.metadata!.uid,
    },
  };
}

export function buildSubsets(svc: Service, endpoints: readonly PodEndpoint[]): EndpointSubset[] {
  const groups = new Map<
    string,
    { ports: PodEndpoint['ports']; ready: EndpointAddress[]; notReady: EndpointAddress[] }
  >();
  for (const ep of endpoints) {
    const key = portsKey(ep.ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: ep.ports, ready: [], notReady: [] }));
    (ep.ready ? g.ready : g.notReady).push(address(ep, svc));
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => ({
      ...(g.ready.length ? { addresses: g.ready } : {}),
      ...(g.notReady.length ? { notReadyAddresses: g.notReady } : {}),
      ...(g.ports.length ? { ports: g.ports.map((p) => ({ ...p })) } : {}),
    }));
}
