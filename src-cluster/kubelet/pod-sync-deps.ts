/**
 * The node-side inputs PodSync needs besides the runtime, built from the kubelet's flags: the
 * sandbox settings (DNS, log dir), a fresh ConfigMap/Secret reader per sync, the downward API's
 * runtime facts (pod IP, host IP, the machine's CPUs and memory for absent limits) and the volume manager under
 * `--root-dir`.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { ApiClient } from '../client';
import { SourceCache } from './config-sources';
import type { KubeletFlags } from './flags';
import type { PodSyncDeps } from './pod-sync';
import { sandboxConfig } from './sandbox-config';
import { VolumeManager } from './volumes/volume-manager';

export function nodeSideDeps(
  client: ApiClient,
  flags: KubeletFlags,
  machine: () => { cpu: string; memoryBytes: number },
): Pick<PodSyncDeps, 'sandboxConfig' | 'sources' | 'facts' | 'volumes'> & {
  /** Hands in the Service informer's cache once the kubelet has started it. */
  useServices(lister: (namespace: string) => Service[]): void;
} {
  let services: ((namespace: string) => Service[]) | undefined;
  const settings = {
    podLogsDir: flags.podLogsDir,
    clusterDNS: flags.clusterDNS,
    clusterDomain: flags.clusterDomain,
    resolvConf: flags.resolvConf,
    nodeIP: flags.nodeIp,
  };
  return {
    sandboxConfig: (pod, attempt) => sandboxConfig(pod, attempt, settings),
    sources: () => new SourceCache(client, services),
    useServices: (lister) => (services = lister),
    facts: (_pod, podIP) => ({
      podIP,
      hostIP: flags.nodeIp,
      allocatable: { cpu: machine().cpu, memory: String(machine().memoryBytes) },
    }),
    volumes: new VolumeManager(flags.rootDir),
  };
}
