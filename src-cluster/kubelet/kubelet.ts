/**
 * The kubelet: registers its Node, heartbeats through its Lease and node status, watches the pods
 * bound to it (fieldSelector spec.nodeName=<node>), drives each through the CRI runtime with one
 * serial worker per pod, reports pod status, runs probes, records events, and serves logs/exec.
 *
 * stop() is the process dying: heartbeats, syncs, probes and the streaming server end; the
 * runtime and its containers carry on. A new Kubelet on the same runtime picks them up again.
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { Clock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import { RESOURCES } from '../api/resources';
import type { ApiClient } from '../client';
import { SharedInformerFactory, isConflict, isNotFound } from '../client';
import { EventRecorder, referenceTo } from '../client/events/event-recorder';
import { Backoff } from './backoff';
import type { StreamingRuntime } from './cri/streaming';
import type { KubeletFlags } from './flags';
import { CONTROL_PLANE_TAINT } from './flags';
import { Loops } from './loops';
import type { Machine } from './machine/machine';
import { SimMachine } from './machine/sim-machine';
import { NodeHeartbeat } from './node-heartbeat';
import type { NodeConfig } from './node-status';
import { MirrorPods } from './mirror-pods';
import { Pleg } from './pleg';
import { baseStatus, generatePodStatus } from './pod-status';
import { PodSyncer, type PodSnapshot, type Runtime } from './pod-sync';
import { nodeSideDeps } from './pod-sync-deps';
import { PodWorkers } from './pod-workers';
import { RuntimeHealth } from './runtime-health';
import { ProbeManager } from './prober/manager';
import { PROBE_LABEL, type ProbeRunner } from './prober/types';
import { createKubeletServer, type KubeletServer } from './server';
import { StaticPodManager } from './static-pod-manager';
import { StatusManager } from './status-manager';
import { RuntimeStreamer } from './streamer';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;
const SERVICES = RESOURCES.find((r) => r.resource === 'services' && r.group === '')!;

export interface KubeletOptions {
  client: ApiClient;
  nodeName: string;
  role: 'master' | 'worker';
  runtime: Runtime;
  /** Logs/exec source; without it the streaming server is not started. */
  streaming?: StreamingRuntime;
  probeRunner: ProbeRunner;
  clock: Clock;
  trace?: TraceSink;
  podCIDR?: string;
  capacity: { cpu: string; memory: string; pods?: number };
  /** The machine's facts and eviction signals; default: a SimMachine with `capacity`. */
  machine?: Machine;
  flags: KubeletFlags;
  architecture?: string;
  log?: (msg: string, err?: unknown) => void;
}

export class Kubelet {
  private readonly pods = new Map<string, Pod>();
  private readonly gone = new Map<string, Pod>();
  private readonly loops: Loops;
  private abort = new AbortController();
  private server: KubeletServer | undefined;
  private readonly recorder: EventRecorder;
  private readonly statuses: StatusManager;
  private readonly probes: ProbeManager;
  private readonly syncer: PodSyncer;
  private readonly workers: PodWorkers;
  private readonly heartbeat: NodeHeartbeat;
  private readonly pleg: Pleg;
  private readonly statics: StaticPodManager;
  private readonly side: ReturnType<typeof nodeSideDeps>;
  private node: Node | undefined;
  private readonly runtimeHealth: RuntimeHealth;
  private running = false;
  /** The streaming server's port once bound; reused across restarts (it is in the Node object). */
  streamingPort = 0;
  private readonly machine: Machine;

  constructor(private readonly o: KubeletOptions) {
    const log = o.log ?? (() => {});
    this.machine = o.machine ?? new SimMachine(o.nodeName, o.capacity);
    this.runtimeHealth = new RuntimeHealth(o.runtime, this.machine);
    this.recorder = new EventRecorder(
      o.client,
      { component: 'kubelet', host: o.nodeName },
      o.clock,
      (e) => log('event', e),
    );
    this.statuses = new StatusManager(o.client, (e) => log('status update failed', e));
    this.probes = new ProbeManager({
      clock: o.clock,
      runner: o.probeRunner,
      onChange: (uid) => this.workers.enqueue(uid),
      onUnhealthy: (pod, c, kind, outcome) =>
        this.event(
          pod,
          'Warning',
          'Unhealthy',
          `${PROBE_LABEL[kind]} probe failed: ${outcome.message}`,
          c,
        ),
    });
    this.workers = new PodWorkers(
      o.clock,
      (uid) => this.syncPod(uid),
      (uid, e) => {
        log(`sync of pod ${uid} failed`, e);
        this.workers.enqueueAfter(uid, 1000);
      },
    );
    const f = o.flags;
    const backoff = () =>
      new Backoff(o.clock, f.containerBackoffInitialMs, f.containerBackoffMaxMs);
    this.syncer = new PodSyncer({
      runtime: o.runtime,
      clock: o.clock,
      crashBackoff: backoff(),
      pullBackoff: backoff(),
      probes: this.probes,
      event: (pod, type, reason, msg, c) => this.event(pod, type, reason, msg, c),
      requeueAfter: (uid, ms) => this.workers.enqueueAfter(uid, ms),
      ...(this.side = nodeSideDeps(o.client, o.flags, () => this.machine.facts())),
    });
    this.pleg = new Pleg(o.runtime);
    this.statics = new StaticPodManager(new MirrorPods(o.client, () => this.node), {
      run: (p) => this.track(p),
      stop: (p) => this.untrack(p),
      enqueue: (uid) => this.workers.enqueue(uid),
      log: (m, e) => o.log?.(m, e),
    });
    this.heartbeat = new NodeHeartbeat({
      client: o.client,
      nodeName: o.nodeName,
      clock: o.clock,
      flags: o.flags,
      runtime: o.runtime,
      runtimeHealth: this.runtimeHealth,
      podCIDR: o.podCIDR,
      log,
    });
    this.loops = new Loops(o.clock);
  }

