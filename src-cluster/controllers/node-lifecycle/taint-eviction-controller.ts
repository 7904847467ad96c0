/**
 * Taint-based eviction (k8s-internals §4.3, upstream's taint manager): a pod bound to a node with
 * NoExecute taints is deleted at once if it does not tolerate one of them, after the shortest
 * matching tolerationSeconds if it tolerates them for a while, and never if it tolerates them
 * forever. Every pod gets 300 s for not-ready/unreachable from the DefaultTolerationSeconds
 * admission plugin, which is where the famous "five minutes before pods move" comes from.
 *
 * The timer starts when the taint was added (its timeAdded), or when the pod was first seen on
 * the node if that is later, so a pod scheduled onto an already tainted node gets its full window.
 * Deletion is an ordinary graceful DELETE: with the kubelet gone the pod stays Terminating until
 * the node returns or the pod garbage collector removes it.
 */
import type { Node, Pod, PodCondition, Taint } from 'kubernetes-types/core/v1';
import {
  fieldIndexFunc,
  isNotFound,
  objectKey,
  type Lister,
  type ResourceClient,
} from '../../client';
import { referenceTo, type EventRecorder } from '../../client/events/event-recorder';
import { BaseController, RequeueAfter } from '../framework/base-controller';
import type { ControllerContext } from '../framework/context';
import { mutableCopy } from '../framework/deep-mutable';
import { isPodTerminating } from '../framework/pod-readiness';
import { NODES_REF, PODS_REF } from '../framework/resource-refs';
import { tolerationWindowMs } from '../framework/taints';
import { PODS_BY_NODE } from './node-lifecycle-controller';

export const TAINT_MANAGER_EVICTION = 'TaintManagerEviction';

function noExecuteTaints(node: Node | undefined): Taint[] {
  return (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
}

const taintId = (node: string, t: Taint) => `${node}\u0000${t.key}\u0000${t.value ?? ''}`;

export class TaintEvictionController extends BaseController {
  private readonly nodes: Lister<Node>;
  private readonly pods: Lister<Pod>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly recorder: EventRecorder;
  /** pod uid → controller time the pod was first seen bound to its node. */
  private readonly boundSince = new Map<string, number>();
  /** Taints without timeAdded (added by hand): controller time they were first seen. */
  private readonly taintSeen = new Map<string, number>();
  /** pod key → when its eviction is due, for pods waiting out a toleration. */
  private readonly scheduled = new Map<string, number>();

  constructor(ctx: ControllerContext) {
    super('taint-eviction-controller', ctx.clock, ctx.trace);
    this.recorder = ctx.recorder('taint-eviction-controller');
    this.podClient = ctx.client.resource<Pod>(PODS_REF);
    const pods = ctx.factory.informerFor<Pod>(PODS_REF, {
      indexers: { [PODS_BY_NODE]: fieldIndexFunc('spec.nodeName') as (p: Pod) => string[] },
    });
    this.pods = pods.lister();
    pods.addEventHandler({
      onAdd: (p) => this.onPod(p),
      onUpdate: (_o, p) => this.onPod(p),
      onDelete: (p) => {
        this.boundSince.delete(p.metadata!.uid!);
        this.scheduled.delete(objectKey(p));
      },
    });
    const nodes = ctx.factory.informerFor<Node>(NODES_REF);
    this.nodes = nodes.lister();
    nodes.addEventHandler({
      onAdd: (n) => this.onNodeTaints(n),
      onUpdate: (o, n) => {
        if (JSON.stringify(noExecuteTaints(o)) !== JSON.stringify(noExecuteTaints(n))) {
          this.onNodeTaints(n);
        }
      },
    });
  }

  private onPod(p: Pod): void {
    if (!p.spec?.nodeName) return;
    // When the pod landed is an observation, so it is taken now, not in sync.
    if (!this.boundSince.has(p.metadata!.uid!))
      this.boundSince.set(p.metadata!.uid!, this.clock.now());
    this.enqueue(objectKey(p));
  }

  private onNodeTaints(n: Node): void {
    for (const t of noExecuteTaints(n)) {
      if (!t.timeAdded && !this.taintSeen.has(taintId(n.metadata!.name!, t))) {
        this.taintSeen.set(taintId(n.metadata!.name!, t), this.clock.now());
      }
    }
    for (const p of this.pods.byIndex(PODS_BY_NODE, n.metadata!.name!)) this.enqueue(objectKey(p));
  }

  protected async sync(key: string): Promise<void> {
    const pod = this.pods.getByKey(key);
    if (!pod || isPodTerminating(pod) || !pod.spec?.nodeName) {
      this.scheduled.delete(key);
      return;
    }
    const taints = noExecuteTaints(this.nodes.get(undefined, pod.spec.nodeName));
    const due = this.evictionDue(pod, taints);
    if (due === Infinity) {
      if (this.scheduled.delete(key)) {
        this.recorder.event(
          referenceTo(pod),
          'Normal',
          TAINT_MANAGER_EVICTION,
          `Cancelling deletion of Pod ${key}`,
        );
      }
      return;
    }
    const now = this.clock.now();
    if (now < due) {
      this.scheduled.set(key, due);
      throw new RequeueAfter(due - now);
    }
    this.scheduled.delete(key);
    await this.evict(pod, key);
  }

  /** Controller time at which the pod must go (Infinity: never, as things stand). */
  private evictionDue(pod: Pod, taints: Taint[]): number {
    let due = Infinity;
    const node = pod.spec!.nodeName!;
    const landed = this.boundSince.get(pod.metadata!.uid!) ?? this.clock.now();
    for (const taint of taints) {
      const window = tolerationWindowMs(pod.spec?.tolerations, taint);
      if (window === Infinity) continue;
      if (window === 0) return this.clock.now();
      const added = taint.timeAdded
        ? Date.parse(taint.timeAdded)
        : (this.taintSeen.get(taintId(node, taint)) ?? this.clock.now());
      due = Math.min(due, Math.max(added, landed) + window);
    }
    return due;
  }

  private async evict(pod: Pod, key: string): Promise<void> {
    const pods = this.podClient.namespace(pod.metadata!.namespace!);
    this.recorder.event(
      referenceTo(pod),
      'Normal',
      TAINT_MANAGER_EVICTION,
      `Marking for deletion Pod ${key}`,
    );
    // Say why before deleting, so whoever reads the terminating pod sees the cause. Best effort:
    // a lost race on the status must not keep the pod on a node that is gone.
    try {
      const copy = mutableCopy(pod);
      const status = (copy.status ??= {});
      const conditions = (status.conditions ??= []).filter((c) => c.type !== 'DisruptionTarget');
      const target: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: new Date(Math.floor(this.clock.now() / 1000) * 1000)
          .toISOString()
          .replace('.000Z', 'Z'),
      };
      status.conditions = [...conditions, target];
      await pods.updateStatus(copy);
    } catch {
      // the DELETE below is what matters
    }
    try {
      await pods.delete(pod.metadata!.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
