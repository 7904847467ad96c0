/**
 * The DaemonSet controller (k8s-internals §4.8): one pod per fitting node, bound to that node at
 * creation (see daemon-pod.ts for why it sets nodeName directly). Node changes — added, removed,
 * relabelled, tainted — re-sync every DaemonSet; a template change rolls out node by node within
 * maxUnavailable. Creates and deletes are guarded by expectations like the ReplicaSet
 * controller's, so a slow cache never yields two pods on one node.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import {
  isNotFound,
  keyOf,
  labelSelectorMatches,
  objectKey,
  splitKey,
  type ApiClient,
  type Lister,
} from '../../client';
import { referenceTo, type EventRecorder } from '../../client/events/event-recorder';
import { BaseController } from '../framework/base-controller';
import { claimObjects } from '../framework/claim';
import type { Controller, ControllerContext } from '../framework/context';
import { controllerRefOf } from '../framework/controller-ref';
import { ControllerExpectations } from '../framework/expectations';
import { podIsReady } from '../framework/pod-availability';
import { deletePods, slowStartBatch } from '../framework/pod-control';
import { canonicalJson, computeTemplateHash } from '../framework/template-hash';
import {
  DAEMON_SET_KIND,
  DAEMON_SET_RESOURCE,
  NODE_RESOURCE,
  POD_RESOURCE,
} from '../framework/workload-refs';
import { daemonPodFor, daemonPodNode } from './daemon-pod';
import { planDaemons } from './daemon-plan';

export class DaemonSetController extends BaseController {
  private readonly client: ApiClient;
  private readonly sets: Lister<DaemonSet>;
  private readonly nodes: Lister<Node>;
  private readonly pods: Lister<Pod>;
  private readonly recorder: EventRecorder;
  readonly expectations: ControllerExpectations;

  constructor(ctx: ControllerContext) {
    super('daemonset', ctx.clock, ctx.trace);
    this.client = ctx.client;
    this.recorder = ctx.recorder('daemonset-controller');
    this.expectations = new ControllerExpectations(ctx.clock);
    const dsInf = ctx.factory.informerFor<DaemonSet>(DAEMON_SET_RESOURCE);
    const nodeInf = ctx.factory.informerFor<Node>(NODE_RESOURCE);
    const podInf = ctx.factory.informerFor<Pod>(POD_RESOURCE);
    this.sets = dsInf.lister();
    this.nodes = nodeInf.lister();
    this.pods = podInf.lister();
    dsInf.addEventHandler({
      onAdd: (ds) => this.enqueue(objectKey(ds)),
      onUpdate: (_o, ds) => this.enqueue(objectKey(ds)),
      onDelete: (ds) => this.enqueue(objectKey(ds)),
    });
    nodeInf.addEventHandler({
      onAdd: () => this.enqueueAll(),
      onUpdate: (old, node) => {
        // Heartbeats change status every few seconds; only what decides fit matters here.
        const fit = (n: Node) => canonicalJson([n.metadata?.labels, n.spec?.taints]);
        if (fit(old) !== fit(node)) this.enqueueAll();
      },
      onDelete: () => this.enqueueAll(),
    });
    podInf.addEventHandler({
      onAdd: (pod) => (pod.metadata?.deletionTimestamp ? this.podGone(pod) : this.podAdded(pod)),
      onUpdate: (old, pod) => {
        if (pod.metadata?.deletionTimestamp && !old.metadata?.deletionTimestamp) this.podGone(pod);
        const key = this.ownerKey(pod);
        if (key) {
          this.enqueue(key);
          const minReady = this.sets.getByKey(key)?.spec?.minReadySeconds ?? 0;
          if (minReady > 0 && podIsReady(pod) && !podIsReady(old)) {
            this.queue.addAfter(key, minReady * 1000 + 1);
          }
        } else if (!controllerRefOf(pod)) this.enqueueMatching(pod);
      },
      onDelete: (pod) => this.podGone(pod),
    });
  }

  private enqueueAll(): void {
    for (const ds of this.sets.list()) this.enqueue(objectKey(ds));
  }

  private enqueueMatching(pod: Pod): void {
    for (const ds of this.sets.list({ namespace: pod.metadata?.namespace ?? '' })) {
      const sel = ds.spec?.selector;
      if (sel && labelSelectorMatches(sel, pod.metadata?.labels)) this.enqueue(objectKey(ds));
    }
  }

  private ownerKey(pod: Pod): string | undefined {
    const ref = controllerRefOf(pod);
    if (ref?.kind !== 'DaemonSet') return undefined;
    return keyOf(pod.metadata?.namespace, ref.name);
  }

  private podAdded(pod: Pod): void {
    const key = this.ownerKey(pod);
    if (key) {
      this.expectations.creationObserved(key);
      this.enqueue(key);
    } else if (!controllerRefOf(pod)) this.enqueueMatching(pod);
  }

  private podGone(pod: Pod): void {
    const key = this.ownerKey(pod);
    if (!key) return;
    this.expectations.deletionObserved(key, pod.metadata?.uid ?? '');
    this.enqueue(key);
  }

  protected async sync(key: string): Promise<void> {
    const ds = this.sets.getByKey(key);
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    const { namespace } = splitKey(key);
    const sel = ds.spec?.selector;
    if (!sel || (!sel.matchLabels && !sel.matchExpressions)) return;
    const podClient = this.client.resource<Pod>(POD_RESOURCE).namespace(namespace);
    const owned = await claimObjects(this.pods.list({ namespace }), {
      owner: ds,
      ownerKind: DAEMON_SET_KIND,
      selector: sel,
      client: podClient,
      readOwner: async () => {
        try {
          return await this.client
            .resource<DaemonSet>(DAEMON_SET_RESOURCE)
            .namespace(namespace)
            .get(ds.metadata!.name!);
        } catch (err) {
          if (isNotFound(err)) return undefined;
          throw err;
        }
      },
    });
    const byNode = new Map<string, Pod[]>();
    for (const p of owned) {
      const n = daemonPodNode(p);
      if (n) byNode.set(n, [...(byNode.get(n) ?? []), p]);
    }
    const hash = computeTemplateHash(ds.spec?.template);
    const plan = planDaemons(ds, this.nodes.list(), byNode, hash, this.clock.now());
    if (this.expectations.satisfied(key) && !ds.metadata?.deletionTimestamp) {
      await this.act(key, ds, plan.create, plan.delete, hash);
    }
    if (canonicalJson(ds.status ?? {}) !== canonicalJson(plan.status)) {
      const next: DaemonSet = { ...structuredClone(ds), status: plan.status };
      try {
        await this.client.resource<DaemonSet>(DAEMON_SET_RESOURCE).updateStatus(next);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  private async act(key: string, ds: DaemonSet, create: string[], del: Pod[], hash: string) {
    const ref = referenceTo({ ...DAEMON_SET_KIND, ...ds });
    const podClient = this.client.resource<Pod>(POD_RESOURCE).namespace(ds.metadata!.namespace!);
    if (del.length > 0) {
      await deletePods({
        key,
        pods: del,
        podClient,
        expectations: this.expectations,
        recorder: this.recorder,
        ref,
      });
      // Replacements come on the next sync, once the deletions have been observed.
      return;
    }
    if (create.length === 0) return;
    this.expectations.expectCreations(key, create.length);
    const queue = [...create];
    const res = await slowStartBatch(create.length, 1, async () => {
      const node = queue.shift()!;
      try {
        const made = await podClient.create(daemonPodFor(ds, node, hash));
        this.recorder.event(
          ref,
          'Normal',
          'SuccessfulCreate',
          `Created pod: ${made.metadata?.name}`,
        );
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        this.recorder.event(ref, 'Warning', 'FailedCreate', `Error creating: ${msg}`);
        throw err;
      }
    });
    for (let i = 0; i < res.skipped + res.errors.length; i++)
      this.expectations.creationObserved(key);
    if (res.errors.length > 0) throw res.errors[0];
  }
}

/** The DaemonSet controller, built from the controller manager's shared context. */
export function createDaemonSetController(ctx: ControllerContext): Controller {
  return new DaemonSetController(ctx);
}
