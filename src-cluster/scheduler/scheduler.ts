/**
 * kube-scheduler's engine: informers feed the cache (nodes, bound pods) and the queue (pending
 * pods); a loop pops one pod at a time and runs its scheduling cycle; a successful cycle assumes
 * the pod in the cache and starts its binding cycle without waiting for it, so the next pod's
 * cycle already counts this one. Every decision is recorded (trace event, Event, condition,
 * decision annotation) so a user can see why a pod went where it went — or nowhere.
 *
 * Informers, cache and queue run from startInformers() whether or not this instance leads;
 * run(signal) schedules, and is called only while leading (cmd/scheduler.ts).
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Clock } from '../../src-shared/util/clock';
import { realClock } from '../../src-shared/util/clock';
import { nullTraceSink, type TraceSink } from '../../src-shared/trace';
import {
  isConflict,
  isNotFound,
  SharedInformerFactory,
  type ApiClient,
  type Lister,
} from '../client';
import { EventRecorder, referenceTo } from '../client/events/event-recorder';
import { SchedulerCache } from './cache/scheduler-cache';
import { DECISION_ANNOTATION } from './decision';
import { defaultSelectorFor } from './default-selector';
import type { Handle, PluginFactory } from './framework/interface';
import { newPodInfo, type PodInfo } from './framework/pod-info';
import { Framework, type PluginConfig } from './framework/runtime';
import { DEFAULT_PLUGINS, inTreeRegistry } from './plugins/registry';
import { SchedulingQueue, type QueuedPodInfo } from './queue/scheduling-queue';
import { NODES, PODS, REPLICA_SETS, SERVICES } from './resources';
import { SchedulingAlgorithm, type CycleOutcome } from './schedule-one';
import { isPodUpdated, nodeSchedulingChanged, podStatusPatch } from './pod-updates';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export interface SchedulerOptions {
  client: ApiClient;
  clock?: Clock;
  trace?: TraceSink;
  /** Instance name in traces (the leader-election identity). */
  instance?: string;
  /** Pods whose spec.schedulerName is this are ours. */
  schedulerName?: string;
  /** 0 = adaptive (upstream default). */
  percentageOfNodesToScore?: number;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  plugins?: readonly PluginConfig[];
  registry?: Map<string, PluginFactory>;
  /** Write the kubelab.dev/scheduling-decision annotation (default true). */
  recordDecisions?: boolean;
  random?: () => number;
  /** Bindings in flight before the loop waits for one to finish (default 256). */
  maxInFlightBindings?: number;
  onError?: (err: unknown) => void;
}

export interface SchedulerStats {
  attempts: number;
  scheduled: number;
  unschedulable: number;
  errors: number;
  bindFailures: number;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));
