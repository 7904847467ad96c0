/**
 * The jumps from the built-in chains into kube-proxy's KUBE-* chains. They live in chains other
 * programs own too (PREROUTING, OUTPUT, FORWARD …), so they cannot be part of the `--noflush`
 * restore (an `-A` there would add a duplicate on every sync). Instead each sync checks for each
 * jump (`iptables -C`) and inserts it at the top if missing, as upstream does, which also repairs a
 * node where someone flushed the built-in chains.
 */
import type { CommandRunner } from './command-runner';
import { mustRun } from './command-runner';

export interface Jump {
  table: 'nat' | 'filter';
  from: string;
  to: string;
  comment: string;
  /** Extra match before the comment, e.g. only new connections. */
  extra?: string[];
}

const NEW = ['-m', 'conntrack', '--ctstate', 'NEW'];

/** Jumps of iptables mode. */
export const IPTABLES_JUMPS: readonly Jump[] = [
  {
    table: 'filter',
    from: 'INPUT',
    to: 'KUBE-EXTERNAL-SERVICES',
    comment: 'kubernetes externally-visible service portals',
    extra: NEW,
  },
  {
    table: 'filter',
    from: 'FORWARD',
    to: 'KUBE-EXTERNAL-SERVICES',
    comment: 'kubernetes externally-visible service portals',
    extra: NEW,
  },
  {
    table: 'filter',
    from: 'INPUT',
    to: 'KUBE-NODEPORTS',
    comment: 'kubernetes health check service ports',
  },
  {
    table: 'filter',
    from: 'FORWARD',
    to: 'KUBE-SERVICES',
    comment: 'kubernetes service portals',
    extra: NEW,
  },
  {
    table: 'filter',
    from: 'OUTPUT',
    to: 'KUBE-SERVICES',
    comment: 'kubernetes service portals',
    extra: NEW,
  },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-FORWARD', comment: 'kubernetes forwarding rules' },
  {
    table: 'filter',
    from: 'INPUT',
    to: 'KUBE-PROXY-FIREWALL',
    comment: 'kubernetes load balancer firewall',
    extra: NEW,
  },
  {
    table: 'filter',
    from: 'OUTPUT',
    to: 'KUBE-PROXY-FIREWALL',
    comment: 'kubernetes load balancer firewall',
    extra: NEW,
  },
  {
    table: 'filter',
    from: 'FORWARD',
    to: 'KUBE-PROXY-FIREWALL',
    comment: 'kubernetes load balancer firewall',
    extra: NEW,
  },
  { table: 'nat', from: 'OUTPUT', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'nat', from: 'PREROUTING', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  {
    table: 'nat',
    from: 'POSTROUTING',
    to: 'KUBE-POSTROUTING',
    comment: 'kubernetes postrouting rules',
  },
];

function jumpArgs(j: Jump): string[] {
  // argv, not restore text: the comment needs no quotes here.
  return [...(j.extra ?? []), '-m', 'comment', '--comment', j.comment, '-j', j.to];
}

/** Creates the target chains and inserts each missing jump. `-w`: wait for the xtables lock. */
export async function ensureJumps(runner: CommandRunner, jumps: readonly Jump[]): Promise<void> {
  for (const j of jumps) {
    // -N fails when the chain exists; that is the usual case, and -C below tells real trouble.
    await runner.run('iptables', ['-w', '-t', j.table, '-N', j.to]);
    const check = await runner.run('iptables', ['-w', '-t', j.table, '-C', j.from, ...jumpArgs(j)]);
    if (check.code !== 0) {
      await mustRun(runner, 'iptables', ['-w', '-t', j.table, '-I', j.from, ...jumpArgs(j)]);
    }
  }
}
