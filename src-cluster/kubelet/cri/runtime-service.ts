/**
 * The CRI v1 RuntimeService subset the kubelet uses, as TypeScript role interfaces. Names follow
 * the `runtime.v1` protobuf messages with the camelCase field names @grpc/proto-loader produces
 * (`keepCase: false`, `enums: String`, `longs: String`), so a containerd gRPC client can implement
 * these interfaces by passing requests and responses through nearly untouched.
 *
 * Conventions carried over from the wire format:
 * - int64 fields (timestamps in nanoseconds, sizes in bytes) are decimal strings (`Int64`);
 * - enums are their proto names ('CONTAINER_RUNNING', 'SANDBOX_READY');
 * - every call may reject with a CriError (cri/errors.ts), the gRPC status it would carry.
 */

/** An int64 as proto-loader renders it with `longs: String`. */
export type Int64 = string;

/** Nanoseconds since the epoch, as CRI timestamps are. */
export function nanosFromMs(ms: number): Int64 {
  return (BigInt(Math.round(ms)) * 1_000_000n).toString();
}

/** Milliseconds since the epoch from a CRI timestamp (0 stays 0). */
export function msFromNanos(ns: Int64 | undefined): number {
  return ns ? Number(BigInt(ns) / 1_000_000n) : 0;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface VersionResponse {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

export interface RuntimeCondition {
  /** 'RuntimeReady' | 'NetworkReady' */
  type: string;
  status: boolean;
  reason: string;
  message: string;
}

export interface StatusResponse {
  status: { conditions: RuntimeCondition[] };
  info?: Record<string, string>;
}

// --- sandboxes ---------------------------------------------------------------------------------

export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}

export interface PortMapping {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  containerPort: number;
  hostPort?: number;
  hostIp?: string;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname: string;
  /** Absolute; container log paths are relative to it. */
  logDirectory: string;
  dnsConfig?: { servers: string[]; searches: string[]; options: string[] };
  portMappings?: PortMapping[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  linux?: {
    cgroupParent?: string;
    securityContext?: {
      namespaceOptions?: { network?: 'POD' | 'NODE'; pid?: NamespaceMode };
      privileged?: boolean;
    };
  };
}

export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: Int64;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodSandboxStatus extends PodSandbox {
  network: { ip: string; additionalIps: { ip: string }[] };
}

export interface PodSandboxFilter {
  id?: string;
  state?: { state: PodSandboxState };
  labelSelector?: Record<string, string>;
}

export interface RunPodSandboxRequest {
  config: PodSandboxConfig;
  runtimeHandler?: string;
}

/** Sandbox lifecycle (upstream's PodSandboxManager role). */
export interface PodSandboxManager {
  runPodSandbox(req: RunPodSandboxRequest): Promise<{ podSandboxId: string }>;
  /** Stops every container in the sandbox (killing them) and tears down its network. Idempotent. */
  stopPodSandbox(req: { podSandboxId: string }): Promise<void>;
  /** Removes a stopped sandbox and its containers. Idempotent (unknown id is not an error). */
  removePodSandbox(req: { podSandboxId: string }): Promise<void>;
  podSandboxStatus(req: { podSandboxId: string }): Promise<{ status: PodSandboxStatus }>;
  listPodSandbox(req: { filter?: PodSandboxFilter }): Promise<{ items: PodSandbox[] }>;
}

// --- containers --------------------------------------------------------------------------------

export interface ContainerMetadata {
  name: string;
  /** 0 for the first instance, +1 per restart: the kubelet derives restartCount from it. */
  attempt: number;
}

export interface ImageSpec {
  image: string;
  annotations?: Record<string, string>;
}

export interface LinuxContainerResources {
  cpuPeriod?: Int64;
  cpuQuota?: Int64;
  cpuShares?: Int64;
  memoryLimitInBytes?: Int64;
}

export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';

/** Who the container runs as and what it may do (CRI LinuxContainerSecurityContext, a subset). */
export interface LinuxContainerSecurityContext {
  capabilities?: { addCapabilities?: string[]; dropCapabilities?: string[] };
  privileged?: boolean;
  namespaceOptions?: { network?: NamespaceMode; pid?: NamespaceMode; ipc?: NamespaceMode };
  runAsUser?: { value: Int64 };
  runAsGroup?: { value: Int64 };
  readonlyRootfs?: boolean;
  supplementalGroups?: Int64[];
  noNewPrivs?: boolean;
}

/** A bind mount of a host path (a pod volume) into the container. */
export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly?: boolean;
  selinuxRelabel?: boolean;
  propagation?:
    'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  mounts?: Mount[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Relative to the sandbox's logDirectory. */
  logPath?: string;
  tty?: boolean;
  stdin?: boolean;
  linux?: { resources?: LinuxContainerResources; securityContext?: LinuxContainerSecurityContext };
}

export interface CreateContainerRequest {
  podSandboxId: string;
  config: ContainerConfig;
  sandboxConfig: PodSandboxConfig;
}

export type ContainerState =
  'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  /** The resolved image id (digest). */
  imageRef: string;
  state: ContainerState;
  createdAt: Int64;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata;
  state: ContainerState;
  createdAt: Int64;
  startedAt: Int64;
  finishedAt: Int64;
  exitCode: number;
  image: ImageSpec;
  imageRef: string;
  /** For exited containers: 'Completed' | 'Error' | 'OOMKilled' | … (containerd's wording). */
  reason: string;
  message: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logPath: string;
}

