/**
 * The whole iptables rule set of iptables mode (k8s-internals §6.1), rendered as
 * `iptables-restore --noflush` input for the filter and nat tables, laid out as upstream
 * kube-proxy writes it:
 *
 *   nat:    KUBE-SERVICES → KUBE-SVC-<h> (cluster IP) | KUBE-EXT-<h> (external IP) | KUBE-NODEPORTS (last)
 *           KUBE-NODEPORTS → KUBE-EXT-<h> → KUBE-MARK-MASQ, KUBE-SVC-<h>
 *           KUBE-SVC-<h> → [masquerade off-cluster sources] → [ClientIP affinity] → statistic → KUBE-SEP-<e>
 *           KUBE-SEP-<e> → hairpin masquerade, DNAT to the endpoint
 *           KUBE-POSTROUTING masquerades what KUBE-MARK-MASQ marked (bit 0x4000)
 *   filter: REJECT for service ports without endpoints; KUBE-FORWARD accepts marked and tracked traffic
 *
 * Pure: the same entries and options always give the same text (golden-tested). Per-service chains
 * that exist in the kernel but are not rendered again are declared (flushed) and deleted with `-X`,
 * so a deleted Service leaves nothing behind. The jumps from the built-in chains into KUBE-* are
 * not part of this text (a `--noflush` append would duplicate them each sync); the backend ensures
 * them once.
 */
import type { ServiceEndpoint, ServicePortEntry } from '../service-table';
import {
  PER_SERVICE_CHAIN,
  endpointChain,
  externalChain,
  lowerProtocol,
  serviceChain,
} from './chain-names';
import { TableWriter, comment } from './restore-text';
import { addForwardAcceptRules, addMasqueradeRules } from './shared-rules';

/** Bit 14, upstream's default --iptables-masquerade-bit. */
export { MASQ_MARK } from './shared-rules';
/** Upstream's default sessionAffinityConfig.clientIP.timeoutSeconds (3 hours). */
export const DEFAULT_AFFINITY_TIMEOUT = 10800;

export interface IptablesRenderOptions {
  /**
   * --cluster-cidr: traffic to a cluster IP from outside it is masqueraded so replies return
   * through this node. Unset = no local-traffic detector (upstream's behaviour without the flag).
   */
  clusterCIDR?: string;
  /** --masquerade-all: masquerade every packet sent to a cluster IP. */
  masqueradeAll?: boolean;
  /** Chains now in the nat table (from iptables-save); stale per-service ones get deleted. */
  existingNatChains?: readonly string[];
  /** ClientIP affinity timeout per "ns/svc" (sessionAffinityConfig); default 10800 s. */
  affinityTimeouts?: ReadonlyMap<string, number>;
}

export interface IptablesRuleSet {
  filter: string;
  nat: string;
}

/** `1/(n-i)` with upstream's `%0.10f`: each of n endpoints gets 1/n of new connections. */
export function probability(n: number): string {
  return (1 / n).toFixed(10);
}

const isIPv4 = (ip: string) => !ip.includes(':');

function match(protocol: string): string[] {
  const p = lowerProtocol(protocol);
  return ['-m', p, '-p', p];
}

export function renderIptablesRules(
  entries: readonly ServicePortEntry[],
  opts: IptablesRenderOptions = {},
): IptablesRuleSet {
  const filter = new TableWriter('filter');
  const nat = new TableWriter('nat');
  for (const c of [
    'KUBE-SERVICES',
    'KUBE-EXTERNAL-SERVICES',
    'KUBE-FORWARD',
    'KUBE-NODEPORTS',
    'KUBE-PROXY-FIREWALL',
  ]) {
    filter.chain(c);
  }
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) {
    nat.chain(c);
  }
  addMasqueradeRules(nat);

  for (const e of entries) renderServicePort(e, filter, nat, opts);

  // Must stay last: anything addressed to this node that no cluster/external IP rule claimed may
  // still be a NodePort.
  nat.rule(
    'KUBE-SERVICES',
    ...comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'),
    '-m',
    'addrtype',
    '--dst-type',
    'LOCAL',
    '-j',
    'KUBE-NODEPORTS',
  );

  filter.rule('KUBE-FORWARD', '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP');
  addForwardAcceptRules(filter);

  for (const c of [...(opts.existingNatChains ?? [])].sort()) {
    if (PER_SERVICE_CHAIN.test(c) && !nat.has(c)) nat.deleteChain(c);
  }
  return { filter: filter.toString(), nat: nat.toString() };
}

