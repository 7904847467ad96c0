/**
 * The iptables-mode ProxyBackend: every sync re-renders the whole KUBE-* rule set from the
 * Services and EndpointSlices and applies it in one `iptables-restore --noflush` transaction, so
 * the kernel switches from the old rules to the new ones atomically and rules that are not
 * kube-proxy's are never touched. Incremental updates are simply the next full render (upstream's
 * partial syncs are an optimisation kubelab does not need at lab scale).
 *
 * Contract: after `syncRules` resolves, the nat and filter KUBE-* chains are exactly what
 * `renderIptablesRules` gives for the input, stale per-service chains are gone, and the jumps from
 * the built-in chains exist once each. A rejected sync leaves the previous rule set in place
 * (iptables-restore applies a table all or nothing) and throws CommandFailedError.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { ProxyBackend } from '../backend';
import { buildServiceTable } from '../service-table';
import type { CommandRunner } from './command-runner';
import { execRunner, mustRun } from './command-runner';
import { IPTABLES_JUMPS, ensureJumps } from './jumps';
import { affinityTimeouts } from './affinity';
import { renderIptablesRules, restoreInput } from './iptables-rules';
import { chainsInSave } from './restore-text';

export interface IptablesBackendOptions {
  runner?: CommandRunner;
  clusterCIDR?: string;
  masqueradeAll?: boolean;
}

export class IptablesProxyBackend implements ProxyBackend {
  readonly name = 'iptables';
  private readonly runner: CommandRunner;
  /** The restore input of the last successful sync: what `kubelab` can show as "the rules". */
  lastApplied = '';

  constructor(private readonly opts: IptablesBackendOptions = {}) {
    this.runner = opts.runner ?? execRunner();
  }

  async syncRules(
    services: readonly Service[],
    endpointSlices: readonly EndpointSlice[],
  ): Promise<void> {
    await ensureJumps(this.runner, IPTABLES_JUMPS);
    const save = await mustRun(this.runner, 'iptables-save', ['-t', 'nat']);
    const rules = renderIptablesRules(buildServiceTable(services, endpointSlices), {
      ...(this.opts.clusterCIDR ? { clusterCIDR: this.opts.clusterCIDR } : {}),
      ...(this.opts.masqueradeAll ? { masqueradeAll: true } : {}),
      existingNatChains: chainsInSave(save),
      affinityTimeouts: affinityTimeouts(services),
    });
    const input = restoreInput(rules);
    await mustRun(this.runner, 'iptables-restore', ['-w', '--noflush'], input);
    this.lastApplied = input;
  }
}
