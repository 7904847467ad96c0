/**
 * SyncPod over the CRI (upstream's kuberuntime manager, reduced to what kubelab models): make sure
 * the pod has a ready sandbox, run init containers one at a time, then start or restart every
 * regular container per restartPolicy with crash-loop backoff, pull images per imagePullPolicy with
 * pull backoff, and kill containers whose liveness or startup probe failed. killPod stops
 * everything with a grace period (SIGTERM, SIGKILL at its end).
 *
 * It reads the runtime's truth on every call (ListPodSandbox / ListContainers / ContainerStatus), so
 * a restarted kubelet picks up containers that kept running while it was down.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { Clock } from '../../src-shared/util/clock';
import { parseQuantity } from '../api/quantity';
import type { Backoff } from './backoff';
import type { ImageService } from './cri/image-service';
import type { ContainerStatus, PodSandboxConfig, RuntimeService } from './cri/runtime-service';
import { LABELS, msFromNanos } from './cri/runtime-service';
import type { PodRuntimeView, Waiting } from './pod-status';
import { instancesOf } from './pod-status';
import type { ProbeManager } from './prober/manager';

export type Runtime = RuntimeService & ImageService;

export interface PodSyncDeps {
  runtime: Runtime;
  clock: Clock;
  crashBackoff: Backoff;
  pullBackoff: Backoff;
  probes: ProbeManager;
  event: (
    pod: Pod,
    type: 'Normal' | 'Warning',
    reason: string,
    msg: string,
    container?: string,
  ) => void;
  /** Sync the pod again after ms (a backoff window ends). */
  requeueAfter: (uid: string, ms: number) => void;
  podLogsDir: string;
}

/** What the runtime holds for one pod, plus the kubelet's notes on waiting containers. */
export interface PodSnapshot {
  sandbox?: { id: string; ready: boolean; ip: string; attempt: number };
  sandboxCount: number;
  containers: ContainerStatus[];
}

const uidOf = (pod: Pod) => pod.metadata!.uid!;
const podDesc = (pod: Pod) => `${pod.metadata!.name}_${pod.metadata!.namespace}(${uidOf(pod)})`;