  get nodeName(): string {
    return this.o.nodeName;
  }

  /** Lease renewals done (tests and the diagram read it). */
  get leaseRenewals(): number {
    return this.heartbeat.leaseRenewals;
  }

  private event(
    pod: Pod,
    type: 'Normal' | 'Warning',
    reason: string,
    msg: string,
    container?: string,
  ) {
    const ref = referenceTo(
      { ...pod, apiVersion: 'v1', kind: 'Pod' },
      container ? `spec.containers{${container}}` : undefined,
    );
    this.recorder.event(ref, type, reason, msg);
  }

  private nodeConfig(): NodeConfig {
    const f = this.o.flags;
    return {
      nodeName: this.o.nodeName,
      role: this.o.role,
      nodeIP: f.nodeIp,
      machine: this.machine.facts(),
      maxPods: this.o.capacity.pods ?? f.maxPods,
      reserved: f.reserved,
      evictionHardMemory: f.evictionHardMemoryAvailable,
      podCIDR: this.heartbeat.podCIDR,
      registerWithTaints:
        f.registerWithTaints ?? (this.o.role === 'master' ? [CONTROL_PLANE_TAINT] : []),
      streamingPort: this.streamingPort,
      architecture: this.o.architecture ?? 'amd64',
    };
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loops.start();
    if (this.o.streaming) {
      this.server = await createKubeletServer({
        streamer: new RuntimeStreamer(
          {
            listContainers: (r) => this.o.runtime.listContainers(r),
            ...bindStreaming(this.o.streaming),
          },
          () => this.o.clock.now(),
        ),
        port: this.streamingPort || this.o.flags.port,
        host: this.o.flags.address,
      });
      this.streamingPort = this.server.port;
    }
    this.node = await this.heartbeat.register(() => this.nodeConfig());

    const factory = new SharedInformerFactory(this.o.client, { clock: this.o.clock });
    const informer = factory.informerFor<Pod>(PODS, {
      fieldSelector: `spec.nodeName=${this.o.nodeName}`,
    });
    informer.addEventHandler({
      onAdd: (p) => this.track(p),
      onUpdate: (_old, p) => this.track(p),
      onDelete: (p) => {
        if (!this.statics.onApiPod(p, true)) this.untrack(p);
      },
    });
    // Service link env vars for every container start (upstream's kubelet has this informer too).
    const services = factory.informerFor<Service>(SERVICES).lister();
    this.side.useServices((namespace) => services.list({ namespace }));
    factory.start(this.abort.signal);
    await factory.waitForCacheSync(this.abort.signal);
    const f = this.o.flags;
    this.statics.start({
      dir: f.staticPodPath,
      nodeName: this.o.nodeName,
      clock: this.o.clock,
      periodMs: f.fileCheckFrequencyMs,
    });

    this.heartbeat.start();
    this.loops.every(this.o.flags.plegRelistPeriodMs, () => this.relist());
    // Periodic resync: configMap/secret volumes pick up changed objects.
    this.loops.every(this.o.flags.syncFrequencyMs, async () => {
      for (const uid of this.pods.keys()) this.workers.enqueue(uid);
    });
    // Containers that survived a kubelet restart but whose pods are gone, and pod dirs likewise.
    await this.relist();
    for (const uid of this.side.volumes.podsOnDisk()) this.forgetUnknown(uid);
  }

  private forgetUnknown(uid: string): void {
    if (this.pods.has(uid) || this.gone.has(uid)) return;
    this.gone.set(uid, { metadata: { uid } });
    this.workers.enqueue(uid);
  }

