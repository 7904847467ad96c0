/**
 * Which EndpointSlices a Service should have, and how to get there from the ones it has with the
 * fewest writes: endpoints are grouped by address family and resolved ports, cut into slices of
 * at most maxEndpointsPerSlice, and each wanted slice reuses an existing slice of the same group
 * (unchanged ones are left alone, others updated in place); only what is left over is created or
 * deleted.
 */
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { portsKey, type PodEndpoint, type ResolvedPort } from '../framework/service-endpoints';

export interface WantedSlice {
  addressType: 'IPv4' | 'IPv6';
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

export interface SlicePlan {
  create: WantedSlice[];
  update: { slice: EndpointSlice; want: WantedSlice }[];
  delete: EndpointSlice[];
}

function toEndpoint(ep: PodEndpoint): Endpoint {
  const pod = ep.pod;
  return {
    addresses: [ep.ip],
    conditions: { ready: ep.ready, serving: ep.serving, terminating: ep.terminating },
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata!.namespace,
      name: pod.metadata!.name,
      uid: pod.metadata!.uid,
    },
  };
}

function toPorts(ports: readonly ResolvedPort[]): EndpointPort[] {
  return ports.map((p) => ({
    name: p.name ?? '',
    port: p.port,
    protocol: p.protocol,
    ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
  }));
}

/** The slices a Service's endpoints call for. */
export function wantedSlices(
  endpoints: readonly PodEndpoint[],
  maxPerSlice: number,
): WantedSlice[] {
  const groups = new Map<
    string,
    { type: 'IPv4' | 'IPv6'; ports: ResolvedPort[]; eps: Endpoint[] }
  >();
  for (const ep of endpoints) {
    const type = ep.ip.includes(':') ? 'IPv6' : 'IPv4';
    const key = `${type} ${portsKey(ep.ports)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { type, ports: ep.ports, eps: [] }));
    g.eps.push(toEndpoint(ep));
  }
  const out: WantedSlice[] = [];
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    for (let i = 0; i < g.eps.length; i += maxPerSlice) {
      out.push({
        addressType: g.type,
        ports: toPorts(g.ports),
        endpoints: g.eps.slice(i, i + maxPerSlice),
      });
    }
  }
  return out;
}

const groupOf = (s: { addressType?: string; ports?: readonly EndpointPort[] | null }) =>
  `${s.addressType} ${JSON.stringify(
    [...(s.ports ?? [])]
      .map((p) => [p.name ?? '', p.port, p.protocol ?? 'TCP', p.appProtocol ?? ''])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  )}`;

/** True when slice already holds exactly what want describes. */
export function sliceMatches(slice: EndpointSlice, want: WantedSlice): boolean {
  return (
    groupOf(slice) === groupOf(want) &&
    JSON.stringify(slice.endpoints ?? []) === JSON.stringify(want.endpoints)
  );
}

/** The writes that turn `existing` into `wanted`. */
export function planSlices(
  existing: readonly EndpointSlice[],
  wanted: readonly WantedSlice[],
): SlicePlan {
  const unused = [...existing];
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const take = (pred: (s: EndpointSlice) => boolean) => {
    const i = unused.findIndex(pred);
    return i < 0 ? undefined : unused.splice(i, 1)[0];
  };
  const rest: WantedSlice[] = [];
  // First pass: slices already exactly right stay untouched.
  for (const want of wanted) if (!take((s) => sliceMatches(s, want))) rest.push(want);
  for (const want of rest) {
    const reuse = take((s) => groupOf(s) === groupOf(want));
    if (reuse) plan.update.push({ slice: reuse, want });
    else plan.create.push(want);
  }
  plan.delete = unused;
  return plan;
}