function renderServicePort(
  e: ServicePortEntry,
  filter: TableWriter,
  nat: TableWriter,
  opts: IptablesRenderOptions,
): void {
  const name = e.name;
  const proto = match(e.protocol);
  const clusterIPs = e.clusterIPs.filter(isIPv4);
  const externalIPs = e.externalIPs.filter(isIPv4);
  const port = String(e.port);

  if (e.endpoints.length === 0) {
    // No endpoint: refuse at once (ICMP port unreachable) rather than let connections time out.
    const reject = [...comment(`${name} has no endpoints`)];
    for (const ip of clusterIPs) {
      filter.rule('KUBE-SERVICES', ...reject, ...proto, '-d', ip, '--dport', port, '-j', 'REJECT');
    }
    for (const ip of externalIPs) {
      filter.rule(
        'KUBE-EXTERNAL-SERVICES',
        ...reject,
        ...proto,
        '-d',
        ip,
        '--dport',
        port,
        '-j',
        'REJECT',
      );
    }
    if (e.nodePort) {
      filter.rule(
        'KUBE-EXTERNAL-SERVICES',
        ...reject,
        '-m',
        'addrtype',
        '--dst-type',
        'LOCAL',
        ...proto,
        '--dport',
        String(e.nodePort),
        '-j',
        'REJECT',
      );
    }
    return;
  }

  const svc = serviceChain(name, e.protocol);
  const ext = externalChain(name, e.protocol);
  const hasExternal = externalIPs.length > 0 || !!e.nodePort;
  nat.chain(svc);
  if (hasExternal) nat.chain(ext);
  const seps = e.endpoints.map((ep) => endpointChain(name, e.protocol, `${ep.ip}:${ep.port}`));
  for (const sep of seps) nat.chain(sep);

  for (const ip of clusterIPs) {
    nat.rule(
      'KUBE-SERVICES',
      ...comment(`${name} cluster IP`),
      ...proto,
      '-d',
      ip,
      '--dport',
      port,
      '-j',
      svc,
    );
  }
  for (const ip of externalIPs) {
    nat.rule(
      'KUBE-SERVICES',
      ...comment(`${name} external IP`),
      ...proto,
      '-d',
      ip,
      '--dport',
      port,
      '-j',
      ext,
    );
  }
  if (e.nodePort) {
    nat.rule(
      'KUBE-NODEPORTS',
      ...comment(name),
      ...proto,
      '--dport',
      String(e.nodePort),
      '-j',
      ext,
    );
  }
  if (hasExternal) {
    // Traffic from outside the cluster must come back through this node: always masquerade it.
    nat.rule(
      ext,
      ...comment(`masquerade traffic for ${name} external destinations`),
      '-j',
      'KUBE-MARK-MASQ',
    );
    nat.rule(ext, '-j', svc);
  }

  for (const ip of clusterIPs) {
    const head = [...comment(`${name} cluster IP`), ...proto, '-d', ip, '--dport', port];
    if (opts.masqueradeAll) nat.rule(svc, ...head, '-j', 'KUBE-MARK-MASQ');
    else if (opts.clusterCIDR)
      nat.rule(svc, ...head, '!', '-s', opts.clusterCIDR, '-j', 'KUBE-MARK-MASQ');
  }

  const affinity = e.sessionAffinity === 'ClientIP';
  if (affinity) {
    const timeout =
      opts.affinityTimeouts?.get(`${e.namespace}/${e.service}`) ?? DEFAULT_AFFINITY_TIMEOUT;
    e.endpoints.forEach((ep, i) => {
      nat.rule(
        svc,
        ...comment(`${name} -> ${ep.ip}:${ep.port}`),
        '-m',
        'recent',
        '--name',
        seps[i]!,
        '--rcheck',
        '--seconds',
        String(timeout),
        '--reap',
        '-j',
        seps[i]!,
      );
    });
  }
  const n = e.endpoints.length;
  e.endpoints.forEach((ep, i) => {
    const stat =
      i < n - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', probability(n - i)] : [];
    nat.rule(svc, ...comment(`${name} -> ${ep.ip}:${ep.port}`), ...stat, '-j', seps[i]!);
  });

  e.endpoints.forEach((ep, i) => renderEndpoint(nat, seps[i]!, e, ep, affinity));
}

function renderEndpoint(
  nat: TableWriter,
  sep: string,
  e: ServicePortEntry,
  ep: ServiceEndpoint,
  affinity: boolean,
): void {
  // Hairpin: a pod reaching itself through its Service must be masqueraded or the reply would
  // bypass the DNAT and be dropped by the client.
  nat.rule(sep, ...comment(e.name), '-s', ep.ip, '-j', 'KUBE-MARK-MASQ');
  const recent = affinity ? ['-m', 'recent', '--name', sep, '--set'] : [];
  nat.rule(
    sep,
    ...comment(e.name),
    ...recent,
    ...match(e.protocol),
    '-j',
    'DNAT',
    '--to-destination',
    `${ep.ip}:${ep.port}`,
  );
}

/** Every rule set ends with this: restore input for both tables, filter first as upstream writes. */
export function restoreInput(rules: IptablesRuleSet): string {
  return rules.filter + rules.nat;
}
