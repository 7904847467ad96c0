/**
 * Services + EndpointSlices → one entry per service port with the endpoints traffic may go to.
 * This is the policy every backend shares (k8s-internals §6.1): which Services get rules, how a
 * service port finds its endpoints' port (by port name in the slice), and which endpoints count
 * (ready ones; if none is ready, terminating-but-serving ones as a fallback). Backends only decide
 * how to program the result.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface ServiceEndpoint {
  ip: string;
  port: number;
  nodeName?: string;
  ready: boolean;
  terminating: boolean;
}

export interface ServicePortEntry {
  /** "<ns>/<svc>:<portName>", or "<ns>/<svc>" for an unnamed port (upstream's servicePortName). */
  name: string;
  namespace: string;
  service: string;
  portName: string;
  protocol: string;
  type: string;
  clusterIPs: string[];
  port: number;
  nodePort?: number;
  /** Load-balancer ingress IPs and externalIPs: also entry points. */
  externalIPs: string[];
  sessionAffinity: string;
  /** The endpoints traffic is sent to, in a stable order (by IP, then port). Empty = REJECT. */
  endpoints: ServiceEndpoint[];
}

/** Service types kube-proxy programs: headless and ExternalName Services have no virtual IP. */
function hasVirtualIp(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return svc.spec?.type !== 'ExternalName' && !!ip && ip !== 'None';
}

function slicesByService(slices: readonly EndpointSlice[]): Map<string, EndpointSlice[]> {
  const out = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    const svc = s.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!svc || (s.addressType && s.addressType !== 'IPv4')) continue;
    const key = `${s.metadata?.namespace ?? ''}/${svc}`;
    const list = out.get(key);
    if (list) list.push(s);
    else out.set(key, [s]);
  }
  return out;
}

function endpointsFor(
  slices: readonly EndpointSlice[],
  portName: string,
  protocol: string,
): ServiceEndpoint[] {
  const all: ServiceEndpoint[] = [];
  const seen = new Set<string>();
  for (const slice of slices) {
    const p = (slice.ports ?? []).find(
      (x) => (x.name ?? '') === portName && (x.protocol ?? 'TCP') === protocol,
    );
    if (p?.port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip) continue;
      const key = `${ip}:${p.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const c = ep.conditions ?? {};
      // Upstream treats an unset ready condition as ready; serving defaults to ready.
      const ready = c.ready !== false;
      const terminating = c.terminating === true;
      const serving = c.serving ?? ready;
      all.push({
        ip,
        port: p.port,
        ...(ep.nodeName ? { nodeName: ep.nodeName } : {}),
        ready: ready && !terminating,
        terminating: terminating && serving,
      });
    }
  }
  const usable = all.filter((e) => e.ready);
  const chosen = usable.length > 0 ? usable : all.filter((e) => e.terminating);
  return chosen.sort((a, b) => (a.ip === b.ip ? a.port - b.port : a.ip < b.ip ? -1 : 1));
}

export function buildServiceTable(
  services: readonly Service[],
  endpointSlices: readonly EndpointSlice[],
): ServicePortEntry[] {
  const bySvc = slicesByService(endpointSlices);
  const out: ServicePortEntry[] = [];
  for (const svc of services) {
    if (!hasVirtualIp(svc)) continue;
    const ns = svc.metadata?.namespace ?? '';
    const name = svc.metadata?.name ?? '';
    const slices = bySvc.get(`${ns}/${name}`) ?? [];
    const clusterIPs = svc.spec?.clusterIPs?.length
      ? [...svc.spec.clusterIPs]
      : [svc.spec!.clusterIP!];
    const externalIPs = [
      ...(svc.spec?.externalIPs ?? []),
      ...(svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip) => !!ip),
    ] as string[];
    for (const p of svc.spec?.ports ?? []) {
      const portName = p.name ?? '';
      const protocol = p.protocol ?? 'TCP';
      out.push({
        name: portName ? `${ns}/${name}:${portName}` : `${ns}/${name}`,
        namespace: ns,
        service: name,
        portName,
        protocol,
        type: svc.spec?.type ?? 'ClusterIP',
        clusterIPs,
        port: p.port,
        ...(p.nodePort ? { nodePort: p.nodePort } : {}),
        externalIPs,
        sessionAffinity: svc.spec?.sessionAffinity ?? 'None',
        endpoints: endpointsFor(slices, portName, protocol),
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
