/**
 * What faults act upon in no-VM mode: the handful of levers the embedded cluster exposes. Faults
 * see only this interface (the composition implements it), so they never reach into components,
 * and a fake implementation tests them without a cluster.
 */
export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
  nodeName: string;
}

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** Control-plane components elected through a Lease; a fault kills the current leader. */
export type ElectedComponent = 'scheduler' | 'controller-manager';

export interface NoVmFaultTarget {
  nodeNames(): string[];
  kubeletRunning(node: string): boolean;
  stopKubelet(node: string): Promise<void>;
  startKubelet(node: string): Promise<void>;
  /** Makes the container's main process exit with an error (exit code 1). */
  crashContainer(pod: PodRef, container: string): Promise<void>;
  /** Forces a probe to fail (failing = true) or to behave normally again. */
  setProbeFailing(pod: PodRef, container: string, probe: ProbeKind, failing: boolean): void;
  probeFailing(pod: PodRef, container: string, probe: ProbeKind): boolean;
  /** The identity of the instance holding the component's Lease, as this process knows it. */
  leader(component: ElectedComponent): string | undefined;
  /** Kills one instance as SIGKILL would (no Lease release). */
  kill(component: ElectedComponent, identity: string): Promise<void>;
  /** Starts a killed instance again under the same identity. */
  restart(component: ElectedComponent, identity: string): Promise<void>;
  alive(component: ElectedComponent, identity: string): boolean;
}
