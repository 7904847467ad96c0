/**
 * The ReplicaSet controller (k8s-internals §4.2): keeps `spec.replicas` active pods matching the
 * selector. It creates missing pods from the template in slow-start batches, deletes surplus pods
 * cheapest-first, adopts matching orphans and releases pods whose labels stopped matching, and
 * writes status (replicas, ready, available) for the Deployment controller and `kubectl get rs`.
 *
 * Expectations guard against acting on a cache that has not yet seen this controller's own
 * writes: a ReplicaSet whose creates/deletes are still in flight is not resized again.
 */
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  isNotFound,
  keyOf,
  labelSelectorMatches,
  objectKey,
  splitKey,
  type ApiClient,
  type Lister,
  type ResourceClient,
} from '../../client';
import { referenceTo, type EventRecorder } from '../../client/events/event-recorder';
import { BaseController } from '../framework/base-controller';
import { claimObjects } from '../framework/claim';
import type { Controller, ControllerContext } from '../framework/context';
import { controllerRefOf, newControllerRef } from '../framework/controller-ref';
import { ControllerExpectations } from '../framework/expectations';
import { podIsActive, podIsReady } from '../framework/pod-availability';
import {
  BURST_REPLICAS,
  deletePods,
  podFromTemplate,
  slowStartBatch,
} from '../framework/pod-control';
import { POD_RESOURCE, REPLICA_SET_KIND, REPLICA_SET_RESOURCE } from '../framework/workload-refs';
import { podsToDelete } from './pod-ranking';
import { computeReplicaSetStatus, sameReplicaSetStatus } from './replica-set-status';

export class ReplicaSetController extends BaseController {
  private readonly client: ApiClient;
  private readonly sets: Lister<ReplicaSet>;
  private readonly pods: Lister<Pod>;
  private readonly recorder: EventRecorder;
  readonly expectations: ControllerExpectations;

  constructor(ctx: ControllerContext) {
    super('replicaset', ctx.clock, ctx.trace);
    this.client = ctx.client;
    this.recorder = ctx.recorder('replicaset-controller');
    this.expectations = new ControllerExpectations(ctx.clock);
    const rsInformer = ctx.factory.informerFor<ReplicaSet>(REPLICA_SET_RESOURCE);
    const podInformer = ctx.factory.informerFor<Pod>(POD_RESOURCE);
    this.sets = rsInformer.lister();
    this.pods = podInformer.lister();
    rsInformer.addEventHandler({
      onAdd: (rs) => this.enqueue(objectKey(rs)),
      onUpdate: (_old, rs) => this.enqueue(objectKey(rs)),
      onDelete: (rs) => this.enqueue(objectKey(rs)),
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.podAdded(pod),
      onUpdate: (old, pod) => this.podUpdated(old, pod),
      onDelete: (pod) => this.podDeleted(pod),
    });
  }

  /** The ReplicaSet key a pod's controller reference names, if it is a ReplicaSet in the cache. */
  private ownerKey(pod: Pod): string | undefined {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.sets.get(pod.metadata?.namespace, ref.name);
    return rs && rs.metadata?.uid === ref.uid ? objectKey(rs) : undefined;
  }

  /** An orphan might be adopted by any set whose selector matches it. */
  private enqueueMatchingSets(pod: Pod): void {
    for (const rs of this.sets.list({ namespace: pod.metadata?.namespace ?? '' })) {
      const sel = rs.spec?.selector;
      if (sel && labelSelectorMatches(sel, pod.metadata?.labels)) this.enqueue(objectKey(rs));
    }
  }

  private podAdded(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.podDeleted(pod);
    const key = this.ownerKey(pod);
    if (key) {
      this.expectations.creationObserved(key);
      this.enqueue(key);
    } else if (!controllerRefOf(pod)) {
      this.enqueueMatchingSets(pod);
    }
  }

