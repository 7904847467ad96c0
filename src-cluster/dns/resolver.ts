/**
 * Name lookup over a Zone the way a pod with `dnsPolicy: ClusterFirst` sees it (k8s-internals
 * A.3): resolv.conf has `search <ns>.svc.<domain> svc.<domain> <domain>` and `options ndots:5`, so
 * a name with fewer than 5 dots is tried with each search suffix first, then as given; a name
 * ending in "." is absolute. CNAMEs (ExternalName) are returned, not chased: the target is outside
 * the cluster and the sim has no upstream resolver.
 */
import { CLUSTER_DOMAIN, type SrvRecord, type Zone } from './records';

export type DnsAnswer =
  | { name: string; type: 'A'; addresses: string[] }
  | { name: string; type: 'CNAME'; target: string }
  | { name: string; type: 'NXDOMAIN' };

export interface ResolveOptions {
  /** The asking pod's namespace (first search domain); default "default". */
  namespace?: string;
}

const POD_NAME = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\.[a-z0-9-]+\.pod\./;

export function searchList(namespace: string, domain = CLUSTER_DOMAIN): string[] {
  return [`${namespace}.svc.${domain}`, `svc.${domain}`, domain];
}

/** The fully-qualified names a query expands to, in the order a resolver tries them. */
export function candidates(name: string, namespace: string, domain = CLUSTER_DOMAIN): string[] {
  const lower = name.toLowerCase();
  if (lower.endsWith('.')) return [lower.slice(0, -1)];
  const dots = lower.split('.').length - 1;
  const searched = searchList(namespace, domain).map((s) => `${lower}.${s}`);
  return dots >= 5 ? [lower, ...searched] : [...searched, lower];
}

function lookupOne(zone: Zone, fqdn: string, domain: string): DnsAnswer | undefined {
  const a = zone.a.get(fqdn);
  if (a && a.length > 0) return { name: fqdn, type: 'A', addresses: [...a] };
  const cname = zone.cname.get(fqdn);
  if (cname) return { name: fqdn, type: 'CNAME', target: cname };
  // Pod A records are synthesised from the name itself ("pods insecure", as kubeadm's CoreDNS).
  const m = POD_NAME.exec(fqdn);
  if (m && fqdn.endsWith(`.pod.${domain}`) && m.slice(1, 5).every((o) => Number(o) <= 255)) {
    return { name: fqdn, type: 'A', addresses: [m.slice(1, 5).join('.')] };
  }
  return undefined;
}

export function resolveName(
  zone: Zone,
  name: string,
  opts: ResolveOptions = {},
  domain = CLUSTER_DOMAIN,
): DnsAnswer {
  const tried = candidates(name, opts.namespace ?? 'default', domain);
  for (const fqdn of tried) {
    const hit = lookupOne(zone, fqdn, domain);
    if (hit) return hit;
  }
  return { name: tried[tried.length - 1]!, type: 'NXDOMAIN' };
}

export function resolveSrv(zone: Zone, fqdn: string): SrvRecord[] {
  return [...(zone.srv.get(fqdn.toLowerCase().replace(/\.$/, '')) ?? [])];
}
