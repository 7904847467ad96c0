/**
 * The cluster DNS zone computed from Services and EndpointSlices (k8s-internals A.3), as CoreDNS's
 * kubernetes plugin serves it:
 * - `<svc>.<ns>.svc.<domain>` A → the ClusterIP; for a headless Service, the ready endpoints' IPs;
 * - `<hostname>.<svc>.<ns>.svc.<domain>` A → that endpoint (headless Services, endpoints with a
 *   hostname, e.g. StatefulSet pods);
 * - `_<port>._<proto>.<svc>.<ns>.svc.<domain>` SRV → port + target;
 * - ExternalName Services → CNAME.
 * Pod names (`a-b-c-d.<ns>.pod.<domain>`) need no data and are answered by the resolver.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';

export const CLUSTER_DOMAIN = 'cluster.local';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface SrvRecord {
  port: number;
  target: string;
}

export interface Zone {
  a: Map<string, string[]>;
  cname: Map<string, string>;
  srv: Map<string, SrvRecord[]>;
}

function add<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Ready endpoints per Service, with hostnames, from its slices. */
function readyEndpoints(slices: readonly EndpointSlice[]) {
  const out = new Map<string, { ip: string; hostname?: string; ports: EndpointSlice['ports'] }[]>();
  for (const s of slices) {
    const svc = s.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!svc || (s.addressType && s.addressType !== 'IPv4')) continue;
    const key = `${s.metadata?.namespace}/${svc}`;
    for (const ep of s.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses ?? []) {
        add(out, key, { ip, ...(ep.hostname ? { hostname: ep.hostname } : {}), ports: s.ports });
      }
    }
  }
  return out;
}

export function buildZone(
  services: readonly Service[],
  slices: readonly EndpointSlice[],
  domain = CLUSTER_DOMAIN,
): Zone {
  const zone: Zone = { a: new Map(), cname: new Map(), srv: new Map() };
  const eps = readyEndpoints(slices);
  for (const svc of services) {
    const ns = svc.metadata?.namespace ?? '';
    const name = svc.metadata?.name ?? '';
    const fqdn = `${name}.${ns}.svc.${domain}`;
    if (svc.spec?.type === 'ExternalName') {
      if (svc.spec.externalName) zone.cname.set(fqdn, svc.spec.externalName.toLowerCase());
      continue;
    }
    const headless = svc.spec?.clusterIP === 'None';
    const mine = eps.get(`${ns}/${name}`) ?? [];
    if (headless) {
      for (const e of mine) {
        add(zone.a, fqdn, e.ip);
        if (e.hostname) add(zone.a, `${e.hostname}.${fqdn}`, e.ip);
      }
    } else if (svc.spec?.clusterIP) {
      zone.a.set(fqdn, [...(svc.spec.clusterIPs ?? [svc.spec.clusterIP])]);
    }
    for (const p of svc.spec?.ports ?? []) {
      if (!p.name) continue;
      const srvName = `_${p.name}._${(p.protocol ?? 'TCP').toLowerCase()}.${fqdn}`;
      if (!headless) {
        add(zone.srv, srvName, { port: p.port, target: fqdn });
        continue;
      }
      for (const e of mine) {
        const port = e.ports?.find((x) => x.name === p.name)?.port;
        if (port === undefined) continue;
        const target = e.hostname
          ? `${e.hostname}.${fqdn}`
          : `${e.ip.replaceAll('.', '-')}.${fqdn}`;
        add(zone.srv, srvName, { port, target });
      }
    }
  }
  for (const list of zone.a.values()) list.sort();
  return zone;
}
