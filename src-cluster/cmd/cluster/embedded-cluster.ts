/**
 * The no-VM cluster in ONE process (DESIGN.md §2): one SQLite store shared by 1 or 3 API servers,
 * per master a scheduler, a controller manager and the lab cloud controller (all under leader
 * election), per node a kubelet with the sim runtime and a kube-proxy with the sim backend, the
 * cluster DNS, and a front TCP load balancer so the kubeconfig names one server that survives the
 * loss of a master. Every component reaches the API through the client over HTTPS, exactly as in
 * VM mode; only the machines are simulated. Every trace event goes into one TraceRing.
 *
 * Start order mirrors kubeadm: store → PKI → API servers → load balancer → kubeconfig →
 * kube-dns Service → control-plane components → nodes. stop() runs it backwards.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { join, resolve } from 'node:path';
import type { Clock } from '../../../src-shared/util/clock';
import { realClock } from '../../../src-shared/util/clock';
import { TraceRing } from '../../../src-shared/trace';
import { ensurePki, type Pki } from '../../admin/pki';
import { kubeconfigYaml, writeKubeconfig } from '../../admin/kubeconfig';
import type { ApiServerOptions } from '../../apiserver/server';
import { labCloud } from '../../cloud/provider';
import type { ControllerManagerFlags } from '../../controllers/framework/context';
import { ClusterDns } from '../../dns/cluster-dns';
import { ensureKubeDnsService } from '../../dns/kube-dns-service';
import type { NoVmFaultTarget } from '../../faults/target';
import { FaultLedger } from '../../faults/ledger';
import { FaultManager, clearLeftovers } from '../../faults/manager';
import type { StartupStep } from '../../../src-shared/ipc/cluster';
import { SqliteStore } from '../../store/sqlite/sqlite-store';
import type { ApiClient } from '../../client';
import type { SimProxyBackend } from '../../proxy/sim/sim-backend';
import type { LeaderElectionTiming } from '../controller-manager';
import { ApiLoadBalancer } from './api-load-balancer';
import { normaliseClusterFlags } from './cluster-flags';
import { componentClient, type ComponentClient } from './clients';
import type { ElectedInstance } from './elected';
import { ClusterFaultTarget } from './fault-target';
import { componentHealth, type ComponentHealth } from './health';
import { MasterInstance } from './master-instance';
import { HostNodeInstance } from './host-node-instance';
import { NodeInstance, type NodeDeps } from './node-instance';
import { planNodes, type NodeSpec } from './topology';
import { waitForNodesReady } from './wait';

export interface EmbeddedClusterFlags {
  controllerManager?: Partial<ControllerManagerFlags>;
  leaderElection?: LeaderElectionTiming;
  kubelet?: NodeDeps['kubelet'];
  /** Sim container runtime options for every node (e.g. pullTimeScale). */
  runtime?: NodeDeps['runtime'];
  proxyMinSyncPeriodMs?: number;
  apiserver?: Partial<ApiServerOptions>;
}

export interface EmbeddedClusterOptions {
  masters: 1 | 3;
  workers: number;
  dataDir: string;
  clock?: Clock;
  /** Structured, or upstream flag names with durations ({"node-monitor-grace-period": "10s"}). */
  flags?: EmbeddedClusterFlags | Record<string, string>;
  /** Port for the front load balancer (0 = any free port). */
  apiPort?: number;
  /** Wait until every node is Ready before resolving (default true). */
  waitReady?: boolean;
  /** Start-up progress ("waiting for nodes Ready: worker-1, worker-2"). */
  onProgress?: (step: string) => void;
  /** The same, per node and step, for the startup timeline. */
  onStep?: (step: StartupStep) => void;
  /**
   * Add this machine as one more worker: a real kubelet on kubelab's own containerd, kube-proxy
   * in iptables/IPVS mode, host-gw routes and the cluster DNS (host-node-instance.ts). Linux and
   * root only; `ip` overrides the node address.
   */
  hostNode?: boolean | { ip?: string };
}

