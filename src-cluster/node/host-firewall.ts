/**
 * The host node opens two ports on the machine's real address: the kubelet's streaming server
 * (logs/exec — the API server's pod proxy reaches it at the node's InternalIP; kubelab's kubelet
 * server has no authentication of its own yet) and the cluster DNS server (10053, the backend of
 * 10.96.0.10, which forwards other names upstream). On a laptop on a shared network neither may
 * answer strangers: exec would be a root shell in any pod, the DNS an open resolver.
 *
 * So the node keeps one filter chain of its own, KUBELAB-HOST-NODE, jumped to from INPUT: the
 * kubelet port accepts only the node itself (the API server runs here), the DNS port only the node
 * and the cluster's pods (10.244.0.0/16 — queries DNAT'd from 10.96.0.10 keep the pod's source);
 * everything else to those ports is rejected. Installed atomically with iptables-restore and
 * removed the same way on stop and in crash recovery.
 */
import type { CommandRunner } from '../proxy/iptables/command-runner';
import { execRunner, mustRun } from '../proxy/iptables/command-runner';

export const FIREWALL_CHAIN = 'KUBELAB-HOST-NODE';
const JUMP = ['-m', 'comment', '--comment', 'kubelab host node ports', '-j', FIREWALL_CHAIN];

export interface HostPorts {
  nodeIP: string;
  kubeletPort: number;
  dnsPort: number;
  clusterCIDR: string;
}

/** The restore input for the chain (pure). */
export function firewallRules(p: HostPorts): string {
  const self = `${p.nodeIP}/32`;
  const lines = [
    '*filter',
    `:${FIREWALL_CHAIN} - [0:0]`,
    `-A ${FIREWALL_CHAIN} -p tcp --dport ${p.kubeletPort} -s ${self} -j RETURN`,
    `-A ${FIREWALL_CHAIN} -p tcp --dport ${p.kubeletPort} -s 127.0.0.0/8 -j RETURN`,
    `-A ${FIREWALL_CHAIN} -p tcp --dport ${p.kubeletPort} -j REJECT --reject-with tcp-reset`,
  ];
  for (const proto of ['udp', 'tcp']) {
    for (const src of [self, '127.0.0.0/8', p.clusterCIDR]) {
      lines.push(`-A ${FIREWALL_CHAIN} -p ${proto} --dport ${p.dnsPort} -s ${src} -j RETURN`);
    }
    lines.push(`-A ${FIREWALL_CHAIN} -p ${proto} --dport ${p.dnsPort} -j REJECT`);
  }
  return [...lines, 'COMMIT', ''].join('\n');
}

export async function installHostFirewall(
  p: HostPorts,
  runner: CommandRunner = execRunner(),
): Promise<void> {
  await mustRun(runner, 'iptables-restore', ['-w', '--noflush'], firewallRules(p));
  const check = await runner.run('iptables', ['-w', '-C', 'INPUT', ...JUMP]);
  if (check.code !== 0) await mustRun(runner, 'iptables', ['-w', '-I', 'INPUT', ...JUMP]);
}

/** Removes the jump and the chain; a no-op when they are not there. */
export async function removeHostFirewall(runner: CommandRunner = execRunner()): Promise<void> {
  while ((await runner.run('iptables', ['-w', '-D', 'INPUT', ...JUMP])).code === 0) {
    // a jump inserted twice (two crashed runs) is removed twice
  }
  await runner.run('iptables', ['-w', '-F', FIREWALL_CHAIN]);
  await runner.run('iptables', ['-w', '-X', FIREWALL_CHAIN]);
}
