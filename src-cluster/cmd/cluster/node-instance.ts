/**
 * One simulated node of the no-VM cluster: its kubelet (with the sim container runtime) and its
 * kube-proxy (sim backend), both talking to the API through the front load balancer, as a VM
 * node's would. The kubelet can be stopped and started again (faults); kube-proxy keeps running,
 * as it does when only the kubelet service is stopped on a real node.
 */
import type { Clock } from '../../../src-shared/util/clock';
import type { TraceSink } from '../../../src-shared/trace';
import type { Pki } from '../../admin/pki';
import { SimProxyBackend } from '../../proxy/sim/sim-backend';
import { SimRuntime, type SimRuntimeOptions } from '../../kubelet/cri/sim/sim-runtime';
import { startKubelet, type RunningKubelet, type StartKubeletOptions } from '../kubelet';
import { startProxy, type RunningProxy } from '../proxy';
import { componentClient, type ComponentClient } from './clients';
import type { NodeSpec } from './topology';

type Kubelet = RunningKubelet;
type KubeletOptions = StartKubeletOptions;

export interface NodeDeps {
  server: string;
  pki: Pki;
  clock: Clock;
  trace: TraceSink;
  proxyMinSyncPeriodMs?: number;
  /** Extra kubelet options (shorter status intervals in tests). */
  kubelet?: Partial<KubeletOptions>;
  /** Sim runtime options (pullTimeScale 0 makes image pulls instant). */
  runtime?: Partial<SimRuntimeOptions>;
}

export class NodeInstance {
  readonly proxyBackend = new SimProxyBackend();
  /** The node's container runtime; it outlives kubelet restarts, as containerd does. */
  readonly runtime: SimRuntime;
  private kubelet: Kubelet | undefined;
  private kubeletRunning = false;
  private proxy: RunningProxy | undefined;
  private conns: ComponentClient[] = [];

  constructor(
    readonly spec: NodeSpec,
    private readonly deps: NodeDeps,
  ) {
    this.runtime = new SimRuntime({
      clock: deps.clock,
      nodeName: spec.name,
      podCIDR: spec.podCIDR,
      ...deps.runtime,
    });
  }

  get name(): string {
    return this.spec.name;
  }

  async start(): Promise<void> {
    const d = this.deps;
    const kc = componentClient(d.server, d.pki, 'kubelet', d);
    const pc = componentClient(d.server, d.pki, 'kube-proxy', d);
    this.conns = [kc, pc];
    this.kubelet = await startKubelet({
      ...d.kubelet,
      client: kc.client,
      nodeName: this.spec.name,
      role: this.spec.role,
      podCIDR: this.spec.podCIDR,
      runtime: this.runtime,
      clock: d.clock,
      trace: d.trace,
    });
    this.kubeletRunning = true;
    this.proxy = await startProxy({
      client: pc.client,
      nodeName: this.spec.name,
      backend: this.proxyBackend,
      clock: d.clock,
      trace: d.trace,
      minSyncPeriodMs: d.proxyMinSyncPeriodMs,
    });
  }

  isKubeletRunning(): boolean {
    return this.kubeletRunning;
  }

  proxyHealthy(): boolean {
    return this.proxy?.healthy() ?? false;
  }

  /**
   * The kubelet process goes away (`systemctl stop kubelet` / a crash): heartbeats and syncs stop,
   * containers keep running in the runtime, and a restart rediscovers them.
   */
  async stopKubelet(): Promise<void> {
    if (!this.kubeletRunning) return;
    this.kubeletRunning = false;
    this.kubelet!.kill();
  }

  async startKubelet(): Promise<void> {
    if (this.kubeletRunning) return;
    await this.kubelet!.restart();
    this.kubeletRunning = true;
  }

  async stop(): Promise<void> {
    await this.proxy?.stop().catch(() => {});
    // stop() also after kill(): it waits for the dying kubelet and shuts the sim runtime down.
    await this.kubelet?.stop().catch(() => {});
    this.runtime.shutdown();
    this.kubeletRunning = false;
    for (const c of this.conns) c.transport.close();
  }
}
