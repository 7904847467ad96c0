/**
 * Kubelet settings, each named after its upstream flag (in the comment) with kubelab's default:
 * the article's values where it states one (status every 10 s, max-pods 110, eviction-hard
 * memory.available<100Mi), upstream's defaults elsewhere.
 */
import type { Taint } from 'kubernetes-types/core/v1';

export interface KubeletFlags {
  /** --node-status-update-frequency (10s). */
  nodeStatusUpdateFrequencyMs: number;
  /** --node-status-report-frequency: post unchanged status this often (5m). */
  nodeStatusReportFrequencyMs: number;
  /** --node-lease-duration-seconds (40); renewed every quarter of it. */
  nodeLeaseDurationSeconds: number;
  /** --max-pods (110). */
  maxPods: number;
  /** --eviction-hard memory.available (100Mi). */
  evictionHardMemoryAvailable: string;
  /** --kube-reserved + --system-reserved, summed (none). */
  reserved: { cpu?: string; memory?: string };
  /** --register-with-taints (masters: node-role.kubernetes.io/control-plane:NoSchedule, as kubeadm). */
  registerWithTaints?: Taint[];
  /** --node-ip (127.0.0.1 in no-VM mode so the API server reaches the streaming server). */
  nodeIp: string;
  /** --address: where the streaming server listens (127.0.0.1). */
  address: string;
  /** --port: the streaming server's port (0 = any free port; upstream 10250). */
  port: number;
  /** PLEG relist period (1s). */
  plegRelistPeriodMs: number;
  /** Crash-loop backoff: initial 10s, doubling to MaxContainerBackOff 300s. */
  containerBackoffInitialMs: number;
  containerBackoffMaxMs: number;
  /** --pod-logs-dir (/var/log/pods). */
  podLogsDir: string;
  /**
   * --root-dir (/var/lib/kubelet): pod volumes live in `<rootDir>/pods/<uid>/volumes/…`. '' means
   * the node has no filesystem of its own (the sim runtime in no-VM mode): volume sources are still
   * resolved and checked, but nothing is written.
   */
  rootDir: string;
  /** --cluster-dns ([10.96.0.10]); ClusterFirst pods use it as their nameserver. */
  clusterDNS: string[];
  /** --cluster-domain (cluster.local). */
  clusterDomain: string;
  /** --resolv-conf (/etc/resolv.conf): what dnsPolicy Default copies; '' = none. */
  resolvConf: string;
  /** --pod-manifest-path (staticPodPath): folder of static pod manifests; '' = none. */
  staticPodPath: string;
  /** --file-check-frequency (20s): how often the static pod folder is re-read. */
  fileCheckFrequencyMs: number;
  /** --sync-frequency (1m): every pod is re-synced this often (configMap/secret volume updates). */
  syncFrequencyMs: number;
}

export const DEFAULT_KUBELET_FLAGS: KubeletFlags = {
  nodeStatusUpdateFrequencyMs: 10_000,
  nodeStatusReportFrequencyMs: 5 * 60_000,
  nodeLeaseDurationSeconds: 40,
  maxPods: 110,
  evictionHardMemoryAvailable: '100Mi',
  reserved: {},
  nodeIp: '127.0.0.1',
  address: '127.0.0.1',
  port: 0,
  plegRelistPeriodMs: 1000,
  containerBackoffInitialMs: 10_000,
  containerBackoffMaxMs: 300_000,
  podLogsDir: '/var/log/pods',
  rootDir: '/var/lib/kubelet',
  clusterDNS: ['10.96.0.10'],
  clusterDomain: 'cluster.local',
  resolvConf: '/etc/resolv.conf',
  staticPodPath: '',
  fileCheckFrequencyMs: 20_000,
  syncFrequencyMs: 60_000,
};

export const CONTROL_PLANE_TAINT: Taint = {
  key: 'node-role.kubernetes.io/control-plane',
  effect: 'NoSchedule',
};
