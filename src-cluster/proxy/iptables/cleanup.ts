/**
 * `kube-proxy --cleanup`: removes everything kube-proxy put into iptables, in either mode — the
 * jumps from the built-in chains into KUBE-* chains, and every KUBE-* chain of the nat and filter
 * tables. Run when a real node stops (`kubelab down`) and when a crashed node is recovered.
 *
 * One `iptables-restore --noflush` per table: each KUBE-* chain is declared (which empties it),
 * each jump rule is deleted by its exact `iptables-save` text, then the chains are deleted — all
 * or nothing, and rules that are not kube-proxy's are never touched.
 *
 * `cleanupIpvs` does the same for IPVS mode's virtual servers and interface.
 *
 * Contract: afterwards `iptables-save` shows no chain or rule naming KUBE-; running it on a clean
 * machine is a no-op.
 */
import type { CommandRunner } from './command-runner';
import { execRunner, mustRun } from './command-runner';
import { IPVS_INTERFACE } from '../ipvs/ipvs-state';
import { chainsInSave } from './restore-text';

const BUILT_IN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/** The restore input that removes kube-proxy's chains and jumps from one table's save text. */
export function cleanupInput(table: 'nat' | 'filter', save: string): string | undefined {
  const chains = chainsInSave(save).filter((c) => c.startsWith('KUBE-'));
  const jumps = save
    .split('\n')
    .filter((l) => /^-A (\S+) .*-j KUBE-\S+/.test(l) && BUILT_IN.has(l.split(' ')[1]!));
  if (chains.length === 0 && jumps.length === 0) return undefined;
  // Declarations first (empties the chains), then the jump deletions, then -X.
  const body = [
    ...chains.map((c) => `:${c} - [0:0]`),
    ...jumps.map((l) => `-D ${l.slice(3)}`),
    ...chains.map((c) => `-X ${c}`),
  ];
  return [`*${table}`, ...body, 'COMMIT', ''].join('\n');
}

export async function cleanupKubeProxyRules(runner: CommandRunner = execRunner()): Promise<void> {
  for (const table of ['nat', 'filter'] as const) {
    const save = await mustRun(runner, 'iptables-save', ['-t', table]);
    const input = cleanupInput(table, save);
    if (input) await mustRun(runner, 'iptables-restore', ['-w', '--noflush'], input);
  }
}

/**
 * IPVS mode's own state: every virtual server (`ipvsadm -C`, as upstream's cleanup — IPVS has no
 * owner marks) and the kube-ipvs0 dummy interface. A kernel without IPVS has nothing to clean.
 */
export async function cleanupIpvs(runner: CommandRunner = execRunner()): Promise<void> {
  await runner.run('ipvsadm', ['-C']);
  await runner.run('ip', ['link', 'del', IPVS_INTERFACE]);
}
