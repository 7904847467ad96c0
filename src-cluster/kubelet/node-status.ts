/**
 * The kubelet's Node: registration (POST, or adopt an existing Node on 409) and the status it
 * keeps posting — capacity and allocatable (capacity minus reservations and the hard eviction
 * threshold), the Ready/MemoryPressure/DiskPressure/PIDPressure conditions, addresses, nodeInfo,
 * the streaming server's port and the images on the node. Status is computed every
 * nodeStatusUpdateFrequency and PATCHed when it changed or nodeStatusReportFrequency has passed.
 */
import type { Node, NodeCondition, NodeStatus, Taint } from 'kubernetes-types/core/v1';
import type { Clock } from '../../src-shared/util/clock';
import { parseQuantity } from '../api/quantity';
import { RESOURCES } from '../api/resources';
import type { ApiClient } from '../client';
import { isAlreadyExists } from '../client';
import type { EvictionSignals, MachineFacts } from './machine/machine';
import { nodeId } from './machine/sim-machine';
import { rfc3339 } from './pod-status';

export const NODES = RESOURCES.find((r) => r.resource === 'nodes' && r.group === '')!;

export const KUBELET_VERSION = 'v1.32.0-kubelab';

export interface NodeConfig {
  nodeName: string;
  role: 'master' | 'worker';
  nodeIP: string;
  /** What the machine has (HostMachine on a real node, SimMachine in no-VM mode). */
  machine: MachineFacts;
  /** --max-pods. */
  maxPods: number;
  /** Subtracted from capacity (kube-reserved + system-reserved), e.g. {cpu: '100m'}. */
  reserved: { cpu?: string; memory?: string };
  /** eviction-hard memory.available, e.g. '100Mi'. */
  evictionHardMemory: string;
  podCIDR?: string;
  registerWithTaints: Taint[];
  streamingPort: number;
  architecture: string;
}

export interface NodeHealth {
  runtimeUp: boolean;
  runtimeVersion: string;
  /** memory.available and nodefs for the pressure conditions. */
  signals: EvictionSignals;
  images: { names: string[]; sizeBytes: number }[];
}

/** Upstream's default hard eviction threshold nodefs.available<10%. */
export const NODEFS_AVAILABLE_HARD = 0.1;

function minus(total: string, ...sub: (string | undefined)[]): number {
  return sub.reduce((v, s) => v - (s ? parseQuantity(s).value() : 0), parseQuantity(total).value());
}

