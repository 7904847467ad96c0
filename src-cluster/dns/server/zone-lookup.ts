/**
 * Everything the cluster zone holds for one name, by record type — the server's view of the
 * Zone that records.ts builds. Beyond the Zone's own maps it synthesises what CoreDNS's
 * kubernetes plugin answers without storing:
 * - pod names `<a-b-c-d>.<ns>.pod.<domain>` → A a.b.c.d ("pods insecure": any well-formed name);
 * - `<a-b-c-d>.<svc>.<ns>.svc.<domain>` → A a.b.c.d when that IP is one of the Service's records
 *   (the SRV target of a headless endpoint without a hostname);
 * - PTR from the reverse index.
 * `exists` tells NODATA (name exists, no record of the asked type: NOERROR, empty) from NXDOMAIN;
 * a name that only has names below it (`<ns>.svc.<domain>`) exists too, as in any DNS zone.
 */
import type { SrvRecord, Zone } from '../records';
import { ipKeyFromPtrName, reverseIndexOf } from './reverse';

export interface NameRecords {
  exists: boolean;
  a: string[];
  aaaa: string[];
  cname?: string;
  srv: SrvRecord[];
  ptr: string[];
}

const DASHED_V4 = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/;

function dashedIp(label: string): string | undefined {
  const m = DASHED_V4.exec(label);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255)) return undefined;
  return m.slice(1, 5).map(Number).join('.');
}

function hasNamesBelow(zone: Zone, fqdn: string): boolean {
  const tail = `.${fqdn}`;
  for (const m of [zone.a, zone.cname, zone.srv] as Map<string, unknown>[]) {
    for (const k of m.keys()) if (k.endsWith(tail)) return true;
  }
  return false;
}

/** Addresses for `fqdn` (lowercase, no trailing dot), synthesised names included. */
function addresses(zone: Zone, fqdn: string, domain: string): string[] {
  const direct = zone.a.get(fqdn);
  if (direct?.length) return direct;
  const [first, ...rest] = fqdn.split('.');
  const ip = first ? dashedIp(first) : undefined;
  if (!ip) return [];
  const parent = rest.join('.');
  if (rest.length === 4 && parent.endsWith(`.pod.${domain}`)) return [ip];
  if (parent.endsWith(`.svc.${domain}`) && zone.a.get(parent)?.includes(ip)) return [ip];
  return [];
}

export function lookupName(zone: Zone, fqdn: string, domain: string): NameRecords {
  const all = addresses(zone, fqdn, domain);
  const cname = zone.cname.get(fqdn);
  const srv = zone.srv.get(fqdn) ?? [];
  const ptrKey = ipKeyFromPtrName(fqdn);
  const ptr = ptrKey ? (reverseIndexOf(zone, domain).get(ptrKey) ?? []) : [];
  const records: NameRecords = {
    exists: false,
    a: all.filter((ip) => ip.includes('.')),
    aaaa: all.filter((ip) => ip.includes(':')),
    ...(cname ? { cname } : {}),
    srv,
    ptr,
  };
  records.exists =
    all.length > 0 ||
    cname !== undefined ||
    srv.length > 0 ||
    ptr.length > 0 ||
    fqdn === domain ||
    hasNamesBelow(zone, fqdn);
  return records;
}