/** Upstream's defaulting: ":latest" or no tag pulls Always, anything else IfNotPresent. */
export function pullPolicy(c: Container): string {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const ref = (c.image ?? '').split('@')[0]!;
  const tagged = ref.lastIndexOf(':') > ref.lastIndexOf('/');
  return !tagged || ref.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

export class PodSyncer {
  /** uid → container name → why it waits. */
  readonly waiting = new Map<string, Map<string, Waiting>>();

  constructor(private readonly d: PodSyncDeps) {}

  waitingFor(uid: string): Map<string, Waiting> {
    let m = this.waiting.get(uid);
    if (!m) this.waiting.set(uid, (m = new Map()));
    return m;
  }

  async snapshot(uid: string): Promise<PodSnapshot> {
    const rt = this.d.runtime;
    const { items } = await rt.listPodSandbox({
      filter: { labelSelector: { [LABELS.podUid]: uid } },
    });
    items.sort((a, b) => b.metadata.attempt - a.metadata.attempt);
    let sandbox: PodSnapshot['sandbox'];
    const newest = items[0];
    if (newest) {
      const { status } = await rt.podSandboxStatus({ podSandboxId: newest.id });
      sandbox = {
        id: newest.id,
        ready: status.state === 'SANDBOX_READY',
        ip: status.network.ip,
        attempt: newest.metadata.attempt,
      };
    }
    const { containers } = await rt.listContainers({
      filter: { labelSelector: { [LABELS.podUid]: uid } },
    });
    const statuses: ContainerStatus[] = [];
    for (const c of containers) {
      try {
        statuses.push((await rt.containerStatus({ containerId: c.id })).status);
      } catch {
        // Removed between list and status: ignore.
      }
    }
    return { sandbox, sandboxCount: items.length, containers: statuses };
  }

  view(pod: Pod, snap: PodSnapshot, terminating = false): PodRuntimeView {
    const uid = uidOf(pod);
    const current = snap.sandbox
      ? snap.containers.filter((c) => c.labels[LABELS.podUid] === uid)
      : [];
    return {
      sandbox: snap.sandbox && { ready: snap.sandbox.ready, ip: snap.sandbox.ip },
      containers: current,
      waiting: this.waitingFor(uid),
      ready: (id) => this.d.probes.ready(uid, id),
      started: (id) => this.d.probes.started(uid, id),
      terminating,
    };
  }

  sandboxConfig(pod: Pod, attempt: number): PodSandboxConfig {
    const m = pod.metadata!;
    return {
      metadata: { name: m.name!, uid: m.uid!, namespace: m.namespace ?? 'default', attempt },
      hostname: pod.spec?.hostname ?? m.name!,
      logDirectory: `${this.d.podLogsDir}/${m.namespace}_${m.name}_${m.uid}`,
      dnsConfig: { servers: [], searches: [], options: [] },
      portMappings: (pod.spec?.containers ?? []).flatMap((c) =>
        (c.ports ?? [])
          .filter((p) => p.hostPort)
          .map((p) => ({
            protocol: (p.protocol ?? 'TCP') as 'TCP',
            containerPort: p.containerPort,
            hostPort: p.hostPort,
            hostIp: p.hostIP,
          })),
      ),
      labels: {
        [LABELS.podUid]: m.uid!,
        [LABELS.podName]: m.name!,
        [LABELS.podNamespace]: m.namespace ?? 'default',
      },
      annotations: {},
      linux: {
        securityContext: { namespaceOptions: { network: pod.spec?.hostNetwork ? 'NODE' : 'POD' } },
      },
    };
  }

  /**
   * One pass towards the desired state. Returns the snapshot after acting. `onProgress` lets the
   * caller publish status before long waits (image pulls).
   */
  async sync(pod: Pod, onProgress: (snap: PodSnapshot) => Promise<void>): Promise<PodSnapshot> {
    const uid = uidOf(pod);
    let snap = await this.snapshot(uid);
    if (!snap.sandbox?.ready) {
      // Containers of a dead sandbox go with it; a new sandbox starts them again.
      for (const c of snap.containers)
        if (c.state === 'CONTAINER_RUNNING')
          await this.d.runtime.stopContainer({ containerId: c.id, timeout: 0 });
      const attempt = snap.sandboxCount;
      const config = this.sandboxConfig(pod, attempt);
      const { podSandboxId } = await this.d.runtime.runPodSandbox({ config });
      const { status } = await this.d.runtime.podSandboxStatus({ podSandboxId });
      snap = {
        sandbox: { id: podSandboxId, ready: true, ip: status.network.ip, attempt },
        sandboxCount: attempt + 1,
        containers: snap.containers,
      };
      await onProgress(snap);
    }
    const sandboxId = snap.sandbox!.id;
    const inSandbox = snap.containers.filter((c) => c.labels[LABELS.podUid] === uid);
    const policy = pod.spec?.restartPolicy ?? 'Always';

    for (const c of pod.spec?.initContainers ?? []) {
      const [latest] = instancesOf(c.name, inSandbox);
      if (latest?.state === 'CONTAINER_EXITED' && latest.exitCode === 0) continue;
      if (!latest) await this.start(pod, c, 0, sandboxId, snap, onProgress);
      else if (latest.state === 'CONTAINER_EXITED' && policy !== 'Never')
        await this.restart(pod, c, latest, sandboxId, snap, onProgress);
      return this.snapshot(uid);
    }

    for (const c of pod.spec?.containers ?? []) {
      const [latest] = instancesOf(c.name, inSandbox);
      if (!latest) {
        await this.start(pod, c, 0, sandboxId, snap, onProgress);
        continue;
      }
      if (latest.state === 'CONTAINER_RUNNING') {
        const failed = this.d.probes.failed(uid, latest.id);
        if (!failed) continue;
        this.d.event(
          pod,
          'Normal',
          'Killing',
          `Container ${c.name} failed ${failed} probe, will be restarted`,
          c.name,
        );
        const probe = failed === 'liveness' ? c.livenessProbe : c.startupProbe;
        const grace =
          probe?.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
        await this.d.runtime.stopContainer({ containerId: latest.id, timeout: grace });
        const after = (await this.d.runtime.containerStatus({ containerId: latest.id })).status;
        if (policy !== 'Never') await this.restart(pod, c, after, sandboxId, snap, onProgress);
        continue;
      }
      if (latest.state === 'CONTAINER_EXITED') {
        const again = policy === 'Always' || (policy === 'OnFailure' && latest.exitCode !== 0);
        if (again) await this.restart(pod, c, latest, sandboxId, snap, onProgress);
        else this.waitingFor(uid).delete(c.name);
      }
    }
    await this.gcExited(inSandbox);
    return this.snapshot(uid);
  }

  /** Restart after an exit, unless the crash-loop window is still open. */
  private async restart(
    pod: Pod,
    c: Container,
    latest: ContainerStatus,
    sandboxId: string,
    snap: PodSnapshot,
    onProgress: (s: PodSnapshot) => Promise<void>,
  ): Promise<void> {
    const key = `${uidOf(pod)}/${c.name}`;
    const finishedAt = msFromNanos(latest.finishedAt);
    const wait = this.d.crashBackoff.remaining(key, finishedAt);
    if (wait > 0) {
      const window = Math.round(this.d.crashBackoff.current(key) / 1000);
      const msg = `back-off ${window}s restarting failed container=${c.name} pod=${podDesc(pod)}`;
      this.waitingFor(uidOf(pod)).set(c.name, { reason: 'CrashLoopBackOff', message: msg });
      this.d.event(
        pod,
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${c.name} in pod ${podDesc(pod)}`,
        c.name,
      );
      this.d.requeueAfter(uidOf(pod), wait);
      return;
    }
    this.d.crashBackoff.next(key, finishedAt);
    await this.start(pod, c, latest.metadata.attempt + 1, sandboxId, snap, onProgress);
  }

  private async ensureImage(
    pod: Pod,
    c: Container,
    snap: PodSnapshot,
    onProgress: (s: PodSnapshot) => Promise<void>,
  ): Promise<boolean> {
    const uid = uidOf(pod);
    const image = c.image ?? '';
    const policy = pullPolicy(c);
    const present = !!(await this.d.runtime.imageStatus({ image: { image } })).image;
    if (policy === 'Never' && !present) {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      this.waitingFor(uid).set(c.name, { reason: 'ErrImageNeverPull', message: msg });
      this.d.event(pod, 'Warning', 'ErrImageNeverPull', msg, c.name);
      return false;
    }
    if (present && policy !== 'Always') {
      this.d.event(
        pod,
        'Normal',
        'Pulled',
        `Container image "${image}" already present on machine`,
        c.name,
      );
      return true;
    }
    const key = `${uid}/pull/${image}`;
    const last = this.pullFailedAt.get(key) ?? 0;
    const wait = this.d.pullBackoff.remaining(key, last);
    if (wait > 0) {
      const msg = `Back-off pulling image "${image}"`;
      this.waitingFor(uid).set(c.name, { reason: 'ImagePullBackOff', message: msg });
      this.d.event(pod, 'Normal', 'BackOff', msg, c.name);
      this.d.requeueAfter(uid, wait);
      return false;
    }
    this.d.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, c.name);
    this.waitingFor(uid).set(c.name, { reason: 'ContainerCreating' });
    await onProgress(snap);
    const started = this.d.clock.now();
    try {
      await this.d.runtime.pullImage({ image: { image } });
    } catch (e) {
      const msg = (e as Error).message;
      this.pullFailedAt.set(key, this.d.clock.now());
      this.d.pullBackoff.next(key, this.d.clock.now());
      this.waitingFor(uid).set(c.name, { reason: 'ErrImagePull', message: msg });
      this.d.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${msg}`, c.name);
      this.d.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', c.name);
      this.d.requeueAfter(uid, this.d.pullBackoff.current(key));
      return false;
    }
    this.pullFailedAt.delete(key);
    const secs = ((this.d.clock.now() - started) / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';
    const size = (await this.d.runtime.imageStatus({ image: { image } })).image?.size ?? '0';
    this.d.event(
      pod,
      'Normal',
      'Pulled',
      `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: ${size} bytes.`,
      c.name,
    );
    return true;
  }

  private readonly pullFailedAt = new Map<string, number>();

  private async start(
    pod: Pod,
    c: Container,
    attempt: number,
    sandboxId: string,
    snap: PodSnapshot,
    onProgress: (s: PodSnapshot) => Promise<void>,
  ): Promise<void> {
    const uid = uidOf(pod);
    if (!this.waitingFor(uid).has(c.name) || attempt === 0)
      this.waitingFor(uid).set(c.name, { reason: 'ContainerCreating' });
    if (!(await this.ensureImage(pod, c, snap, onProgress))) return;
    const memLimit = c.resources?.limits?.memory;
    let containerId: string;
    try {
      ({ containerId } = await this.d.runtime.createContainer({
        podSandboxId: sandboxId,
        sandboxConfig: this.sandboxConfig(pod, snap.sandbox!.attempt),
        config: {
          metadata: { name: c.name, attempt },
          image: { image: c.image ?? '' },
          command: c.command,
          args: c.args,
          workingDir: c.workingDir,
          envs: (c.env ?? [])
            .filter((e) => e.value !== undefined)
            .map((e) => ({ key: e.name, value: e.value! })),
          labels: {
            [LABELS.podUid]: uid,
            [LABELS.podName]: pod.metadata!.name!,
            [LABELS.podNamespace]: pod.metadata!.namespace ?? 'default',
            [LABELS.containerName]: c.name,
          },
          annotations: { 'io.kubernetes.container.restartCount': String(attempt) },
          logPath: `${c.name}/${attempt}.log`,
          tty: c.tty,
          stdin: c.stdin,
          linux: memLimit
            ? { resources: { memoryLimitInBytes: String(bytes(String(memLimit))) } }
            : {},
        },
      }));
    } catch (e) {
      this.waitingFor(uid).set(c.name, {
        reason: 'CreateContainerError',
        message: (e as Error).message,
      });
      this.d.event(pod, 'Warning', 'Failed', `Error: ${(e as Error).message}`, c.name);
      return;
    }
    this.d.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, c.name);
    this.waitingFor(uid).delete(c.name);
    try {
      await this.d.runtime.startContainer({ containerId });
      this.d.event(pod, 'Normal', 'Started', `Started container ${c.name}`, c.name);
    } catch (e) {
      this.d.event(pod, 'Warning', 'Failed', `Error: ${(e as Error).message}`, c.name);
    }
  }

  /** Keeps the newest two instances per container (current + previous, for logs --previous). */
  private async gcExited(all: ContainerStatus[]): Promise<void> {
    const names = new Set(all.map((c) => c.metadata.name));
    for (const n of names) {
      for (const old of instancesOf(n, all).slice(2)) {
        if (old.state === 'CONTAINER_EXITED')
          await this.d.runtime.removeContainer({ containerId: old.id });
      }
    }
  }

  /** Stops every container (SIGTERM, SIGKILL after graceSec) and the sandbox. */
  async killPod(pod: Pod | undefined, uid: string, graceSec: number): Promise<void> {
    const snap = await this.snapshot(uid);
    await Promise.all(
      snap.containers
        .filter((c) => c.state === 'CONTAINER_RUNNING')
        .map(async (c) => {
          if (pod)
            this.d.event(
              pod,
              'Normal',
              'Killing',
              `Stopping container ${c.metadata.name}`,
              c.metadata.name,
            );
          await this.d.runtime.stopContainer({ containerId: c.id, timeout: graceSec });
        }),
    );
    const { items } = await this.d.runtime.listPodSandbox({
      filter: { labelSelector: { [LABELS.podUid]: uid } },
    });
    for (const s of items) await this.d.runtime.stopPodSandbox({ podSandboxId: s.id });
  }

  /** Removes everything the runtime holds for the pod (after the API object is gone). */
  async removePod(uid: string): Promise<void> {
    const { items } = await this.d.runtime.listPodSandbox({
      filter: { labelSelector: { [LABELS.podUid]: uid } },
    });
    for (const s of items) await this.d.runtime.removePodSandbox({ podSandboxId: s.id });
    this.waiting.delete(uid);
    this.d.crashBackoff.forget(`${uid}/`);
    this.d.pullBackoff.forget(`${uid}/`);
  }
}

/** Bytes in a memory quantity ("64Mi", "1G"); 0 when unparseable (the API validated it). */
export function bytes(q: string): number {
  try {
    return parseQuantity(q).value();
  } catch {
    return 0;
  }
}
