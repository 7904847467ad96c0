/**
 * The backend a real node's kube-proxy runs, chosen from the kube-proxy ConfigMap (mode.ts), with
 * one decision of kubelab's own: when the ConfigMap asks for "ipvs" and the kernel has no IPVS
 * (no ip_vs module, no dummy interfaces), kube-proxy does not come up without a data path.
 * Upstream's kube-proxy would exit and crash-loop; on a lab machine that means no Service works
 * at all, so kubelab keeps the iptables mode — the rules the node already had — and says why
 * loudly: the `fallback` returned here is what the caller logs and records as a Warning event on
 * the Node (`IPVSUnavailable`), so `kubectl describe node` shows it. A mode kubelab cannot run at
 * all ("nftables", YAML that does not parse) is treated the same way (`InvalidProxyMode`): refusing
 * to start would lock the user out of the API where the ConfigMap can be fixed.
 */
import type { ApiClient } from '../client';
import type { ProxyBackend } from './backend';
import { IptablesProxyBackend } from './iptables/iptables-backend';
import { IpvsProxyBackend, IpvsUnavailableError } from './ipvs/ipvs-backend';
import { ProxyModeError, readProxyMode, type BackendOptions, type ProxyMode } from './mode';

export interface NodeBackendChoice {
  backend: ProxyBackend;
  /** What the ConfigMap asked for. */
  requested: ProxyMode;
  /** Set when the requested mode could not run: why, in words a user can act on. */
  fallback?: string;
  /** The event reason for the fallback: IPVSUnavailable or InvalidProxyMode. */
  reason?: string;
}

export async function chooseNodeBackend(
  client: ApiClient,
  opts: BackendOptions = {},
): Promise<NodeBackendChoice> {
  const common = {
    ...(opts.runner ? { runner: opts.runner } : {}),
    ...(opts.clusterCIDR ? { clusterCIDR: opts.clusterCIDR } : {}),
  };
  let requested: ProxyMode;
  try {
    requested = await readProxyMode(client);
  } catch (err) {
    // A mode kubelab cannot run ("nftables", broken YAML) must not keep the node from starting:
    // the user could then never reach the API to fix the ConfigMap.
    if (!(err instanceof ProxyModeError)) throw err;
    return {
      backend: new IptablesProxyBackend(common),
      requested: 'iptables',
      fallback: `${err.message}; running in iptables mode instead`,
      reason: 'InvalidProxyMode',
    };
  }
  if (requested === 'ipvs') {
    const ipvs = new IpvsProxyBackend({ ...common, nodeIPs: opts.nodeIPs ?? [] });
    try {
      await ipvs.probe();
      return { backend: ipvs, requested };
    } catch (err) {
      if (!(err instanceof IpvsUnavailableError)) throw err;
      return {
        backend: new IptablesProxyBackend(common),
        requested,
        fallback: `kube-proxy ConfigMap asks for mode "ipvs", but ${err.message}; running in iptables mode instead`,
        reason: 'IPVSUnavailable',
      };
    }
  }
  return { backend: new IptablesProxyBackend(common), requested };
}