export interface EmbeddedCluster {
  dataDir: string;
  kubeconfigPath: string;
  /** The front load balancer: https://127.0.0.1:<port>. */
  server: string;
  /** Node names, masters first. */
  nodes: string[];
  topology: readonly NodeSpec[];
  trace: TraceRing;
  /** An admin client (through the load balancer) for the composition and tests. */
  client: ApiClient;
  dns: ClusterDns;
  proxy(node: string): SimProxyBackend;
  /** The machine itself as a node, when started with hostNode. */
  hostNode?: HostNodeInstance;
  node(name: string): NodeInstance;
  masters(): readonly MasterInstance[];
  elected(): readonly ElectedInstance[];
  faultTarget: NoVmFaultTarget;
  /** Applies and reverts faults, recorded in the ledger <dataDir>/faults.json. */
  faults: FaultManager;
  /** Removes a node's machine: its kubelet and proxy stop and the cloud says it is gone. */
  destroyNode(name: string): Promise<void>;
  components(): ComponentHealth[];
  /** components(), for callers that expect a promise. */
  health(): Promise<ComponentHealth[]>;
  stop(): Promise<void>;
}

/**
 * ensurePki, checked: admin/pki.ts sometimes signs a serial number whose DER encoding OpenSSL
 * rejects ("illegal padding": a random serial starting with a zero byte). Such a PKI can never
 * serve, so it is regenerated (at most a few times) instead of failing the cluster's first start.
 */
