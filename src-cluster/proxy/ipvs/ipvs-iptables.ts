/**
 * The few iptables rules IPVS mode still needs (k8s-internals §6.2): IPVS does the DNAT, but
 * source NAT and the "let it through" decisions stay in netfilter.
 * - KUBE-SERVICES (nat) marks traffic to a cluster IP from outside the cluster CIDR (or all of it
 *   with --masquerade-all) for masquerade, and sends node-local destinations to KUBE-NODE-PORT,
 *   which marks NodePort traffic (it comes from outside, replies must return through this node).
 * - KUBE-POSTROUTING masquerades marked packets and hairpin traffic (a pod reaching itself
 *   through its Service: source and destination are the same endpoint).
 * - KUBE-FORWARD (filter) accepts marked and tracked traffic, as in iptables mode.
 *
 * Deviation from upstream, on purpose: upstream matches these through ipsets (KUBE-CLUSTER-IP,
 * KUBE-NODE-PORT-TCP, KUBE-LOOP-BACK …) so the rule count stays constant; kubelab writes one
 * rule per service port instead, which needs no `ipset` tool and reads plainly in
 * `iptables -t nat -S` at lab scale. Chain names and the 0x4000 mark are upstream's.
 */
import type { ServicePortEntry } from '../service-table';
import { addForwardAcceptRules, addMasqueradeRules } from '../iptables/shared-rules';
import { TableWriter, comment } from '../iptables/restore-text';
import type { Jump } from '../iptables/jumps';

export interface IpvsIptablesOptions {
  clusterCIDR?: string;
  masqueradeAll?: boolean;
}

/** Jumps from the built-in chains in IPVS mode. */
export const IPVS_JUMPS: readonly Jump[] = [
  { table: 'nat', from: 'OUTPUT', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'nat', from: 'PREROUTING', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  {
    table: 'nat',
    from: 'POSTROUTING',
    to: 'KUBE-POSTROUTING',
    comment: 'kubernetes postrouting rules',
  },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-FORWARD', comment: 'kubernetes forwarding rules' },
];

const isIPv4 = (ip: string) => !ip.includes(':');

function match(protocol: string): string[] {
  const p = protocol.toLowerCase();
  return ['-m', p, '-p', p];
}

/** `iptables-restore --noflush` input (filter, then nat) for IPVS mode. */
export function renderIpvsIptables(
  entries: readonly ServicePortEntry[],
  opts: IpvsIptablesOptions = {},
): string {
  const filter = new TableWriter('filter').chain('KUBE-FORWARD');
  const nat = new TableWriter('nat');
  for (const c of ['KUBE-SERVICES', 'KUBE-NODE-PORT', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) {
    nat.chain(c);
  }
  // Hairpin first: such packets carry no mark, so they must be caught before the RETURN below.
  for (const e of entries) {
    const proto = match(e.protocol);
    for (const ep of e.endpoints) {
      nat.rule(
        'KUBE-POSTROUTING',
        ...comment(`${e.name} hairpin`),
        ...proto,
        '-s',
        ep.ip,
        '-d',
        ep.ip,
        '--dport',
        String(ep.port),
        '-j',
        'MASQUERADE',
      );
    }
  }
  addMasqueradeRules(nat);

  for (const e of entries) {
    const proto = match(e.protocol);
    for (const ip of e.clusterIPs.filter(isIPv4)) {
      const head = [
        ...comment(`${e.name} cluster IP`),
        ...proto,
        '-d',
        ip,
        '--dport',
        String(e.port),
      ];
      if (opts.masqueradeAll) nat.rule('KUBE-SERVICES', ...head, '-j', 'KUBE-MARK-MASQ');
      else if (opts.clusterCIDR) {
        nat.rule('KUBE-SERVICES', ...head, '!', '-s', opts.clusterCIDR, '-j', 'KUBE-MARK-MASQ');
      }
    }
    for (const ip of e.externalIPs.filter(isIPv4)) {
      const head = [
        ...comment(`${e.name} external IP`),
        ...proto,
        '-d',
        ip,
        '--dport',
        String(e.port),
      ];
      nat.rule('KUBE-SERVICES', ...head, '-j', 'KUBE-MARK-MASQ');
    }
    if (e.nodePort) {
      nat.rule(
        'KUBE-NODE-PORT',
        ...comment(`${e.name} node port`),
        ...proto,
        '--dport',
        String(e.nodePort),
        '-j',
        'KUBE-MARK-MASQ',
      );
    }
  }
  nat.rule('KUBE-SERVICES', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODE-PORT');

  addForwardAcceptRules(filter);
  return filter.toString() + nat.toString();
}
