/**
 * The node's heartbeats: the Lease renewed every quarter of its duration, the node status posted
 * every --node-status-update-frequency (patched only when it changed or the report is due), and
 * the pod CIDR that IPAM writes to the Node spec handed on to the runtime as it appears.
 *
 * register() creates (or adopts) the Node with its first status and Lease; start() begins the
 * loops once the kubelet has synced its informers; stop() is the kubelet process dying.
 */
import type { Node } from 'kubernetes-types/core/v1';
import type { Clock } from '../../src-shared/util/clock';
import type { ApiClient } from '../client';
import type { KubeletFlags } from './flags';
import { Loops } from './loops';
import { NodeLease } from './node-lease';
import { NodeStatusReporter, registerNode, type NodeConfig } from './node-status';
import type { Runtime } from './pod-sync';
import type { RuntimeHealth } from './runtime-health';

const FAST_STATUS_MS = 200;
const FAST_STATUS_WINDOW_MS = 120_000;

export interface NodeHeartbeatOptions {
  client: ApiClient;
  nodeName: string;
  clock: Clock;
  flags: KubeletFlags;
  runtime: Pick<Runtime, 'updateRuntimeConfig'>;
  runtimeHealth: RuntimeHealth;
  /** The --pod-cidr flag, if any; otherwise the Node spec's once IPAM sets it. */
  podCIDR?: string;
  log: (msg: string, err?: unknown) => void;
}

export class NodeHeartbeat {
  private readonly lease: NodeLease;
  private readonly loops: Loops;
  private reporter: NodeStatusReporter | undefined;
  /** The pod CIDR last handed to the runtime (or the flag's). */
  podCIDR: string | undefined;
  /** Lease renewals done (tests and the diagram read it). */
  leaseRenewals = 0;

  constructor(private readonly o: NodeHeartbeatOptions) {
    this.lease = new NodeLease(o.client, o.nodeName, o.clock, o.flags.nodeLeaseDurationSeconds);
    this.loops = new Loops(o.clock);
    this.podCIDR = o.podCIDR;
  }

  /**
   * Registers the Node (409 → adopt), adopts its pod CIDR, posts a first status and renews the
   * Lease. `config` is asked for the node's settings with the pod CIDR known so far.
   */
  async register(config: () => NodeConfig): Promise<Node> {
    const health = await this.o.runtimeHealth.check();
    this.reporter = new NodeStatusReporter(
      this.o.client,
      config(),
      this.o.clock,
      this.o.flags.nodeStatusReportFrequencyMs,
    );
    const node = await registerNode(this.o.client, config(), this.reporter.build(health));
    await this.adoptPodCIDR(node.spec?.podCIDR);
    await this.reporter.update(health, true);
    await this.lease.renew(node).then(() => this.leaseRenewals++);
    return node;
  }

  /** The lease and status loops (after register()). */
  start(): void {
    const { flags, log } = this.o;
    this.loops.start();
    this.loops.every(flags.nodeLeaseDurationSeconds * 250, async () => {
      try {
        await this.lease.renew();
        this.leaseRenewals++;
      } catch (e) {
        log('lease renewal failed', e);
      }
    });
    this.loops.every(flags.nodeStatusUpdateFrequencyMs, async () => {
      try {
        const n = await this.reporter!.update(await this.o.runtimeHealth.check());
        await this.adoptPodCIDR(n?.spec?.podCIDR);
      } catch (e) {
        log('node status update failed', e);
      }
    });
    this.fastStatusUntilReady(Date.now() + FAST_STATUS_WINDOW_MS);
  }

  stop(): void {
    this.loops.stop();
  }

  /**
   * Upstream's fast node status updates at startup: until the node is first Ready, post status
   * every 200 ms instead of every 10 s. On a real node the runtime's network turns ready only
   * after the pod CIDR reaches it (IPAM → Node spec → this loop → UpdateRuntimeConfig → CNI
   * config), which took two full status periods before. Bounded in (wall-clock) time, so a node
   * whose runtime never becomes ready does not patch its Node five times a second forever.
   */
  private fastStatusUntilReady(until: number): void {
    const tick = async () => {
      if (!this.loops.running || this.o.runtimeHealth.up || Date.now() > until) return;
      try {
        const n = await this.reporter!.update(await this.o.runtimeHealth.check(), true);
        await this.adoptPodCIDR(n?.spec?.podCIDR);
      } catch (e) {
        this.o.log('fast node status update failed', e);
      }
      this.loops.after(FAST_STATUS_MS, () => void tick());
    };
    void tick();
  }

  /** A pod CIDR newly set on the Node spec goes to the runtime (its CNI config follows). */
  private async adoptPodCIDR(cidr: string | undefined): Promise<void> {
    if (!cidr || cidr === this.podCIDR) return;
    this.podCIDR = cidr;
    await this.o.runtime.updateRuntimeConfig({
      runtimeConfig: { networkConfig: { podCidr: cidr } },
    });
  }
}
