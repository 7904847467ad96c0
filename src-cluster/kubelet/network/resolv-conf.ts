/**
 * The `/etc/resolv.conf` a kubelet gives a pod (k8s-internals A.3), from its `dnsPolicy`, its
 * `dnsConfig`, the kubelet's `clusterDNS`/`clusterDomain` and the node's own resolv.conf
 * (`--resolv-conf`):
 * - ClusterFirst (the default): `nameserver <clusterDNS>` (10.96.0.10), `search <ns>.svc.<domain>
 *   svc.<domain> <domain>` followed by the node's search domains, `options ndots:5` — so short
 *   names find Services first. A hostNetwork pod with ClusterFirst gets Default instead (it shares
 *   the node's network, so it shares the node's DNS); ClusterFirstWithHostNet keeps the cluster.
 *   With no clusterDNS configured the kubelet falls back to Default and says so (MissingClusterDNS).
 * - Default: the node's nameservers, search domains and options. When the kubelet runs with
 *   `--resolv-conf=""` there is no node file: 127.0.0.1 and `search .`, i.e. no lookups.
 * - None: nothing but what `dnsConfig` says.
 * Then `dnsConfig` is merged in (nameservers and searches appended without duplicates, options
 * by name with the pod's value winning), and the result trimmed to what glibc reads: at most 3
 * nameservers, 32 search domains, 2048 characters of search line (DNSConfigForming events).
 *
 * Contract: pure — the caller reads the node file and records the returned events on the Pod.
 * It lives in the kubelet (as upstream's pkg/kubelet/network/dns) because the kubelet is its only
 * user and components may not import one another.
 */
import type { Pod } from 'kubernetes-types/core/v1';

/** kubelab's --cluster-domain and --cluster-dns defaults (the kube-dns Service's ClusterIP). */
export const CLUSTER_DOMAIN = 'cluster.local';
export const KUBE_DNS_IP = '10.96.0.10';

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  /** "ndots:5", "edns0", … as written after `options`. */
  options: string[];
}

export interface KubeletDnsSettings {
  /** --cluster-dns (kubelab: [10.96.0.10]). Empty: ClusterFirst falls back to Default. */
  clusterDNS?: string[];
  /** --cluster-domain (cluster.local). Empty: no cluster search domains. */
  clusterDomain?: string;
  /** The node's resolv.conf contents (--resolv-conf); undefined when the flag is "". */
  hostResolvConf?: string;
  /** The node's IPs, for the loopback nameserver family when there is no node file. */
  nodeIPs?: string[];
}

export interface DnsEvent {
  type: 'Warning';
  reason: 'MissingClusterDNS' | 'DNSConfigForming';
  message: string;
}

export interface PodDns extends ResolvConf {
  events: DnsEvent[];
}

export const MAX_NAMESERVERS = 3;
export const MAX_SEARCH_PATHS = 32;
export const MAX_SEARCH_CHARS = 2048;
export const DEFAULT_DNS_OPTIONS = ['ndots:5'];

/** Parses resolv.conf text: every nameserver, the last search/domain line, all options. */
export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...fields] = line.split(/\s+/);
    if (key === 'nameserver' && fields[0]) out.nameservers.push(fields[0]);
    // As in glibc, a later search (or domain) line replaces an earlier one.
    else if (key === 'search' || key === 'domain') {
      out.searches = fields.filter((s) => s !== '.').map((s) => s.replace(/\.$/, ''));
    } else if (key === 'options') out.options.push(...fields);
  }
  return out;
}

/** The file as containerd writes it into the sandbox. */
export function formatResolvConf(c: ResolvConf): string {
  const lines: string[] = [];
  if (c.searches.length) lines.push(`search ${c.searches.join(' ')}`);
  for (const ns of c.nameservers) lines.push(`nameserver ${ns}`);
  if (c.options.length) lines.push(`options ${c.options.join(' ')}`);
  return lines.join('\n') + '\n';
}

const unique = (list: string[]) => [...new Set(list)];

