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
import type { Backoff } from './backoff';
import type { ConfigSources } from './config-sources';
import { buildContainerConfig } from './container-config';
import type { ImageService } from './cri/image-service';
import { ImagePuller } from './image-puller';
import type { ContainerStatus, PodSandboxConfig, RuntimeService } from './cri/runtime-service';
import { LABELS, msFromNanos } from './cri/runtime-service';
import type { RuntimeFacts } from './field-path';
import { VolumeError, type PodVolume, type VolumeManager } from './volumes/volume-manager';
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
  /** The sandbox config for a pod (sandbox-config.ts with the kubelet's settings) + DNS warnings. */
  sandboxConfig: (
    pod: Pod,
    attempt: number,
  ) => { config: PodSandboxConfig; events: { reason: string; message: string }[] };
  /** A fresh ConfigMap/Secret reader for one sync. */
  sources: () => ConfigSources;
  /** Node-side facts for the downward API (pod IP once the sandbox has one). */
  facts: (pod: Pod, podIP: string) => RuntimeFacts;
  volumes: VolumeManager;
}

/** Retry period after a FailedMount or CreateContainerConfigError (the object may appear). */
export const CONFIG_RETRY_MS = 2000;

/** What the runtime holds for one pod, plus the kubelet's notes on waiting containers. */
export interface PodSnapshot {
  sandbox?: { id: string; ready: boolean; ip: string; attempt: number };
  sandboxCount: number;
  containers: ContainerStatus[];
}

const uidOf = (pod: Pod) => pod.metadata!.uid!;

/** What one sync hands to every container start. */
interface StartContext {
  sources: ConfigSources;
  volumes: Map<string, PodVolume>;
  onProgress: (s: PodSnapshot) => Promise<void>;
}
const podDesc = (pod: Pod) => `${pod.metadata!.name}_${pod.metadata!.namespace}(${uidOf(pod)})`;

export { pullPolicy } from './image-puller';

export class PodSyncer {
  /** uid → container name → why it waits. */
  readonly waiting = new Map<string, Map<string, Waiting>>();

  private readonly images: ImagePuller;

  constructor(private readonly d: PodSyncDeps) {
    this.images = new ImagePuller({ ...d, waitingFor: (uid) => this.waitingFor(uid) });
  }

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
    return this.d.sandboxConfig(pod, attempt).config;
  }

  /** Volumes first (a pod whose volumes fail waits in ContainerCreating, FailedMount). */
  private async setUpVolumes(
    pod: Pod,
    snap: PodSnapshot,
    sources: ConfigSources,
  ): Promise<Map<string, PodVolume> | undefined> {
    try {
      return await this.d.volumes.setUp(pod, sources, this.d.facts(pod, snap.sandbox?.ip ?? ''));
    } catch (e) {
      if (!(e instanceof VolumeError)) throw e;
      this.d.event(pod, 'Warning', 'FailedMount', e.message);
      // Containers already created keep running (a ConfigMap deleted later only fails re-mounts).
      const created = new Set(snap.containers.map((c) => c.metadata.name));
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])])
        if (!created.has(c.name) && !this.waitingFor(uidOf(pod)).has(c.name))
          this.waitingFor(uidOf(pod)).set(c.name, { reason: 'ContainerCreating' });
      this.d.requeueAfter(uidOf(pod), CONFIG_RETRY_MS);
      return undefined;
    }
  }

  /**
   * One pass towards the desired state. Returns the snapshot after acting. `onProgress` lets the
   * caller publish status before long waits (image pulls).
   */
  async sync(pod: Pod, onProgress: (snap: PodSnapshot) => Promise<void>): Promise<PodSnapshot> {
    const uid = uidOf(pod);
    let snap = await this.snapshot(uid);
    const sources = this.d.sources();
    const volumes = await this.setUpVolumes(pod, snap, sources);
    if (!volumes) return snap;
    const ctx: StartContext = { sources, volumes, onProgress };
    if (!snap.sandbox?.ready) {
      // Containers of a dead sandbox go with it; a new sandbox starts them again.
      for (const c of snap.containers)
        if (c.state === 'CONTAINER_RUNNING')
          await this.d.runtime.stopContainer({ containerId: c.id, timeout: 0 });
      const attempt = snap.sandboxCount;
      const { config, events } = this.d.sandboxConfig(pod, attempt);
      for (const e of events) this.d.event(pod, 'Warning', e.reason, e.message);
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
      if (!latest) await this.start(pod, c, 0, sandboxId, snap, ctx);
      else if (latest.state === 'CONTAINER_EXITED' && policy !== 'Never')
        await this.restart(pod, c, latest, sandboxId, snap, ctx);
      return this.snapshot(uid);
    }

    for (const c of pod.spec?.containers ?? []) {
      const [latest] = instancesOf(c.name, inSandbox);
      if (!latest) {
        await this.start(pod, c, 0, sandboxId, snap, ctx);
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
        if (policy !== 'Never') await this.restart(pod, c, after, sandboxId, snap, ctx);
        continue;
      }
      if (latest.state === 'CONTAINER_EXITED') {
        const again = policy === 'Always' || (policy === 'OnFailure' && latest.exitCode !== 0);
        if (again) await this.restart(pod, c, latest, sandboxId, snap, ctx);
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
    ctx: StartContext,
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
    await this.start(pod, c, latest.metadata.attempt + 1, sandboxId, snap, ctx);
  }

  private async start(
    pod: Pod,
    c: Container,
    attempt: number,
    sandboxId: string,
    snap: PodSnapshot,
    ctx: StartContext,
  ): Promise<void> {
    const uid = uidOf(pod);
    const prior = this.waitingFor(uid).get(c.name)?.reason;
    if (!prior || attempt === 0 || prior === 'CreateContainerConfigError')
      this.waitingFor(uid).set(c.name, { reason: 'ContainerCreating' });
    const sandbox = this.sandboxConfig(pod, snap.sandbox!.attempt);
    if (!(await this.images.ensure(pod, c, () => ctx.onProgress(snap), sandbox))) return;
    let config;
    try {
      const built = await buildContainerConfig({
        pod,
        container: c,
        attempt,
        sources: ctx.sources,
        facts: this.d.facts(pod, snap.sandbox?.ip ?? ''),
        volumes: ctx.volumes,
        materialized: this.d.volumes.materialized,
      });
      for (const w of built.warnings) this.d.event(pod, 'Warning', w.reason, w.message);
      config = built.config;
    } catch (e) {
      const msg = (e as Error).message;
      this.waitingFor(uid).set(c.name, { reason: 'CreateContainerConfigError', message: msg });
      this.d.event(pod, 'Warning', 'Failed', `Error: ${msg}`, c.name);
      this.d.requeueAfter(uid, CONFIG_RETRY_MS);
      return;
    }
    let containerId: string;
    try {
      ({ containerId } = await this.d.runtime.createContainer({
        podSandboxId: sandboxId,
        sandboxConfig: this.sandboxConfig(pod, snap.sandbox!.attempt),
        config,
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
    // After the containers are gone: nothing has the volumes mounted any more.
    this.d.volumes.tearDown(uid);
    this.waiting.delete(uid);
    this.d.crashBackoff.forget(`${uid}/`);
    this.d.pullBackoff.forget(`${uid}/`);
  }
}
