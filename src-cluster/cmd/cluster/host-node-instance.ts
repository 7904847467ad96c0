/**
 * The machine kubelab runs on as one more worker (`kubelab up --host-node`): kubelab's own
 * containerd (src-cluster/node), a real kubelet on it, kube-proxy programming this machine's
 * iptables (or IPVS, per the kube-proxy ConfigMap), the node agent's host-gw routes, and the
 * cluster DNS server that 10.96.0.10 leads to. Everything reaches the API through the front load
 * balancer, like the sim nodes.
 *
 * Start order: containerd (images imported) → kubelet (registers the Node; IPAM gives it a pod
 * CIDR) → label kubelab.dev/host-node=true → CNI conflist for that CIDR → kube-proxy → DNS →
 * the node's port firewall (node/host-firewall.ts) → node agent. stop() runs it backwards and then cleans the machine: no pods, netns, veths,
 * bridge, pod cgroups, KUBE-* chains or routes are left (src-cluster/node/README.md).
 */
import { spawnSync } from 'node:child_process';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Node } from 'kubernetes-types/core/v1';
import type { Clock } from '../../../src-shared/util/clock';
import type { TraceSink } from '../../../src-shared/trace';
import type { Pki } from '../../admin/pki';
import { RESOURCES } from '../../api/resources';
import { startNodeDns, type NodeDns } from '../../dns/node-dns';
import { ContainerdRuntime } from '../../kubelet/cri/containerd/containerd-runtime';
import type { StreamingRuntime } from '../../kubelet/cri/streaming';
import { NodeAgent } from '../../netagent/node-agent';
import { RouteTable } from '../../netagent/route-table';
import { startHostContainerd, type HostContainerd } from '../../node/host-containerd';
import { installHostFirewall, removeHostFirewall } from '../../node/host-firewall';
import { cleanupKubeProxyRules } from '../../proxy/iptables/cleanup';
import { startKubelet, type RunningKubelet, type StartKubeletOptions } from '../kubelet';
import { componentClient, type ComponentClient } from './clients';
import { HostNodeProxy } from './host-node-proxy';

const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;
export const HOST_NODE_LABEL = 'kubelab.dev/host-node';
const CLUSTER_CIDR = '10.244.0.0/16';

export interface HostNodeDeps {
  server: string;
  pki: Pki;
  clock: Clock;
  trace: TraceSink;
  dataDir: string;
  /** Names already taken by the sim nodes (the host node avoids them). */
  takenNames: readonly string[];
  /** Override the node address (default: the source address of the default route). */
  ip?: string;
  proxyMinSyncPeriodMs?: number;
  kubelet?: Partial<StartKubeletOptions>;
  log?: (line: string) => void;
}

/** A DNS-1123 name from the machine's hostname; `host-<name>` if a sim node already has it. */
export function hostNodeName(host: string, taken: readonly string[]): string {
  const base =
    host
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 57) || 'machine';
  return taken.includes(base) ? `host-${base}` : base;
}

/** The address other machines (and the API server's log/exec proxy) reach this one at. */
export function hostAddress(): string {
  const r = spawnSync('ip', ['-4', 'route', 'get', '1.1.1.1'], { encoding: 'utf8' });
  const src = /\bsrc\s+(\d+\.\d+\.\d+\.\d+)/.exec(r.stdout ?? '')?.[1];
  if (src) return src;
  for (const addrs of Object.values(networkInterfaces())) {
    const a = addrs?.find((x) => x.family === 'IPv4' && !x.internal);
    if (a) return a.address;
  }
  throw new Error('--host-node: this machine has no IPv4 address other than loopback');
}

function hasStreaming(rt: object): rt is StreamingRuntime {
  const s = rt as Partial<StreamingRuntime>;
  return typeof s.readLog === 'function' && typeof s.exec === 'function';
}

export class HostNodeInstance {
  readonly name: string;
  readonly ip: string;
  private containerd: HostContainerd | undefined;
  private runtime: ContainerdRuntime | undefined;
  private kubelet: RunningKubelet | undefined;
  private kubeletRunning = true;
  private proxy: HostNodeProxy | undefined;
  private dns: NodeDns | undefined;
  private agent: NodeAgent | undefined;
  private conns: ComponentClient[] = [];

  constructor(private readonly d: HostNodeDeps) {
    this.name = hostNodeName(hostname(), d.takenNames);
    this.ip = d.ip ?? hostAddress();
  }

  get dir(): string {
    return join(this.d.dataDir, 'host-node');
  }

  get containerdSocket(): string {
    return this.containerd?.socket ?? join(this.dir, 'containerd.sock');
  }

  private say(line: string): void {
    this.d.log?.(`${this.name}: ${line}`);
  }

