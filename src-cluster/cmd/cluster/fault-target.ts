/**
 * The no-VM cluster as faults see it (faults/target.ts): kubelets by node, the sim runtimes' fault
 * hooks, and the elected components by identity. The leader is the instance whose elector says it
 * leads — this process knows that directly, no Lease read needed.
 */
import type { ElectedComponent, NoVmFaultTarget, PodRef, ProbeKind } from '../../faults/target';
import { FaultError } from '../../faults/fault';
import type { ElectedInstance } from './elected';
import type { NodeInstance } from './node-instance';

/** What the kubelet faults need of a node: sim nodes and the real host node alike. */
export interface KubeletHost {
  readonly name: string;
  isKubeletRunning(): boolean;
  stopKubelet(): Promise<void>;
  startKubelet(): Promise<void>;
}

export class ClusterFaultTarget implements NoVmFaultTarget {
  constructor(
    private readonly nodes: () => NodeInstance[],
    private readonly elected: () => ElectedInstance[],
    /** The machine itself as a node (`--host-node`), if any: kubelet faults reach it too. */
    private readonly hostNode: () => KubeletHost | undefined = () => undefined,
  ) {}

  /** A sim node: the container and probe faults work through its sim runtime's hooks. */
  private node(name: string): NodeInstance {
    const n = this.nodes().find((x) => x.name === name);
    if (n) return n;
    if (this.hostNode()?.name === name)
      throw new FaultError(
        `${name} is this machine with real containers: container and probe faults work on simulated nodes only (crash a container here with "kubelab crictl stop <id>")`,
      );
    throw new FaultError(`no node "${name}"`);
  }

  private kubeletHost(name: string): KubeletHost {
    const h = this.hostNode();
    return h?.name === name ? h : this.node(name);
  }

  private instance(component: ElectedComponent, identity: string): ElectedInstance {
    const e = this.elected().find((x) => x.component === component && x.identity === identity);
    if (!e) throw new FaultError(`no ${component} "${identity}"`);
    return e;
  }

  nodeNames() {
    const host = this.hostNode()?.name;
    return [...this.nodes().map((n) => n.name), ...(host ? [host] : [])];
  }
  kubeletRunning(node: string) {
    return this.kubeletHost(node).isKubeletRunning();
  }
  stopKubelet(node: string) {
    return this.kubeletHost(node).stopKubelet();
  }
  startKubelet(node: string) {
    return this.kubeletHost(node).startKubelet();
  }
  async crashContainer(pod: PodRef, container: string) {
    if (!this.node(pod.nodeName).runtime.crashContainer(pod.uid, container)) {
      throw new FaultError(
        `container ${container} of ${pod.namespace}/${pod.name} is not running on ${pod.nodeName}`,
      );
    }
  }
  setProbeFailing(pod: PodRef, container: string, probe: ProbeKind, failing: boolean) {
    this.node(pod.nodeName).runtime.failProbe(pod.uid, container, probe, failing);
  }
  probeFailing(pod: PodRef, container: string, probe: ProbeKind) {
    return this.node(pod.nodeName).runtime.probeFailing(pod.uid, container, probe);
  }
  leader(component: ElectedComponent) {
    return this.elected().find((e) => e.component === component && e.alive() && e.isLeader())
      ?.identity;
  }
  kill(component: ElectedComponent, identity: string) {
    return this.instance(component, identity).kill();
  }
  restart(component: ElectedComponent, identity: string) {
    return this.instance(component, identity).start();
  }
  alive(component: ElectedComponent, identity: string) {
    return this.instance(component, identity).alive();
  }
}
