/**
 * The PodSandboxConfig for a pod (upstream's generatePodSandboxConfig): metadata and CRI labels,
 * the hostname (spec.hostname or the pod name, cut to 63 characters; `<hostname>.<subdomain>.<ns>.
 * svc.<domain>` with setHostnameAsFQDN; none for hostNetwork pods, which keep the node's), the
 * resolv.conf for its dnsPolicy (network/resolv-conf.ts), hostPort mappings, the log directory, and
 * the network namespace (NODE for hostNetwork).
 */
import { readFileSync } from 'node:fs';
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodSandboxConfig } from './cri/runtime-service';
import { LABELS } from './cri/runtime-service';
import { podDnsConfig, type DnsEvent } from './network/resolv-conf';
import { anyPrivileged, podPidMode } from './security-context';

export interface SandboxSettings {
  podLogsDir: string;
  clusterDNS: string[];
  clusterDomain: string;
  /** --resolv-conf path; '' = no node file. */
  resolvConf: string;
  nodeIP: string;
}

const MAX_HOSTNAME = 63;

/** The pod's hostname as the kernel gets it (upstream's GeneratePodHostNameAndDomain). */
export function podHostname(pod: Pod, clusterDomain: string): string {
  const m = pod.metadata!;
  let host = pod.spec?.hostname || m.name!;
  if (host.length > MAX_HOSTNAME) host = host.slice(0, MAX_HOSTNAME).replace(/[-.]+$/, '');
  const sub = pod.spec?.subdomain;
  if (pod.spec?.setHostnameAsFQDN && sub)
    host = `${host}.${sub}.${m.namespace ?? 'default'}.svc.${clusterDomain}`;
  return host;
}

function readHostResolvConf(path: string): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // A node without the file resolves nothing through it; ClusterFirst pods do not need it.
    return '';
  }
}

export function sandboxConfig(
  pod: Pod,
  attempt: number,
  s: SandboxSettings,
): { config: PodSandboxConfig; events: DnsEvent[] } {
  const m = pod.metadata!;
  const ns = m.namespace ?? 'default';
  const hostNetwork = !!pod.spec?.hostNetwork;
  const dns = podDnsConfig(pod, {
    clusterDNS: s.clusterDNS,
    clusterDomain: s.clusterDomain,
    hostResolvConf: readHostResolvConf(s.resolvConf),
    nodeIPs: [s.nodeIP],
  });
  const config: PodSandboxConfig = {
    metadata: { name: m.name!, uid: m.uid!, namespace: ns, attempt },
    hostname: hostNetwork ? '' : podHostname(pod, s.clusterDomain),
    logDirectory: `${s.podLogsDir}/${ns}_${m.name}_${m.uid}`,
    dnsConfig: { servers: dns.nameservers, searches: dns.searches, options: dns.options },
    portMappings: (pod.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? [])
        .filter((p) => p.hostPort)
        .map((p) => ({
          protocol: (p.protocol ?? 'TCP') as 'TCP',
          containerPort: p.containerPort,
          hostPort: p.hostPort,
          hostIp: p.hostIP,
        })),
    ),
    labels: {
      [LABELS.podUid]: m.uid!,
      [LABELS.podName]: m.name!,
      [LABELS.podNamespace]: ns,
    },
    annotations: {},
    linux: {
      securityContext: {
        namespaceOptions: { network: hostNetwork ? 'NODE' : 'POD', pid: podPidMode(pod) },
        privileged: anyPrivileged(pod),
      },
    },
  };
  return { config, events: dns.events };
}