function loadUsablePki(dir: string): Pki {
  for (let attempt = 0; ; attempt++) {
    const pki = ensurePki(dir, ['127.0.0.1', 'localhost']);
    try {
      createSecureContext({ key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert });
      createSecureContext({ key: pki.adminKey, cert: pki.adminCert });
      return pki;
    } catch (err) {
      if (attempt >= 4) throw err;
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

export async function startEmbeddedCluster(opts: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const clock = opts.clock ?? realClock;
  const flags = normaliseClusterFlags(opts.flags);
  const progress = opts.onProgress ?? (() => {});
  const stepStarts = new Map<string, number>();
  const step = (node: string, name: string, state: StartupStep['state'], detail?: string) => {
    const key = `${node}/${name}`;
    if (state === 'running') stepStarts.set(key, Date.now());
    opts.onStep?.({
      node,
      step: name,
      state,
      startedAt: stepStarts.get(key) ?? Date.now(),
      ...(state === 'running' ? {} : { endedAt: Date.now() }),
      ...(detail ? { detail } : {}),
    });
  };
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const specs = planNodes(opts.masters, opts.workers);
  const trace = new TraceRing(50_000);
  const destroyed = new Set<string>();
  // The lab cloud knows each machine: the planned sim nodes and, with hostNode, this one (else
  // the cloud node controller would delete its Node as a vanished instance).
  const machines = new Set(specs.map((s) => s.name));
  const cloud = labCloud((n) => machines.has(n) && !destroyed.has(n));
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  };

  try {
    progress('opening the store');
    const store = await SqliteStore.open(join(dataDir, 'state.db'));
    cleanups.push(() => store.close());
    progress('loading the PKI');
    const pki: Pki = loadUsablePki(join(dataDir, 'pki'));

    const masters = specs
      .filter((s) => s.role === 'master')
      .map(
        (s) =>
          new MasterInstance(s, {
            store,
            pki,
            clock,
            trace,
            cloud,
            leaderElection: flags.leaderElection,
            controllerManager: flags.controllerManager,
            apiserver: flags.apiserver,
          }),
      );
    progress(`starting ${masters.length} API server(s)`);
    for (const m of masters) {
      step(m.spec.name, 'start API server', 'running');
      await m.startApiServer();
      cleanups.push(() => m.stopApiServer());
      step(m.spec.name, 'start API server', 'done', `https://127.0.0.1:${m.port}`);
    }
    const lb = new ApiLoadBalancer(masters.map((m) => ({ host: '127.0.0.1', port: m.port })));
    const lbPort = await lb.listen(opts.apiPort ?? 0);
    cleanups.push(() => lb.close());
    const server = `https://127.0.0.1:${lbPort}`;
    // Every master answers the same: clients reach the API through the load balancer.
    for (const m of masters) await m.apiserver.advertise('127.0.0.1', lbPort);

    const kubeconfigPath = join(dataDir, 'kubeconfig');
    writeKubeconfig(
      kubeconfigPath,
      kubeconfigYaml({
        server,
        caCert: pki.caCert,
        user: { clientCert: pki.adminCert, clientKey: pki.adminKey },
      }),
    );
    const admin: ComponentClient = componentClient(server, pki, 'kubelab', { clock, trace });
    cleanups.push(async () => admin.transport.close());
    await ensureKubeDnsService(admin.client);

    const dnsConn = componentClient(server, pki, 'dns', { clock, trace });
    const dns = new ClusterDns({ client: dnsConn.client, clock, trace, instance: 'cluster' });
    await dns.start();
    cleanups.push(async () => {
      await dns.stop();
      dnsConn.transport.close();
    });

    progress('starting schedulers, controller managers and cloud controllers');
    for (const m of masters) {
      step(m.spec.name, 'start control plane', 'running');
      await m.startComponents();
      cleanups.push(() => m.stopComponents());
      step(m.spec.name, 'start control plane', 'done', 'scheduler, controller manager, cloud');
    }

    const nodeDeps: NodeDeps = {
      server,
      pki,
      clock,
      trace,
      proxyMinSyncPeriodMs: flags.proxyMinSyncPeriodMs,
      kubelet: flags.kubelet,
      runtime: flags.runtime,
    };
    const nodes = specs.map((s) => new NodeInstance(s, nodeDeps));
    progress(`starting kubelet and kube-proxy on ${nodes.map((n) => n.name).join(', ')}`);
    await Promise.all(
      nodes.map(async (n) => {
        step(n.name, 'start kubelet and kube-proxy', 'running');
        await n.start();
        cleanups.push(() => n.stop());
        step(n.name, 'start kubelet and kube-proxy', 'done');
        step(n.name, 'wait for Ready', 'running', 'kubelet registers the Node and posts Ready');
      }),
    );
    let hostNode: HostNodeInstance | undefined;
    if (opts.hostNode) {
      // After the sim nodes registered: IPAM then gives the host node the next free /24 and
      // never one a sim node is about to claim.
      hostNode = new HostNodeInstance({
        ...nodeDeps,
        dataDir,
        takenNames: specs.map((s) => s.name),
        ...(typeof opts.hostNode === 'object' && opts.hostNode.ip ? { ip: opts.hostNode.ip } : {}),
        log: (l) => progress(l),
      });
      const h = hostNode;
      machines.add(h.name);
      progress(`starting the host node ${h.name} (${h.ip}): containerd, kubelet, kube-proxy`);
      step(h.name, 'start containerd, kubelet, kube-proxy', 'running');
      cleanups.push(async () => void (await h.stop()));
      await h.start();
      step(h.name, 'start containerd, kubelet, kube-proxy', 'done');
      step(h.name, 'wait for Ready', 'running', 'kubelet registers the Node and posts Ready');
    }
    const allNames = [...specs.map((s) => s.name), ...(hostNode ? [hostNode.name] : [])];
    if (opts.waitReady !== false) {
      let pending = new Set(allNames);
      progress(`waiting for nodes to be Ready: ${[...pending].join(', ')}`);
      await waitForNodesReady(admin.client, [...pending], {
        onProgress: (left) => {
          for (const n of pending) if (!left.includes(n)) step(n, 'wait for Ready', 'done');
          if (left.length < pending.size) {
            progress(`waiting for nodes to be Ready: ${left.join(', ')}`);
          }
          pending = new Set(left);
        },
      });
      for (const n of pending) step(n, 'wait for Ready', 'done');
    }
    const ledger = new FaultLedger(dataDir);
    const leftovers = clearLeftovers(ledger);
    if (leftovers.length > 0) {
      progress(
        `cleared ${leftovers.length} fault(s) left by the previous run: ${leftovers.map((e) => `${e.id} ${e.kind} ${e.target}`).join('; ')}`,
      );
    }

    const allElected = () => masters.flatMap((m) => m.elected);
    const node = (name: string) => {
      const n = nodes.find((x) => x.name === name);
      if (!n) throw new Error(`no node "${name}" (nodes: ${nodes.map((x) => x.name).join(', ')})`);
      return n;
    };
    const faultTarget = new ClusterFaultTarget(
      () => nodes.filter((n) => !destroyed.has(n.name)),
      allElected,
      () => hostNode,
    );
    const faults = new FaultManager(ledger, faultTarget, admin.client);
    const components = () => componentHealth({ masters, nodes, dns, destroyed, hostNode });
    return {
      dataDir,
      kubeconfigPath,
      server,
      nodes: allNames,
      topology: specs,
      hostNode,
      trace,
      client: admin.client,
      dns,
      proxy: (name) => node(name).proxyBackend,
      node,
      masters: () => masters,
      elected: allElected,
      faultTarget,
      faults,
      async destroyNode(name) {
        await node(name).stop();
        destroyed.add(name);
      },
      components,
      health: async () => components(),
      async stop() {
        // Faults first, so nothing a fault changed outlives the cluster's own shutdown.
        await faults.revertAll().catch(() => []);
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
