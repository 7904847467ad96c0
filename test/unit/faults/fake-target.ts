/** A NoVmFaultTarget over plain state, so faults are tested without a cluster. */
import type {
  ElectedComponent,
  NoVmFaultTarget,
  PodRef,
  ProbeKind,
} from '../../../src-cluster/faults/target';

export class FakeTarget implements NoVmFaultTarget {
  stopped = new Set<string>();
  dead = new Set<string>();
  crashes: string[] = [];
  failing = new Set<string>();
  leaders: Record<ElectedComponent, string | undefined> = {
    scheduler: 'master-1_a',
    'controller-manager': 'master-2_b',
  };

  nodeNames() {
    return ['master-1', 'worker-1', 'worker-2'];
  }
  kubeletRunning(node: string) {
    return !this.stopped.has(node);
  }
  async stopKubelet(node: string) {
    this.stopped.add(node);
  }
  async startKubelet(node: string) {
    this.stopped.delete(node);
  }
  async crashContainer(pod: PodRef, container: string) {
    this.crashes.push(`${pod.namespace}/${pod.name}/${container}@${pod.nodeName}`);
  }
  setProbeFailing(pod: PodRef, c: string, probe: ProbeKind, on: boolean) {
    const k = `${pod.uid}/${c}/${probe}`;
    if (on) this.failing.add(k);
    else this.failing.delete(k);
  }
  probeFailing(pod: PodRef, c: string, probe: ProbeKind) {
    return this.failing.has(`${pod.uid}/${c}/${probe}`);
  }
  leader(c: ElectedComponent) {
    const id = this.leaders[c];
    return id && !this.dead.has(id) ? id : undefined;
  }
  async kill(_c: ElectedComponent, id: string) {
    this.dead.add(id);
  }
  async restart(_c: ElectedComponent, id: string) {
    this.dead.delete(id);
  }
  alive(_c: ElectedComponent, id: string) {
    return !this.dead.has(id);
  }
}
