/**
 * Rules both proxy modes write the same way (iptables and IPVS): the masquerade mark and its
 * POSTROUTING handling, and the KUBE-FORWARD accepts for marked and established traffic.
 */
import { TableWriter, comment } from './restore-text';

/** The packet mark meaning "masquerade this on the way out" (upstream's 0x4000). */
export const MASQ_MARK = '0x4000';

/** KUBE-POSTROUTING and KUBE-MARK-MASQ in the nat table. */
export function addMasqueradeRules(nat: TableWriter): void {
  nat.rule(
    'KUBE-POSTROUTING',
    '-m',
    'mark',
    '!',
    '--mark',
    `${MASQ_MARK}/${MASQ_MARK}`,
    '-j',
    'RETURN',
  );
  // Clear the bit so a packet that is re-routed (e.g. by IPsec) is not masqueraded twice.
  nat.rule('KUBE-POSTROUTING', '-j', 'MARK', '--xor-mark', MASQ_MARK);
  nat.rule(
    'KUBE-POSTROUTING',
    ...comment('kubernetes service traffic requiring SNAT'),
    '-j',
    'MASQUERADE',
    '--random-fully',
  );
  nat.rule('KUBE-MARK-MASQ', '-j', 'MARK', '--or-mark', MASQ_MARK);
}

/** KUBE-FORWARD in the filter table: accept marked service traffic and its replies. */
export function addForwardAcceptRules(filter: TableWriter): void {
  filter.rule(
    'KUBE-FORWARD',
    ...comment('kubernetes forwarding rules'),
    '-m',
    'mark',
    '--mark',
    `${MASQ_MARK}/${MASQ_MARK}`,
    '-j',
    'ACCEPT',
  );
  filter.rule(
    'KUBE-FORWARD',
    ...comment('kubernetes forwarding conntrack rule'),
    '-m',
    'conntrack',
    '--ctstate',
    'RELATED,ESTABLISHED',
    '-j',
    'ACCEPT',
  );
}