export interface ContainerFilter {
  id?: string;
  state?: { state: ContainerState };
  podSandboxId?: string;
  labelSelector?: Record<string, string>;
}

export interface ExecSyncResponse {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

/** Container lifecycle (upstream's ContainerManager role). */
export interface ContainerManager {
  createContainer(req: CreateContainerRequest): Promise<{ containerId: string }>;
  startContainer(req: { containerId: string }): Promise<void>;
  /**
   * SIGTERM, then SIGKILL once `timeout` seconds have passed (0: kill at once). Resolves when the
   * container has exited. Stopping an exited container is a no-op.
   */
  stopContainer(req: { containerId: string; timeout: number }): Promise<void>;
  removeContainer(req: { containerId: string }): Promise<void>;
  listContainers(req: { filter?: ContainerFilter }): Promise<{ containers: Container[] }>;
  containerStatus(req: { containerId: string; verbose?: boolean }): Promise<{
    status: ContainerStatus;
  }>;
  /** Runs cmd to completion (exec probes); `timeout` seconds, 0 = none. */
  execSync(req: { containerId: string; cmd: string[]; timeout: number }): Promise<ExecSyncResponse>;
}

export interface ContainerStats {
  attributes: { id: string; metadata: ContainerMetadata; labels: Record<string, string> };
  cpu?: { timestamp: Int64; usageCoreNanoSeconds?: { value: Int64 } };
  memory?: { timestamp: Int64; workingSetBytes?: { value: Int64 } };
}

/** Resource usage (upstream's ContainerStatsManager role). */
export interface ContainerStatsManager {
  listContainerStats(req: { filter?: ContainerFilter }): Promise<{ stats: ContainerStats[] }>;
}

/** Identity and health of the runtime (RuntimeVersioner plus Status/UpdateRuntimeConfig). */
export interface RuntimeVersioner {
  version(req: { version: string }): Promise<VersionResponse>;
  status(req: { verbose?: boolean }): Promise<StatusResponse>;
  /** The kubelet hands the node's pod CIDR to the runtime (and so to CNI). */
  updateRuntimeConfig(req: {
    runtimeConfig: { networkConfig: { podCidr: string } };
  }): Promise<void>;
}

/** runtime.v1.RuntimeService, as far as the kubelet uses it. */
export interface RuntimeService
  extends RuntimeVersioner, PodSandboxManager, ContainerManager, ContainerStatsManager {}

/** CRI labels the kubelet puts on sandboxes and containers, and filters by. */
export const LABELS = {
  podUid: 'io.kubernetes.pod.uid',
  podName: 'io.kubernetes.pod.name',
  podNamespace: 'io.kubernetes.pod.namespace',
  containerName: 'io.kubernetes.container.name',
} as const;
