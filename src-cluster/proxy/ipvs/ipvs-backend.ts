/**
 * The IPVS-mode ProxyBackend. Each sync: make sure `kube-ipvs0` exists, bring its addresses in
 * line with the ClusterIPs/external IPs, apply the diff of virtual and real servers through
 * `ipvsadm-restore`, then the iptables side (masquerade marks, KUBE-FORWARD) in one
 * `iptables-restore --noflush`.
 *
 * Contract: `probe()` resolves when the kernel has IPVS and dummy interfaces, and otherwise
 * rejects with IpvsUnavailableError saying what is missing — a node without ip_vs cannot run this
 * mode, and kube-proxy must say so rather than run with no data path. `syncRules` calls it first.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { ProxyBackend } from '../backend';
import { buildServiceTable } from '../service-table';
import type { CommandRunner } from '../iptables/command-runner';
import { execRunner, mustRun } from '../iptables/command-runner';
import { ensureJumps } from '../iptables/jumps';
import { affinityTimeouts } from '../iptables/affinity';
import { IPVS_INTERFACE, diffIpvs, parseIpvsSave, renderIpvsState } from './ipvs-state';
import { IPVS_JUMPS, renderIpvsIptables } from './ipvs-iptables';

export class IpvsUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `IPVS mode needs the ip_vs kernel module and dummy interfaces (modprobe ip_vs ip_vs_rr dummy); ${detail}`,
    );
    this.name = 'IpvsUnavailableError';
  }
}

export interface IpvsBackendOptions {
  runner?: CommandRunner;
  /** This node's IPs, for NodePort virtual servers. */
  nodeIPs?: string[];
  scheduler?: string;
  clusterCIDR?: string;
  masqueradeAll?: boolean;
}

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

export class IpvsProxyBackend implements ProxyBackend {
  readonly name = 'ipvs';
  private readonly runner: CommandRunner;

  constructor(private readonly opts: IpvsBackendOptions = {}) {
    this.runner = opts.runner ?? execRunner();
  }

  async probe(): Promise<void> {
    const list = await this.runner.run('ipvsadm', ['-Ln']);
    if (list.code !== 0) throw new IpvsUnavailableError(`ipvsadm says: ${list.stderr.trim()}`);
    await this.ensureInterface();
  }

  private async ensureInterface(): Promise<void> {
    const show = await this.runner.run('ip', ['link', 'show', IPVS_INTERFACE]);
    if (show.code === 0) return;
    const add = await this.runner.run('ip', ['link', 'add', IPVS_INTERFACE, 'type', 'dummy']);
    if (add.code !== 0)
      throw new IpvsUnavailableError(`cannot create ${IPVS_INTERFACE}: ${add.stderr.trim()}`);
  }

  async syncRules(
    services: readonly Service[],
    endpointSlices: readonly EndpointSlice[],
  ): Promise<void> {
    await this.probe();
    const entries = buildServiceTable(services, endpointSlices);
    const state = renderIpvsState(entries, {
      nodeIPs: this.opts.nodeIPs ?? [],
      ...(this.opts.scheduler ? { scheduler: this.opts.scheduler } : {}),
      affinityTimeouts: affinityTimeouts(services),
    });

    // Addresses first: a virtual server on an address the node does not own never sees traffic.
    const bound = await this.boundAddresses();
    for (const ip of state.addresses) {
      if (!bound.includes(ip)) {
        await mustRun(this.runner, 'ip', ['addr', 'add', `${ip}/32`, 'dev', IPVS_INTERFACE]);
      }
    }

    const current = parseIpvsSave(await mustRun(this.runner, 'ipvsadm', ['-Sn']));
    const nodeIPs = new Set(this.opts.nodeIPs ?? []);
    const owned = (address: string) => {
      const i = address.lastIndexOf(':');
      const ip = address.slice(0, i);
      const port = Number(address.slice(i + 1));
      return (
        bound.includes(ip) || (nodeIPs.has(ip) && port >= NODE_PORT_MIN && port <= NODE_PORT_MAX)
      );
    };
    const diff = diffIpvs(current, state, owned);
    if (diff) await mustRun(this.runner, 'ipvsadm-restore', [], diff);

    // Addresses last on the way out: the virtual servers on them are gone now.
    for (const ip of bound) {
      if (!state.addresses.includes(ip)) {
        await mustRun(this.runner, 'ip', ['addr', 'del', `${ip}/32`, 'dev', IPVS_INTERFACE]);
      }
    }

    await ensureJumps(this.runner, IPVS_JUMPS);
    const rules = renderIpvsIptables(entries, {
      ...(this.opts.clusterCIDR ? { clusterCIDR: this.opts.clusterCIDR } : {}),
      ...(this.opts.masqueradeAll ? { masqueradeAll: true } : {}),
    });
    await mustRun(this.runner, 'iptables-restore', ['-w', '--noflush'], rules);
  }

  private async boundAddresses(): Promise<string[]> {
    const out = await mustRun(this.runner, 'ip', [
      '-o',
      '-4',
      'addr',
      'show',
      'dev',
      IPVS_INTERFACE,
    ]);
    return [...out.matchAll(/inet (\d+\.\d+\.\d+\.\d+)\//g)].map((m) => m[1]!);
  }
}