function milli(total: string, ...sub: (string | undefined)[]): string {
  const m = sub.reduce(
    (v, s) => v - (s ? parseQuantity(s).milliValue() : 0),
    parseQuantity(total).milliValue(),
  );
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

export function nodeLabels(cfg: NodeConfig): Record<string, string> {
  return {
    'kubernetes.io/hostname': cfg.nodeName,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': cfg.architecture,
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': cfg.architecture,
    ...(cfg.role === 'master' ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
  };
}

function cond(
  old: NodeCondition[],
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): NodeCondition {
  const prev = old.find((c) => c.type === type);
  return {
    type,
    status,
    lastHeartbeatTime: rfc3339(now),
    lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : rfc3339(now),
    reason,
    message,
  };
}

/** The status the kubelet reports, given the previous conditions (to keep transition times). */
export function computeNodeStatus(
  cfg: NodeConfig,
  health: NodeHealth,
  old: NodeCondition[],
  now: number,
  bootID: string,
): NodeStatus {
  const m = cfg.machine;
  const memBytes = m.memoryBytes;
  const allocMem = minus(String(memBytes), cfg.reserved.memory, cfg.evictionHardMemory);
  const threshold = parseQuantity(cfg.evictionHardMemory).value();
  const sig = health.signals;
  const memPressure = sig.memoryAvailableBytes < threshold;
  const diskPressure = sig.nodefsAvailableBytes < sig.nodefsCapacityBytes * NODEFS_AVAILABLE_HARD;
  // As upstream, allocatable storage is capacity minus the hard eviction threshold on nodefs.
  const allocStorage = Math.floor(m.ephemeralStorageBytes * (1 - NODEFS_AVAILABLE_HARD));
  const ready = health.runtimeUp;
  return {
    capacity: {
      cpu: m.cpu,
      memory: `${Math.floor(memBytes / 1024)}Ki`,
      pods: String(cfg.maxPods),
      'ephemeral-storage': `${Math.floor(m.ephemeralStorageBytes / 1024)}Ki`,
    },
    allocatable: {
      cpu: milli(m.cpu, cfg.reserved.cpu),
      memory: `${Math.floor(allocMem / 1024)}Ki`,
      pods: String(cfg.maxPods),
      'ephemeral-storage': String(allocStorage),
    },
    conditions: [
      memPressure
        ? cond(
            old,
            'MemoryPressure',
            'True',
            'KubeletHasInsufficientMemory',
            'kubelet has insufficient memory available',
            now,
          )
        : cond(
            old,
            'MemoryPressure',
            'False',
            'KubeletHasSufficientMemory',
            'kubelet has sufficient memory available',
            now,
          ),
      diskPressure
        ? cond(
            old,
            'DiskPressure',
            'True',
            'KubeletHasDiskPressure',
            'kubelet has disk pressure',
            now,
          )
        : cond(
            old,
            'DiskPressure',
            'False',
            'KubeletHasNoDiskPressure',
            'kubelet has no disk pressure',
            now,
          ),
      cond(
        old,
        'PIDPressure',
        'False',
        'KubeletHasSufficientPID',
        'kubelet has sufficient PID available',
        now,
      ),
      ready
        ? cond(old, 'Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', now)
        : cond(
            old,
            'Ready',
            'False',
            'KubeletNotReady',
            'container runtime is down, PLEG is not healthy: pleg was last seen active a while ago; container runtime is down',
            now,
          ),
    ],
    addresses: [
      { type: 'InternalIP', address: cfg.nodeIP },
      { type: 'Hostname', address: cfg.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: cfg.streamingPort } },
    nodeInfo: {
      machineID: m.machineID,
      systemUUID: m.systemUUID,
      bootID,
      kernelVersion: m.kernelVersion,
      osImage: m.osImage,
      containerRuntimeVersion: health.runtimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: cfg.architecture,
    },
    images: [...health.images].sort((a, b) => b.sizeBytes - a.sizeBytes).slice(0, 50),
  };
}

/** Creates the Node, or adopts the existing one; returns the Node as stored. */
export async function registerNode(
  client: ApiClient,
  cfg: NodeConfig,
  status: NodeStatus,
): Promise<Node> {
  const nodes = client.resource<Node>(NODES);
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: cfg.nodeName, labels: nodeLabels(cfg) },
    spec: {
      ...(cfg.podCIDR ? { podCIDR: cfg.podCIDR, podCIDRs: [cfg.podCIDR] } : {}),
      ...(cfg.registerWithTaints.length ? { taints: cfg.registerWithTaints } : {}),
    },
    status,
  };
  try {
    return await nodes.create(node);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    // The node exists (a kubelet restart, or a re-join): make sure our labels are on it.
    return nodes.patch(cfg.nodeName, 'merge', { metadata: { labels: nodeLabels(cfg) } });
  }
}

/** Keeps the Node's status fresh. */
export class NodeStatusReporter {
  private lastJson = '';
  private lastReport = 0;
  private conditions: NodeCondition[] = [];
  readonly bootID: string;

  constructor(
    private readonly client: ApiClient,
    private readonly cfg: NodeConfig,
    private readonly clock: Clock,
    private readonly reportFrequencyMs = 5 * 60_000,
  ) {
    // A real machine's boot id; a sim node "boots" with each kubelet start.
    this.bootID = cfg.machine.bootID ?? nodeId(cfg.nodeName + clock.now(), 'boot');
  }

  build(health: NodeHealth): NodeStatus {
    const s = computeNodeStatus(this.cfg, health, this.conditions, this.clock.now(), this.bootID);
    return s;
  }

  /** Computes the status and PATCHes it when it changed (ignoring heartbeat times) or is due. */
  async update(health: NodeHealth, force = false): Promise<Node | undefined> {
    const status = this.build(health);
    const comparable = JSON.stringify({
      ...status,
      conditions: status.conditions!.map((c) => ({ ...c, lastHeartbeatTime: '' })),
    });
    const now = this.clock.now();
    if (!force && comparable === this.lastJson && now - this.lastReport < this.reportFrequencyMs)
      return undefined;
    const node = await this.client
      .resource<Node>(NODES)
      .patch(
        this.cfg.nodeName,
        'merge',
        { status },
        { subresource: 'status', fieldManager: 'kubelet' },
      );
    this.lastJson = comparable;
    this.lastReport = now;
    this.conditions = status.conditions!;
    return node;
  }
}