const asPod = (p: Pod): Pod => ({ ...p, apiVersion: 'v1', kind: 'Pod' });
const isAssigned = (p: Pod) => !!p.spec?.nodeName;
const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  readonly stats: SchedulerStats = {
    attempts: 0,
    scheduled: 0,
    unschedulable: 0,
    errors: 0,
    bindFailures: 0,
  };
  private readonly algorithm: SchedulingAlgorithm;
  private readonly factory: SharedInformerFactory;
  private readonly pods: Lister<Pod>;
  private readonly recorder: EventRecorder;
  private readonly clock: Clock;
  private readonly trace: TraceSink;
  private readonly name: string;
  private readonly bindings = new Set<Promise<void>>();
  private readonly informersSynced: () => boolean;

  constructor(private readonly opts: SchedulerOptions) {
    this.clock = opts.clock ?? realClock;
    this.trace = opts.trace ?? nullTraceSink;
    this.name = opts.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    this.factory = new SharedInformerFactory(opts.client, {
      clock: this.clock,
      onError: (_r, e) => opts.onError?.(e),
    });
    const podInf = this.factory.informerFor<Pod>(PODS);
    const nodeInf = this.factory.informerFor<Node>(NODES);
    const svcInf = this.factory.informerFor<Service>(SERVICES);
    const rsInf = this.factory.informerFor<ReplicaSet>(REPLICA_SETS);
    this.pods = podInf.lister();
    const services = svcInf.lister();
    const replicaSets = rsInf.lister();
    this.informersSynced = () => [podInf, nodeInf, svcInf, rsInf].every((i) => i.hasSynced());
    this.recorder = new EventRecorder(
      opts.client,
      { component: this.name },
      this.clock,
      opts.onError,
    );

    const handle: Handle = {
      snapshot: this.cache,
      client: opts.client,
      defaultSelector: (pod) => defaultSelectorFor(pod, services, replicaSets),
      runFilterPlugins: (state, pod, node) => this.framework.runFilter(state, pod, node),
    };
    this.framework = new Framework(
      opts.registry ?? inTreeRegistry(),
      [...(opts.plugins ?? DEFAULT_PLUGINS)],
      handle,
    );
    this.algorithm = new SchedulingAlgorithm(this.framework, this.cache, {
      percentageOfNodesToScore: opts.percentageOfNodesToScore,
      random: opts.random,
    });
    this.queue = new SchedulingQueue(this.clock, {
      podInitialBackoffMs: opts.podInitialBackoffMs,
      podMaxBackoffMs: opts.podMaxBackoffMs,
      pluginsFor: (e) => this.framework.pluginsFor(e),
    });

    podInf.addEventHandler({
      onAdd: (p) => this.onPodAdd(p),
      onUpdate: (o, n) => this.onPodUpdate(o, n),
      onDelete: (p) => this.onPodDelete(p),
    });
    nodeInf.addEventHandler({
      onAdd: (n) => {
        this.cache.addNode(n);
        this.queue.onEvent('NodeAdd');
      },
      onUpdate: (o, n) => {
        this.cache.updateNode(n);
        if (nodeSchedulingChanged(o, n)) this.queue.onEvent('NodeUpdate');
      },
      onDelete: (n) => this.cache.removeNode(n.metadata?.name ?? ''),
    });
  }

  // ---- informer handlers: keep the cache and the queue in step with the API ----

  private responsible(p: Pod): boolean {
    return (p.spec?.schedulerName || DEFAULT_SCHEDULER_NAME) === this.name;
  }

  private onPodAdd(p: Pod): void {
    if (isAssigned(p)) {
      if (isTerminal(p)) return;
      this.cache.addPod(p);
      this.queue.onEvent('AssignedPodAdd');
    } else if (this.responsible(p) && !p.metadata?.deletionTimestamp && !isTerminal(p)) {
      this.queue.add(newPodInfo(p));
    }
  }

  private onPodUpdate(o: Pod, n: Pod): void {
    const key = `${n.metadata?.namespace ?? ''}/${n.metadata?.name ?? ''}`;
    if (isAssigned(n)) {
      if (isTerminal(n)) {
        // A finished pod holds no resources any more.
        this.cache.removePod(key);
        this.queue.onEvent('AssignedPodDelete');
        return;
      }
      this.cache.updatePod(n);
      if (!isAssigned(o)) {
        this.queue.delete(key);
        this.queue.onEvent('AssignedPodAdd');
      } else if (JSON.stringify(o.metadata?.labels) !== JSON.stringify(n.metadata?.labels)) {
        this.queue.onEvent('AssignedPodUpdate');
      }
      return;
    }
    if (!this.responsible(n)) return;
    if (n.metadata?.deletionTimestamp || isTerminal(n)) this.queue.delete(key);
    else if (isPodUpdated(o, n)) this.queue.update(newPodInfo(n));
  }

  private onPodDelete(p: Pod): void {
    const key = `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
    this.queue.delete(key);
    if (this.cache.nodeOf(key) !== undefined) {
      this.cache.removePod(key);
      this.queue.onEvent('AssignedPodDelete');
    }
  }

  // ---- lifecycle ----

  /** Starts the informers and the queue's timers; runs until signal aborts. */
  startInformers(signal: AbortSignal): void {
    this.factory.start(signal);
    this.queue.run();
    signal.addEventListener('abort', () => this.queue.close(), { once: true });
  }

  waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    return this.factory.waitForCacheSync(signal);
  }

  hasSynced(): boolean {
    return this.informersSynced();
  }

  /** Schedules pods until signal aborts (leadership lost or shutdown). */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.waitForCacheSync(signal))) return;
    const max = this.opts.maxInFlightBindings ?? 256;
    while (!signal.aborted) {
      const q = await this.queue.pop(signal);
      if (!q) break;
      const cycle = this.queue.schedulingCycle;
      try {
        this.scheduleOne(q, cycle);
      } catch (err) {
        this.opts.onError?.(err);
        this.queue.addUnschedulable(q, cycle, { error: true });
      }
      while (this.bindings.size >= max) await Promise.race(this.bindings);
      // Let informer events and binding replies in between cycles.
      await yieldToEventLoop();
    }
  }

  /** Waits for the bindings in flight and the events recorded so far. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.bindings]);
    await this.recorder.flush();
  }

  /** Shuts down the informers (after their signal aborted). */
  async shutdown(): Promise<void> {
    await this.drain();
    await this.factory.shutdown();
  }

  // ---- the cycles ----

  /** One pod's scheduling cycle; starts its binding cycle when it found a node. */
  scheduleOne(q: QueuedPodInfo, cycle: number): void {
    const pi = q.podInfo;
    const live = this.pods.getByKey(pi.key);
    if (!live || isAssigned(live) || live.metadata?.deletionTimestamp) {
      this.queue.done(pi.key); // deleted or bound while it waited
      return;
    }
    this.stats.attempts++;
    const start = this.clock.now();
    const out = this.algorithm.schedule(pi, q.attempts);
    this.emitDecision(pi, out, start);
    if (out.outcome !== 'Scheduled') {
      this.handleFailure(q, cycle, out);
      return;
    }
    const node = out.node!;
    const assumed = this.cache.assumePod(pi, node);
    const reserved = this.framework.runReserve(out.state, assumed, node);
    if (!reserved.isSuccess()) {
      this.cache.forgetPod(pi.key);
      this.handleFailure(q, cycle, { ...out, outcome: 'Error', message: reserved.message() });
      return;
    }
    const binding = this.bind(q, cycle, out, assumed).catch((e) => this.opts.onError?.(e));
    this.bindings.add(binding);
    void binding.finally(() => this.bindings.delete(binding));
  }

  private async bind(q: QueuedPodInfo, cycle: number, out: CycleOutcome, pi: PodInfo) {
    const node = out.node!;
    const start = this.clock.now();
    const s = await this.framework.runBind(out.state, pi, node);
    const pod = pi.pod;
    const ns = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    this.trace.emit({
      time: start,
      from: { component: 'scheduler', instance: this.opts.instance },
      to: { component: 'apiserver' },
      verb: 'bind',
      resource: 'pods',
      namespace: ns,
      name,
      latencyMs: this.clock.now() - start,
      outcome: s.isSuccess() ? 'ok' : s.code,
      causalId: pod.metadata?.uid,
      detail: { node },
    });
    if (s.isSuccess()) {
      this.stats.scheduled++;
      this.queue.done(pi.key);
      this.recorder.event(
        referenceTo(asPod(q.podInfo.pod)),
        'Normal',
        'Scheduled',
        `Successfully assigned ${ns}/${name} to ${node}`,
      );
      if (this.opts.recordDecisions !== false) this.writeDecision(pod, out);
      return;
    }
    this.stats.bindFailures++;
    this.cache.forgetPod(pi.key);
    this.framework.runUnreserve(out.state, pi, node);
    this.recorder.event(
      referenceTo(asPod(q.podInfo.pod)),
      'Warning',
      'FailedScheduling',
      `Binding rejected: ${s.message()}`,
    );
    const live = this.pods.getByKey(pi.key);
    if (!live || isAssigned(live)) this.queue.done(pi.key);
    else this.queue.addUnschedulable(q, cycle, { error: true });
  }

  private handleFailure(q: QueuedPodInfo, cycle: number, out: CycleOutcome): void {
    if (out.outcome === 'Error') this.stats.errors++;
    else this.stats.unschedulable++;
    const pod = q.podInfo.pod;
    const message = out.message ?? '';
    this.recorder.event(referenceTo(asPod(pod)), 'Warning', 'FailedScheduling', message);
    this.queue.addUnschedulable(q, cycle, {
      error: out.outcome === 'Error',
      plugins: out.rejectingPlugins,
    });
    const reason = out.outcome === 'Error' ? 'SchedulerError' : 'Unschedulable';
    const nominated = out.postFilter?.nominatedNodeName;
    // Compare with the freshest copy: the queued one predates our own earlier status patches.
    const current = this.pods.getByKey(q.podInfo.key) ?? pod;
    const patch = podStatusPatch(current, reason, message, this.clock.now(), nominated);
    const ns = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    const pods = this.opts.client.resource<Pod>(PODS).namespace(ns);
    if (patch) {
      void pods
        .patch(name, 'strategic', patch, { subresource: 'status' })
        .catch((e) => this.ignoreGone(e));
      if (this.opts.recordDecisions !== false) this.writeDecision(pod, out);
    }
    for (const v of out.postFilter?.victims ?? []) this.evict(v, pod, nominated!);
  }

  /** Preemption: delete a victim so the preemptor fits on its nominated node. */
  private evict(victim: PodInfo, preemptor: Pod, node: string): void {
    const ns = victim.pod.metadata?.namespace ?? 'default';
    this.recorder.event(
      referenceTo(asPod(victim.pod)),
      'Normal',
      'Preempted',
      `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${node}`,
    );
    void this.opts.client
      .resource<Pod>(PODS)
      .namespace(ns)
      .delete(victim.pod.metadata?.name ?? '')
      .catch((e) => this.ignoreGone(e));
  }

  /**
   * The decision annotation, written with a merge patch of metadata only: it cannot clash with
   * the binding (spec.nodeName) nor with the kubelet (status), and needs no resourceVersion.
   */
  private writeDecision(pod: Pod, out: CycleOutcome): void {
    const body = {
      metadata: { annotations: { [DECISION_ANNOTATION]: JSON.stringify(out.decision) } },
    };
    void this.opts.client
      .resource<Pod>(PODS)
      .namespace(pod.metadata?.namespace ?? 'default')
      .patch(pod.metadata?.name ?? '', 'merge', body)
      .catch((e) => this.ignoreGone(e));
  }

  private ignoreGone(err: unknown): void {
    if (!isNotFound(err) && !isConflict(err)) this.opts.onError?.(err);
  }

  private emitDecision(pi: PodInfo, out: CycleOutcome, start: number): void {
    this.trace.emit({
      time: start,
      from: { component: 'scheduler', instance: this.opts.instance },
      verb: 'schedule',
      resource: 'pods',
      namespace: pi.pod.metadata?.namespace,
      name: pi.pod.metadata?.name,
      latencyMs: this.clock.now() - start,
      outcome: out.outcome,
      causalId: pi.pod.metadata?.uid,
      detail: out.decision as unknown as Record<string, unknown>,
    });
  }
}