  async start(): Promise<void> {
    const d = this.d;
    this.containerd = await startHostContainerd({ dir: this.dir, log: (l) => this.say(l) });
    const kc = componentClient(d.server, d.pki, 'kubelet', d);
    const pc = componentClient(d.server, d.pki, 'kube-proxy', d);
    const ac = componentClient(d.server, d.pki, 'node-agent', d);
    const dc = componentClient(d.server, d.pki, 'dns', d);
    this.conns = [kc, pc, ac, dc];
    this.runtime = new ContainerdRuntime(this.containerd.socket, {
      cgroupRoot: this.containerd.cgroupRoot,
    });
    const rt = this.runtime;
    this.kubelet = await startKubelet({
      ...d.kubelet,
      client: kc.client,
      nodeName: this.name,
      role: 'worker',
      runtime: rt,
      ...(hasStreaming(rt) ? { streaming: rt } : {}),
      clock: d.clock,
      trace: d.trace,
      flags: {
        ...d.kubelet?.flags,
        nodeIp: this.ip,
        address: this.ip,
        podLogsDir: join(this.dir, 'pods'),
        rootDir: join(this.dir, 'kubelet'),
      },
    });
    const nodes = kc.client.resource<Node>(NODES);
    await nodes.patch(this.name, 'merge', { metadata: { labels: { [HOST_NODE_LABEL]: 'true' } } });
    const cidr = await this.waitPodCIDR(kc);
    this.containerd.setPodCIDR(cidr);
    this.say(`pod CIDR ${cidr} (CNI bridge ${this.containerd.bridge})`);

    this.proxy = new HostNodeProxy({
      client: pc.client,
      nodeName: this.name,
      nodeIP: this.ip,
      clusterCIDR: CLUSTER_CIDR,
      clock: d.clock,
      trace: d.trace,
      minSyncPeriodMs: d.proxyMinSyncPeriodMs,
      log: (l) => this.say(l),
    });
    await this.proxy.start();
    this.dns = await startNodeDns({
      client: dc.client,
      nodeName: this.name,
      host: this.ip,
      trace: d.trace,
    });
    // Only the node itself may reach the kubelet's streaming port, only it and pods the DNS port.
    await installHostFirewall({
      nodeIP: this.ip,
      kubeletPort: this.kubelet.streamingPort,
      dnsPort: this.dns.server.port,
      clusterCIDR: CLUSTER_CIDR,
    });
    this.agent = new NodeAgent({
      client: ac.client,
      nodeName: this.name,
      trace: d.trace,
      log: (l) => this.say(l),
    });
    await this.agent.start();
  }

  private async waitPodCIDR(c: ComponentClient): Promise<string> {
    const until = Date.now() + 30_000;
    for (;;) {
      const n = await c.client.resource<Node>(NODES).get(this.name);
      const cidr = n.spec?.podCIDRs?.[0] ?? n.spec?.podCIDR;
      if (cidr) return cidr;
      if (Date.now() > until) {
        throw new Error(
          `node ${this.name} got no pod CIDR from the node IPAM controller within 30 s`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  isKubeletRunning(): boolean {
    return this.kubelet !== undefined && this.kubeletRunning;
  }

  /**
   * The stop-kubelet fault on the real node: the kubelet process dies (heartbeats and syncs stop);
   * containerd and the containers keep running, and a restart adopts them.
   */
  async stopKubelet(): Promise<void> {
    if (!this.isKubeletRunning()) return;
    this.kubeletRunning = false;
    this.kubelet!.kill();
  }

  async startKubelet(): Promise<void> {
    if (!this.kubelet || this.kubeletRunning) return;
    await this.kubelet.restart();
    this.kubeletRunning = true;
  }

  /** "kubelet", "kube-proxy" … → healthy?, for `kubelab status`. */
  health(): { component: string; healthy: boolean; detail?: string }[] {
    return [
      {
        component: 'containerd',
        healthy: this.containerd?.alive() ?? false,
        detail: this.containerd?.socket ?? '',
      },
      {
        component: 'kubelet',
        healthy: this.isKubeletRunning(),
        detail: this.isKubeletRunning() ? `real, ${this.ip}` : 'stopped',
      },
      {
        component: 'kube-proxy',
        healthy: this.proxy?.healthy() ?? false,
        detail: `${this.proxy?.mode ?? ''} mode`,
      },
      {
        component: 'node-agent',
        healthy: this.agent?.healthy() ?? false,
        detail: `${this.agent?.plan().routes.length ?? 0} route(s)`,
      },
      {
        component: 'cluster-dns',
        healthy: this.dns !== undefined,
        detail: this.dns ? `${this.ip}:${this.dns.server.port} (10.96.0.10:53)` : '',
      },
    ];
  }

  /** Stops everything and cleans the machine; resolves with what could not be cleaned. */
  async stop(): Promise<string[]> {
    const problems: string[] = [];
    const step = async (what: string, f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (e) {
        problems.push(`${what}: ${(e as Error).message}`);
      }
    };
    await step('node agent', async () => this.agent?.stop() ?? new RouteTable().clear());
    await step('cluster DNS', async () => this.dns?.stop());
    await step('host firewall', () => removeHostFirewall());
    await step('kube-proxy', async () => this.proxy?.stop() ?? cleanupKubeProxyRules());
    await step('kubelet', async () => this.kubelet?.stop());
    this.runtime?.close();
    if (this.containerd) problems.push(...(await this.containerd.stop()));
    for (const c of this.conns) c.transport.close();
    for (const p of problems) this.say(`stop: ${p}`);
    return problems;
  }
}
