/**
 * The cluster DNS server on a real node, and how 10.96.0.10 reaches it. CoreDNS would run as pods
 * labelled k8s-app=kube-dns, found by the kube-dns Service's selector; kubelab's DNS is this
 * process instead, so it announces itself the way any out-of-cluster backend does: an extra
 * EndpointSlice for the kube-dns Service, `managed-by: cluster-dns.kubelab.dev` (the endpointslice
 * controller leaves slices of other managers alone, and kube-proxy merges all slices of a Service).
 * The slice names the node's address and the server's unprivileged port (10053) under the
 * Service's port names `dns` (UDP) and `dns-tcp` (TCP), so kube-proxy's rules DNAT a pod's
 * `10.96.0.10:53` query to `<node IP>:10053` — the same path as any ClusterIP.
 *
 * Contract: start() resolves once the zone's caches synced, both sockets listen and the slice is
 * written (replaced if a previous run left one); stop() deletes the slice, then closes the server.
 */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { readFileSync } from 'node:fs';
import type { TraceSink } from '../../src-shared/trace';
import { RESOURCES } from '../api/resources';
import { isAlreadyExists, type ApiClient } from '../client';
import { KUBE_DNS_IP } from './kube-dns-service';
import { ZoneFeed, startDnsServer, type DnsServer } from './server';

const SLICES = RESOURCES.find((r) => r.resource === 'endpointslices')!;

export const NODE_DNS_PORT = 10053;
export const DNS_SLICE_MANAGER = 'cluster-dns.kubelab.dev';

export interface NodeDnsOptions {
  client: ApiClient;
  nodeName: string;
  /** The node's address: where the server listens and what the slice names. */
  host: string;
  port?: number;
  /** Out-of-cluster names go here; default: the first nameserver of /etc/resolv.conf. */
  upstream?: string;
  trace?: TraceSink;
}

export function dnsSlice(nodeName: string, ip: string, port: number): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `kube-dns-${nodeName}`,
      namespace: 'kube-system',
      labels: {
        'kubernetes.io/service-name': 'kube-dns',
        'endpointslice.kubernetes.io/managed-by': DNS_SLICE_MANAGER,
      },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [ip], conditions: { ready: true }, nodeName }],
    ports: [
      { name: 'dns', protocol: 'UDP', port },
      { name: 'dns-tcp', protocol: 'TCP', port },
    ],
  };
}

/** The node's own resolver, unless it is the cluster DNS itself (a loop). */
export function upstreamFromResolvConf(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (m && m[1] !== KUBE_DNS_IP && !m[1]!.includes(':')) return m[1];
  }
  return undefined;
}

export interface NodeDns {
  server: DnsServer;
  stop(): Promise<void>;
}

export async function startNodeDns(o: NodeDnsOptions): Promise<NodeDns> {
  const port = o.port ?? NODE_DNS_PORT;
  let upstream = o.upstream;
  if (upstream === undefined) {
    try {
      upstream = upstreamFromResolvConf(readFileSync('/etc/resolv.conf', 'utf8'));
    } catch {
      upstream = undefined;
    }
  }
  const feed = new ZoneFeed({ client: o.client });
  await feed.start();
  let server: DnsServer;
  try {
    server = await startDnsServer({
      zone: () => feed.current(),
      host: o.host,
      port,
      ...(upstream ? { upstream } : {}),
      ...(o.trace ? { trace: o.trace } : {}),
      instance: o.nodeName,
    });
  } catch (err) {
    await feed.stop();
    throw err;
  }
  const slices = o.client.resource<EndpointSlice>(SLICES).namespace('kube-system');
  const slice = dnsSlice(o.nodeName, o.host, server.port);
  try {
    await slices.create(slice);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    await slices.delete(slice.metadata!.name!);
    await slices.create(slice);
  }
  return {
    server,
    async stop() {
      // Best effort: a cluster that is going down may no longer answer, and a stale slice is
      // replaced by the next start anyway.
      await slices.delete(slice.metadata!.name!).catch(() => {});
      await server.close();
      await feed.stop();
    },
  };
}
