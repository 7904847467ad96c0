/**
 * The node lifecycle controller (k8s-internals §4.3): every --node-monitor-period it checks each
 * node's last heartbeat; a node silent for --node-monitor-grace-period (40 s; 60 s for a node
 * that never reported) has its kubelet's conditions set to Unknown, its pods marked not Ready, and
 * the `node.kubernetes.io/unreachable` NoExecute taint that starts taint-based eviction. Ready=False
 * reported by a live kubelet gets `not-ready` instead; NoSchedule taints follow every condition.
 * When the kubelet reports Ready again, the taints go away.
 *
 * The eviction itself is the TaintEvictionController's job; this controller only decides which
 * taints a node carries, rate-limited per zone and suspended when every zone is dark.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { fieldIndexFunc, isNotFound, type Lister, type ResourceClient } from '../../client';
import { referenceTo, type EventRecorder } from '../../client/events/event-recorder';
import { BaseController, RequeueAfter } from '../framework/base-controller';
import type { ControllerContext, ControllerManagerFlags } from '../framework/context';
import { mutableCopy } from '../framework/deep-mutable';
import { isPodReady } from '../framework/pod-readiness';
import { LEASES_REF, NODES_REF, PODS_REF } from '../framework/resource-refs';
import { HeartbeatTracker } from './heartbeat-tracker';
import {
  mergeTaints,
  noExecuteTaint,
  noScheduleTaints,
  nodeCondition,
  readyStatus,
  withConditionsUnknown,
} from './node-health';
import {
  DEFAULT_EVICTION_RATES,
  ZoneEvictionLimiter,
  evictionRate,
  zoneHealth,
  zoneOf,
  type EvictionRateOptions,
} from './zone-disruption';

/** Where kubelets keep their heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** Index of pods by the node they are bound to (shared with the taint eviction controller). */
export const PODS_BY_NODE = 'spec.nodeName';

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export class NodeLifecycleController extends BaseController {
  private readonly nodes: Lister<Node>;
  private readonly pods: Lister<Pod>;
  private readonly nodeClient: ResourceClient<Node>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly heartbeats: HeartbeatTracker;
  private readonly limiter: ZoneEvictionLimiter;
  private readonly recorder: EventRecorder;
  private readonly flags: ControllerManagerFlags;

  constructor(
    ctx: ControllerContext,
    private readonly rates: EvictionRateOptions = DEFAULT_EVICTION_RATES,
  ) {
    super('nodelifecycle', ctx.clock, ctx.trace);
    this.flags = ctx.flags;
    this.heartbeats = new HeartbeatTracker(ctx.clock);
    this.limiter = new ZoneEvictionLimiter(ctx.clock);
    this.recorder = ctx.recorder('node-controller');
    this.nodeClient = ctx.client.resource<Node>(NODES_REF);
    this.podClient = ctx.client.resource<Pod>(PODS_REF);

    const nodes = ctx.factory.informerFor<Node>(NODES_REF);
    this.nodes = nodes.lister();
    // Recording when a heartbeat was seen is bookkeeping of the observation itself, so it
    // happens in the handler; everything else waits for sync.
    nodes.addEventHandler({
      onAdd: (n) => this.onNode(n),
      onUpdate: (_o, n) => this.onNode(n),
      onDelete: (n) => this.heartbeats.forget(n.metadata!.name!),
    });
    const leases = ctx.factory.informerFor<Lease>(LEASES_REF, { namespace: NODE_LEASE_NAMESPACE });
    const observeLease = (l: Lease) =>
      this.heartbeats.observeLease(l.metadata!.name!, l.spec?.renewTime);
    leases.addEventHandler({ onAdd: observeLease, onUpdate: (_o, l) => observeLease(l) });

    const pods = ctx.factory.informerFor<Pod>(PODS_REF, {
      indexers: { [PODS_BY_NODE]: fieldIndexFunc('spec.nodeName') as (p: Pod) => string[] },
    });
    this.pods = pods.lister();
  }

  private onNode(n: Node): void {
    this.heartbeats.observeStatus(n.metadata!.name!, nodeCondition(n, 'Ready')?.lastHeartbeatTime);
    this.enqueue(n.metadata!.name!);
  }

  /** Runs the workers and the monitor tick that looks at every node each --node-monitor-period. */
  override async run(signal: AbortSignal, workers = 1): Promise<void> {
    let cancel = () => {};
    const tick = () => {
      for (const n of this.nodes.list()) this.enqueue(n.metadata!.name!);
      cancel = this.clock.setTimeout(tick, this.flags.nodeMonitorPeriodMs);
    };
    cancel = this.clock.setTimeout(tick, this.flags.nodeMonitorPeriodMs);
    signal.addEventListener('abort', () => cancel(), { once: true });
    await super.run(signal, workers);
  }

  protected async sync(name: string): Promise<void> {
    const cached = this.nodes.get(undefined, name);
    if (!cached) {
      this.heartbeats.forget(name);
      return;
    }
    const now = this.clock.now();
    let node = cached;
    const grace = nodeCondition(node, 'Ready')
      ? this.flags.nodeMonitorGracePeriodMs
      : this.flags.nodeStartupGracePeriodMs;
    if (now - this.heartbeats.lastHeartbeat(name) >= grace) {
      const stale = withConditionsUnknown(node, iso(now));
      if (stale) {
        node = await this.nodeClient.updateStatus(stale);
        this.recorder.event(
          referenceTo(node),
          'Normal',
          'NodeNotReady',
          `Node ${name} status is now: NodeNotReady`,
        );
      }
    }
    const ready = readyStatus(node);
    if (ready !== undefined && ready !== 'True') await this.markPodsNotReady(node, now);
    await this.reconcileTaints(node, now);
  }

  /**
   * A silent kubelet cannot say its pods stopped being reachable, so the controller says it:
   * Ready=False on each of them, so Services stop sending traffic there.
   */
  private async markPodsNotReady(node: Node, now: number): Promise<void> {
    for (const pod of this.pods.byIndex(PODS_BY_NODE, node.metadata!.name!)) {
      if (!isPodReady(pod)) continue;
      const copy = mutableCopy(pod);
      const cond = copy.status!.conditions!.find((c) => c.type === 'Ready')!;
      cond.status = 'False';
      cond.lastTransitionTime = iso(now);
      try {
        await this.podClient.namespace(pod.metadata!.namespace!).updateStatus(copy);
      } catch (err) {
        if (isNotFound(err)) continue;
        throw err;
      }
      this.recorder.event(referenceTo(pod), 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }

  private async reconcileTaints(node: Node, now: number): Promise<void> {
    const name = node.metadata!.name!;
    const current = node.spec?.taints ?? [];
    const desired = noScheduleTaints(node);
    let waitMs = 0;
    const noExecute = noExecuteTaint(node);
    if (noExecute) {
      const health = zoneHealth(
        this.nodes.list(),
        this.rates,
        new Map([[name, readyStatus(node)]]),
      );
      const allDark = [...health.values()].every((h) => h.state === 'FullDisruption');
      const present = current.some((t) => t.key === noExecute.key && t.effect === 'NoExecute');
      if (allDark) {
        // Every zone silent at once: most likely our own network, not the nodes. Evict nothing.
      } else if (present) {
        desired.push(noExecute);
      } else {
        const zone = health.get(zoneOf(node)) ?? { state: 'Normal' as const, size: 1 };
        waitMs = this.limiter.take(zoneOf(node), evictionRate(zone, this.rates));
        if (waitMs === 0) desired.push(noExecute);
      }
    }
    const next = mergeTaints(current, desired, iso(now));
    if (next) {
      const copy = mutableCopy(node);
      copy.spec = { ...copy.spec, taints: next };
      try {
        await this.nodeClient.update(copy);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return;
      }
    }
    // Rate-limited: look again when a token is due (the monitor tick covers an infinite wait).
    if (waitMs > 0 && Number.isFinite(waitMs)) throw new RequeueAfter(waitMs);
  }
}
