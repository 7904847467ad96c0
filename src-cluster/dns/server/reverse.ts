/**
 * Reverse lookups (PTR) over the cluster zone, as the Corefile's `kubernetes … in-addr.arpa
 * ip6.arpa` line asks: an IP that is a Service's ClusterIP answers with the Service's name; an
 * endpoint IP of a headless Service answers with its hostname name (`<hostname>.<svc>.<ns>.svc…`)
 * when it has one, else with the Service's name. (CoreDNS would synthesise `<a-b-c-d>.<svc>…` for
 * a hostname-less endpoint; the Zone does not say which Services are headless, so we stay with the
 * name the zone really holds — it resolves back to the IP, which is what a PTR check needs.)
 *
 * Contract: reverseIndexOf(zone) is computed once per Zone object (the feed replaces the Zone on
 * every change, never mutates it), so a PTR query costs one map lookup.
 */
import type { Zone } from '../records';
import { ipv6Bytes } from './codec';

/** The key an address is indexed under: dotted IPv4, or 32 lowercase hex nibbles for IPv6. */
export function ipKey(address: string): string | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return address;
  if (!address.includes(':')) return undefined;
  try {
    return ipv6Bytes(address)
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
  } catch {
    return undefined;
  }
}

/** `4.3.2.1.in-addr.arpa` → "1.2.3.4"; the 32-nibble ip6.arpa form → its ipKey; else undefined. */
export function ipKeyFromPtrName(fqdn: string): string | undefined {
  const labels = fqdn.toLowerCase().replace(/\.$/, '').split('.');
  const tail = labels.slice(-2).join('.');
  const head = labels.slice(0, -2).reverse();
  if (tail === 'in-addr.arpa' && head.length === 4) {
    return head.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255) ? head.join('.') : undefined;
  }
  if (tail === 'ip6.arpa' && head.length === 32 && head.every((n) => /^[0-9a-f]$/.test(n))) {
    return head.join('');
  }
  return undefined;
}

/** The PTR owner name of an address ("10.96.0.10" → "10.0.96.10.in-addr.arpa"). */
export function ptrName(address: string): string {
  const key = ipKey(address);
  if (!key) throw new Error(`not an IP address: ${address}`);
  if (key.includes('.')) return `${key.split('.').reverse().join('.')}.in-addr.arpa`;
  return `${[...key].reverse().join('.')}.ip6.arpa`;
}

const cache = new WeakMap<Zone, Map<string, string[]>>();

export function reverseIndexOf(zone: Zone, domain: string): Map<string, string[]> {
  let index = cache.get(zone);
  if (index) return index;
  const serviceNames = new Map<string, string[]>();
  const hostNames = new Map<string, string[]>();
  // <svc>.<ns>.svc.<domain> has 3 labels before the domain; <host>.<svc>.<ns>.svc.<domain> has 4.
  const suffix = `.svc.${domain}`;
  for (const [name, addresses] of zone.a) {
    if (!name.endsWith(suffix)) continue;
    const depth = name.slice(0, -suffix.length).split('.').length;
    const into = depth === 2 ? serviceNames : depth === 3 ? hostNames : undefined;
    if (!into) continue;
    for (const addr of addresses) {
      const key = ipKey(addr);
      if (!key) continue;
      const list = into.get(key) ?? [];
      list.push(name);
      into.set(key, list);
    }
  }
  index = new Map(serviceNames);
  for (const [key, names] of hostNames) index.set(key, names);
  for (const names of index.values()) names.sort();
  cache.set(zone, index);
  return index;
}