/** `<ns>.svc.<domain> svc.<domain> <domain>` then the node's own, duplicates dropped. */
export function clusterFirstSearches(namespace: string, domain: string, host: string[]): string[] {
  if (!domain) return host;
  return unique([`${namespace}.svc.${domain}`, `svc.${domain}`, domain, ...host]);
}

function mergeOptions(base: string[], extra: { name?: string; value?: string }[]): string[] {
  const order: string[] = [];
  const values = new Map<string, string | undefined>();
  const put = (name: string, value: string | undefined) => {
    if (!values.has(name)) order.push(name);
    values.set(name, value);
  };
  for (const o of base) {
    const [name, ...rest] = o.split(':');
    put(name!, rest.length ? rest.join(':') : undefined);
  }
  for (const o of extra) if (o.name) put(o.name, o.value);
  return order.map((n) => (values.get(n) === undefined ? n : `${n}:${values.get(n)}`));
}

function fitLimits(c: PodDns): PodDns {
  if (c.nameservers.length > MAX_NAMESERVERS) {
    c.nameservers = c.nameservers.slice(0, MAX_NAMESERVERS);
    c.events.push({
      type: 'Warning',
      reason: 'DNSConfigForming',
      message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${c.nameservers.join(' ')}`,
    });
  }
  let searches = c.searches;
  if (searches.length > MAX_SEARCH_PATHS) searches = searches.slice(0, MAX_SEARCH_PATHS);
  while (searches.join(' ').length > MAX_SEARCH_CHARS) searches = searches.slice(0, -1);
  if (searches.length !== c.searches.length) {
    c.searches = searches;
    c.events.push({
      type: 'Warning',
      reason: 'DNSConfigForming',
      message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${searches.join(' ')}`,
    });
  }
  return c;
}

type Kind = 'cluster' | 'host' | 'none';

function policyKind(pod: Pod): Kind {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'None') return 'none';
  if (policy === 'ClusterFirstWithHostNet') return 'cluster';
  if (policy === 'ClusterFirst') return pod.spec?.hostNetwork ? 'host' : 'cluster';
  return 'host';
}

/** The resolv.conf for `pod` on a kubelet configured with `k` (defaults: kubelab's). */
export function podDnsConfig(pod: Pod, k: KubeletDnsSettings = {}): PodDns {
  const clusterDNS = k.clusterDNS ?? [KUBE_DNS_IP];
  const domain = k.clusterDomain ?? CLUSTER_DOMAIN;
  const host: ResolvConf =
    k.hostResolvConf === undefined
      ? { nameservers: [], searches: [], options: [] }
      : parseResolvConf(k.hostResolvConf);

  const out: PodDns = { nameservers: [], searches: [], options: [], events: [] };
  let kind = policyKind(pod);
  if (kind === 'cluster' && clusterDNS.length === 0) {
    out.events.push({
      type: 'Warning',
      reason: 'MissingClusterDNS',
      message: `pod: "${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid ?? ''})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.`,
    });
    kind = 'host';
  }
  if (kind === 'cluster') {
    out.nameservers = [...clusterDNS];
    out.searches = clusterFirstSearches(
      pod.metadata?.namespace ?? 'default',
      domain,
      host.searches,
    );
    out.options = [...DEFAULT_DNS_OPTIONS];
  } else if (kind === 'host' && k.hostResolvConf === undefined) {
    // No node file (--resolv-conf=""): loopback in the node's family and `search .`, which
    // amounts to no lookups rather than silently using some other resolver.
    const ips = k.nodeIPs ?? [];
    out.nameservers = ips.length
      ? unique(ips.map((ip) => (ip.includes(':') ? '::1' : '127.0.0.1')))
      : ['127.0.0.1'];
    out.searches = ['.'];
  } else if (kind === 'host') {
    out.nameservers = [...host.nameservers];
    out.searches = [...host.searches];
    out.options = [...host.options];
  }
  const extra = pod.spec?.dnsConfig;
  if (extra) {
    out.nameservers = unique([...out.nameservers, ...(extra.nameservers ?? [])]);
    out.searches = unique([...out.searches, ...(extra.searches ?? [])]);
    out.options = mergeOptions(out.options, extra.options ?? []);
  }
  return fitLimits(out);
}