  private podUpdated(old: Pod, pod: Pod): void {
    if (pod.metadata?.deletionTimestamp && !old.metadata?.deletionTimestamp) {
      // Graceful deletion began: for counting replicas the pod is gone already.
      this.podDeleted(pod);
    }
    const oldKey = this.ownerKey(old);
    const key = this.ownerKey(pod);
    if (oldKey && oldKey !== key) this.enqueue(oldKey);
    if (key) {
      this.enqueue(key);
      // A pod that just became ready becomes available minReadySeconds later: look again then.
      const rs = this.sets.getByKey(key);
      const minReady = rs?.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && podIsReady(pod) && !podIsReady(old)) {
        this.queue.addAfter(key, minReady * 1000 + 1);
      }
    } else if (!controllerRefOf(pod)) {
      this.enqueueMatchingSets(pod);
    }
  }

  private podDeleted(pod: Pod): void {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const key = keyOf(pod.metadata?.namespace, ref.name);
    this.expectations.deletionObserved(key, pod.metadata?.uid ?? '');
    this.enqueue(key);
  }

  protected async sync(key: string): Promise<void> {
    const rs = this.sets.getByKey(key);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const { namespace } = splitKey(key);
    const podClient = this.client.resource<Pod>(POD_RESOURCE).namespace(namespace);
    const selector = rs.spec?.selector;
    // An empty selector would claim every pod in the namespace; validation forbids it anyway.
    if (!selector || (!selector.matchLabels && !selector.matchExpressions)) return;
    const needsManage = this.expectations.satisfied(key);
    const owned = await claimObjects(this.pods.list({ namespace, filter: (p) => podIsActive(p) }), {
      owner: rs,
      ownerKind: REPLICA_SET_KIND,
      selector,
      client: podClient,
      readOwner: () => this.readFresh(namespace, rs.metadata!.name!),
    });
    let createError: string | undefined | null = null;
    if (needsManage && !rs.metadata?.deletionTimestamp) {
      createError = await this.manageReplicas(key, rs, owned, podClient);
    }
    await this.writeStatus(rs, owned, createError);
  }

  private async readFresh(namespace: string, name: string): Promise<ReplicaSet | undefined> {
    try {
      return await this.client
        .resource<ReplicaSet>(REPLICA_SET_RESOURCE)
        .namespace(namespace)
        .get(name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Creates or deletes pods toward spec.replicas. Returns the message of a failed create
   * (undefined when none failed, null when no create was attempted).
   */
  private async manageReplicas(
    key: string,
    rs: ReplicaSet,
    active: Pod[],
    podClient: ResourceClient<Pod>,
  ): Promise<string | undefined | null> {
    const want = rs.spec?.replicas ?? 1;
    const diff = active.length - want;
    const ref = referenceTo({ apiVersion: 'apps/v1', kind: 'ReplicaSet', ...rs });
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, count);
      const controllerRef = newControllerRef(rs, REPLICA_SET_KIND);
      const res = await slowStartBatch(count, 1, async () => {
        const pod = podFromTemplate(
          rs.spec!.template!,
          rs.metadata!.namespace!,
          `${rs.metadata!.name}-`,
          controllerRef,
        );
        try {
          const made = await podClient.create(pod);
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
      // Pods that were never created will never be observed.
      for (let i = 0; i < res.skipped + res.errors.length; i++)
        this.expectations.creationObserved(key);
      if (res.errors.length > 0) {
        const first = res.errors[0];
        return first instanceof Error ? first.message : String(first);
      }
      return undefined;
    }
    if (diff > 0) {
      const victims = podsToDelete(active, Math.min(diff, BURST_REPLICAS));
      await deletePods({
        key,
        pods: victims,
        podClient,
        expectations: this.expectations,
        recorder: this.recorder,
        ref,
      });
    }
    return null;
  }

  private async writeStatus(
    rs: ReplicaSet,
    active: Pod[],
    createError: string | undefined | null,
  ): Promise<void> {
    const now = this.clock.now();
    const status = computeReplicaSetStatus(rs, active, now, createError);
    if (sameReplicaSetStatus(rs.status, status)) return;
    // status is declared read-only (server-populated); build the update by spreading instead.
    const next: ReplicaSet = { ...structuredClone(rs), status };
    try {
      await this.client.resource<ReplicaSet>(REPLICA_SET_RESOURCE).updateStatus(next);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/** The ReplicaSet controller, built from the controller manager's shared context. */
export function createReplicaSetController(ctx: ControllerContext): Controller {
  return new ReplicaSetController(ctx);
}
