/**
 * Which data path kube-proxy programs, read the way kubeadm clusters configure it: the
 * `kube-proxy` ConfigMap in kube-system holds a KubeProxyConfiguration under `config.conf`
 * (`kubectl -n kube-system edit cm kube-proxy`, set `mode: "ipvs"`, restart the kube-proxy pods).
 * An empty or absent mode means iptables, upstream's default on Linux.
 *
 * Contract: `proxyModeFromConfigMap` is pure and throws ProxyModeError for a mode kubelab cannot
 * run (e.g. "nftables"), naming it; `readProxyMode` answers "iptables" when the ConfigMap does not
 * exist. `createBackend` turns the mode into a backend for `startProxy({ backend })`, which keeps
 * the sim backend as its own default (no-VM mode never reads the ConfigMap).
 */
import type { ConfigMap } from 'kubernetes-types/core/v1';
import { parse } from 'yaml';
import { RESOURCES } from '../api/resources';
import { isNotFound, type ApiClient } from '../client';
import type { ProxyBackend } from './backend';
import type { CommandRunner } from './iptables/command-runner';
import { IptablesProxyBackend } from './iptables/iptables-backend';
import { IpvsProxyBackend } from './ipvs/ipvs-backend';
import { SimProxyBackend } from './sim/sim-backend';

export type ProxyMode = 'iptables' | 'ipvs';

export const KUBE_PROXY_CONFIGMAP = {
  namespace: 'kube-system',
  name: 'kube-proxy',
  key: 'config.conf',
};

export class ProxyModeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyModeError';
  }
}

export function proxyModeFromConfigMap(cm: ConfigMap | undefined): ProxyMode {
  const text = cm?.data?.[KUBE_PROXY_CONFIGMAP.key];
  if (!text) return 'iptables';
  let config: unknown;
  try {
    config = parse(text);
  } catch (err) {
    throw new ProxyModeError(
      `kube-system/kube-proxy config.conf is not valid YAML: ${(err as Error).message}`,
    );
  }
  const mode = (config as { mode?: unknown } | null)?.mode ?? '';
  if (mode === '' || mode === 'iptables') return 'iptables';
  if (mode === 'ipvs') return 'ipvs';
  throw new ProxyModeError(
    `kube-system/kube-proxy sets mode ${JSON.stringify(mode)}; kubelab's kube-proxy runs "iptables" or "ipvs"`,
  );
}

const CONFIGMAPS = RESOURCES.find((r) => r.resource === 'configmaps' && r.group === '')!;

export async function readProxyMode(client: ApiClient): Promise<ProxyMode> {
  try {
    const cm = await client
      .resource<ConfigMap>(CONFIGMAPS)
      .namespace(KUBE_PROXY_CONFIGMAP.namespace)
      .get(KUBE_PROXY_CONFIGMAP.name);
    return proxyModeFromConfigMap(cm);
  } catch (err) {
    if (isNotFound(err)) return 'iptables';
    throw err;
  }
}

export interface BackendOptions {
  runner?: CommandRunner;
  clusterCIDR?: string;
  nodeIPs?: string[];
}

export function createBackend(mode: ProxyMode | 'sim', opts: BackendOptions = {}): ProxyBackend {
  if (mode === 'sim') return new SimProxyBackend();
  const common = {
    ...(opts.runner ? { runner: opts.runner } : {}),
    ...(opts.clusterCIDR ? { clusterCIDR: opts.clusterCIDR } : {}),
  };
  if (mode === 'ipvs') return new IpvsProxyBackend({ ...common, nodeIPs: opts.nodeIPs ?? [] });
  return new IptablesProxyBackend(common);
}

/** VM mode's way in: `startProxy({ client, nodeName, backend: await backendFromCluster(client) })`. */
export async function backendFromCluster(
  client: ApiClient,
  opts: BackendOptions = {},
): Promise<ProxyBackend> {
  return createBackend(await readProxyMode(client), opts);
}