  private track(p: Pod): void {
    if (this.statics.onApiPod(p, false)) return;
    const uid = p.metadata!.uid!;
    this.pods.set(uid, p);
    this.workers.enqueue(uid);
  }

  private untrack(p: Pod): void {
    const uid = p.metadata!.uid!;
    this.pods.delete(uid);
    this.gone.set(uid, p);
    this.workers.enqueue(uid);
  }

  /** PLEG: relist containers and sync pods whose containers changed state. */
  private async relist(): Promise<void> {
    const r = await this.pleg.relist();
    if (!r) {
      this.runtimeHealth.up = false;
      return;
    }
    for (const uid of r.changed) this.workers.enqueue(uid);
    for (const uid of r.running) this.forgetUnknown(uid);
  }

  private async report(pod: Pod, snap: PodSnapshot, terminating = false) {
    const uid = pod.metadata!.uid!;
    const base = { ...pod, status: baseStatus(pod.status, this.statuses.last(uid)) };
    const status = generatePodStatus(base, this.syncer.view(pod, snap, terminating), {
      now: this.o.clock.now(),
      hostIP: this.o.flags.nodeIp,
      runtimeName: this.runtimeHealth.version.split(':')[0]!,
    });
    // A static pod reports onto its mirror (none yet: the next sync, once it exists).
    const apiPod = this.statics.statusTarget(pod);
    if (apiPod) await this.statuses.set(pod, status, apiPod);
    return status;
  }

  private async syncPod(uid: string): Promise<void> {
    if (!this.running) return;
    const pod = this.pods.get(uid);
    if (!pod) {
      // Gone from the API (force-deleted, or orphaned containers after a restart): kill and clean.
      const last = this.gone.get(uid);
      if (!last) return;
      // Containers of a pod nobody knows any more (no spec) get 1 s, as upstream's housekeeping.
      const grace = last.spec
        ? (last.metadata?.deletionGracePeriodSeconds ??
          last.spec.terminationGracePeriodSeconds ??
          30)
        : 1;
      await this.syncer.killPod(last.spec ? last : undefined, uid, grace);
      await this.syncer.removePod(uid);
      this.probes.removePod(uid);
      this.statuses.forget(uid);
      this.gone.delete(uid);
      return;
    }
    if (pod.metadata?.deletionTimestamp) return this.terminate(pod);
    await this.statics.beforeSync(pod);
    const phase = this.statuses.last(uid)?.phase ?? pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      await this.syncer.killPod(pod, uid, 0);
      this.probes.removePod(uid);
      return;
    }
    const snap = await this.syncer.sync(pod, async (s) => void (await this.report(pod, s)));
    const running = snap.containers
      .filter((c) => c.state === 'CONTAINER_RUNNING')
      .flatMap((c) => {
        const spec = pod.spec?.containers.find((s) => s.name === c.metadata.name);
        return spec
          ? [{ spec, containerId: c.id, startedAt: Number(BigInt(c.startedAt) / 1_000_000n) }]
          : [];
      });
    this.probes.sync(pod, snap.sandbox?.ip ?? '', running);
    const status = await this.report(pod, snap);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') {
      await this.syncer.killPod(pod, uid, 0);
      this.probes.removePod(uid);
    }
  }

  /** Graceful deletion: stop with the pod's grace period, report, then the final DELETE. */
  private async terminate(pod: Pod): Promise<void> {
    const uid = pod.metadata!.uid!;
    const grace =
      pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    this.probes.removePod(uid);
    await this.syncer.killPod(pod, uid, grace);
    const snap = await this.syncer.snapshot(uid);
    await this.report(pod, snap, true);
    if (!this.running) return;
    try {
      await this.o.client
        .resource<Pod>(PODS)
        .namespace(pod.metadata!.namespace ?? 'default')
        .delete(pod.metadata!.name!, { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }

  /** The process dies: no more heartbeats, syncs or probes; containers keep running. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort();
    this.statics.stop();
    this.heartbeat.stop();
    this.loops.stop();
    this.probes.stopAll();
    const server = this.server;
    this.server = undefined;
    await Promise.all([this.workers.stop(), server?.close()]);
    await this.recorder.flush();
  }

  /** Waits for in-flight pod syncs (tests). */
  idle(): Promise<void> {
    return this.workers.idle();
  }
}

function bindStreaming(s: StreamingRuntime): StreamingRuntime {
  return {
    readLog: (id) => s.readLog(id),
    followLog: (id, l, e, skip) => s.followLog(id, l, e, skip),
    exec: (id, cmd, io) => s.exec(id, cmd, io),
    ...(s.attach ? { attach: s.attach.bind(s) } : {}),
  };
}
