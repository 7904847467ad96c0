/**
 * The no-VM data path: instead of programming the kernel, keep the service table in memory and
 * answer "where does a connection to this address go?" the way the kernel would after kube-proxy's
 * rules: ClusterIP:port, a load-balancer/external IP:port, or any node's NodePort, to one usable
 * endpoint. It round-robins like IPVS's `rr` scheduler (iptables picks at random; round-robin is
 * deterministic, so tests and labs can predict it), honours ClientIP session affinity, and refuses
 * a Service with no usable endpoint the way iptables' REJECT rule does.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { ProxyBackend } from '../backend';
import { buildServiceTable, type ServiceEndpoint, type ServicePortEntry } from '../service-table';

export interface Destination {
  ip: string;
  port: number;
  /** TCP unless given. */
  protocol?: string;
  /** The connecting client's address, for ClientIP session affinity. */
  clientIp?: string;
}

export type Resolution =
  | { ok: true; service: string; endpoint: ServiceEndpoint }
  /** no-service: nothing listens on that address (no rule matches). no-endpoints: REJECT. */
  | { ok: false; reason: 'no-service' | 'no-endpoints'; service?: string };

export class SimProxyBackend implements ProxyBackend {
  readonly name = 'sim';
  private table: ServicePortEntry[] = [];
  private byVip = new Map<string, ServicePortEntry>();
  private byNodePort = new Map<string, ServicePortEntry>();
  /** Round-robin position per service port; survives syncs so a resync does not reset it. */
  private readonly next = new Map<string, number>();
  /** ClientIP affinity: service port → client IP → chosen "ip:port". */
  private readonly affinity = new Map<string, Map<string, string>>();
  private syncs = 0;

  syncRules(services: readonly Service[], endpointSlices: readonly EndpointSlice[]): void {
    const table = buildServiceTable(services, endpointSlices);
    const byVip = new Map<string, ServicePortEntry>();
    const byNodePort = new Map<string, ServicePortEntry>();
    for (const e of table) {
      for (const ip of [...e.clusterIPs, ...e.externalIPs]) {
        byVip.set(vipKey(ip, e.port, e.protocol), e);
      }
      if (e.nodePort) byNodePort.set(`${e.nodePort}/${e.protocol}`, e);
    }
    const names = new Set(table.map((e) => e.name));
    for (const k of [...this.next.keys()]) if (!names.has(k)) this.next.delete(k);
    for (const k of [...this.affinity.keys()]) if (!names.has(k)) this.affinity.delete(k);
    this.table = table;
    this.byVip = byVip;
    this.byNodePort = byNodePort;
    this.syncs++;
  }

  /** How many times rules were (re)programmed. */
  syncCount(): number {
    return this.syncs;
  }

  /** The programmed table, for `kubelab status`-style views and tests. */
  rules(): readonly ServicePortEntry[] {
    return this.table;
  }

  /** A connection to ip:port (ClusterIP, external or load-balancer IP). */
  resolve(dest: Destination): Resolution {
    const entry = this.byVip.get(vipKey(dest.ip, dest.port, dest.protocol ?? 'TCP'));
    return entry ? this.pick(entry, dest.clientIp) : { ok: false, reason: 'no-service' };
  }

  /** A connection to <any node IP>:nodePort. */
  resolveNodePort(nodePort: number, protocol = 'TCP', clientIp?: string): Resolution {
    const entry = this.byNodePort.get(`${nodePort}/${protocol}`);
    return entry ? this.pick(entry, clientIp) : { ok: false, reason: 'no-service' };
  }

  private pick(entry: ServicePortEntry, clientIp?: string): Resolution {
    const eps = entry.endpoints;
    if (eps.length === 0) return { ok: false, reason: 'no-endpoints', service: entry.name };
    const sticky = entry.sessionAffinity === 'ClientIP' && clientIp !== undefined;
    if (sticky) {
      const chosen = this.affinity.get(entry.name)?.get(clientIp);
      const ep = chosen && eps.find((e) => `${e.ip}:${e.port}` === chosen);
      if (ep) return { ok: true, service: entry.name, endpoint: ep };
    }
    const i = (this.next.get(entry.name) ?? 0) % eps.length;
    this.next.set(entry.name, i + 1);
    const ep = eps[i]!;
    if (sticky) {
      let m = this.affinity.get(entry.name);
      if (!m) this.affinity.set(entry.name, (m = new Map()));
      m.set(clientIp, `${ep.ip}:${ep.port}`);
    }
    return { ok: true, service: entry.name, endpoint: ep };
  }
}

function vipKey(ip: string, port: number, protocol: string): string {
  return `${ip}:${port}/${protocol}`;
}
