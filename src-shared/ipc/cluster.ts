/** Cluster lifecycle, health and objects as the renderer sees them (no-VM and VM mode alike). */

export type DriverId = 'no-vm' | 'qemu' | 'libvirt';

/** A way to run nodes, and whether this machine can use it now. */
export interface DriverInfo {
  id: DriverId;
  title: string;
  available: boolean;
  /** Why the driver cannot be used here (shown in the wizard), when unavailable. */
  reason?: string;
}

/** What the create-cluster wizard asks for. */
export interface ClusterSpec {
  masters: 1 | 3;
  /** 1–5 workers. */
  workers: number;
  driver: DriverId;
  /**
   * Component flags with upstream names (e.g. "node-monitor-grace-period": "10s"); a learner or a
   * test can shorten grace periods. Keys the cluster does not know are rejected by the host.
   */
  flags?: Record<string, string>;
}

export type ClusterPhase = 'absent' | 'starting' | 'running' | 'stopping' | 'failed';

export type HealthState = 'healthy' | 'degraded' | 'down' | 'starting' | 'unknown';

/** One component instance of the running cluster (an API server, a kubelet on a node, …). */
export interface ComponentHealth {
  /** Stable id, e.g. "apiserver/master-1", "kubelet/worker-2". */
  id: string;
  /** The trace component name (src-shared/trace.ts), e.g. "apiserver", "kubelet". */
  component: string;
  /** The instance (usually the node name). */
  instance: string;
  /** The node it runs on, when it runs on one. */
  node?: string;
  state: HealthState;
  /** A short human reason ("stopped by fault kubelet-stop", "lease held by master-2", …). */
  detail?: string;
  /** For leader-elected components: whether this instance holds the lease. */
  leader?: boolean;
}

export type StepState = 'pending' | 'running' | 'done' | 'failed';

/** One step of one node's startup, as observed by the lab host. */
export interface StartupStep {
  node: string;
  step: string;
  state: StepState;
  startedAt?: number;
  endedAt?: number;
  /** What it waits on or why it failed. */
  detail?: string;
}

export interface ClusterStatus {
  phase: ClusterPhase;
  spec?: ClusterSpec;
  /** Node names in creation order (masters first). */
  nodes: string[];
  components: ComponentHealth[];
  startup: StartupStep[];
  /** The kubeconfig a terminal or kubectl should use. */
  kubeconfig?: string;
  /** The API server URL. */
  server?: string;
  /** Why the cluster failed, or a note on reduced capability. */
  message?: string;
  startedAt?: number;
}

/** Object kinds the cluster views show. */
export type ObjectKind =
  'Node' | 'Pod' | 'Deployment' | 'ReplicaSet' | 'Service' | 'Event' | 'Namespace' | 'Lease';

export const OBJECT_KINDS: readonly ObjectKind[] = [
  'Node',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'Service',
  'Event',
  'Namespace',
  'Lease',
];

/** A Kubernetes object as JSON (the full object; views pick the fields they show). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid: string }[];
    [k: string]: unknown;
  };
  spec?: any;
  status?: any;
  [k: string]: unknown;
}

export interface ObjectRef {
  kind: ObjectKind;
  namespace?: string;
  name: string;
}

/** One change to a watched object. Sent in batches. */
export interface ObjectChange {
  kind: ObjectKind;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

/** The current objects of every watched kind (the initial state before changes stream in). */
export type ObjectSnapshot = Record<ObjectKind, KubeObject[]>;

export interface ApplyResult {
  ref: ObjectRef | { kind: string; namespace?: string; name: string };
  action: 'created' | 'configured' | 'unchanged' | 'failed';
  message?: string;
}
