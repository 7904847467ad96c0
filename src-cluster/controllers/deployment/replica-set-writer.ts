/**
 * The Deployment controller's writes to its ReplicaSets: creating the set for a new template
 * (with hash-collision handling), renumbering a set that becomes current again, resizing sets
 * (with the ScalingReplicaSet events `kubectl describe deployment` shows) and pruning old,
 * empty sets beyond revisionHistoryLimit.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { isAlreadyExists, isNotFound, type ApiClient, type ResourceClient } from '../../client';
import { referenceTo, type EventRecorder } from '../../client/events/event-recorder';
import { isControlledBy, newControllerRef } from '../framework/controller-ref';
import { computeTemplateHash } from '../framework/template-hash';
import { canonicalJson } from '../framework/template-hash';
import {
  DEPLOYMENT_KIND,
  DEPLOYMENT_RESOURCE,
  REPLICA_SET_RESOURCE,
} from '../framework/workload-refs';
import {
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  REVISION,
  byAge,
  newReplicaSetFor,
  revisionOf,
  sameTemplate,
  setAnnotations,
} from './revisions';

/** Thrown after a hash collision was recorded; the next sync tries the next hash. */
export class HashCollisionError extends Error {}

export class ReplicaSetWriter {
  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
  ) {}

  private sets(ns: string): ResourceClient<ReplicaSet> {
    return this.client.resource<ReplicaSet>(REPLICA_SET_RESOURCE).namespace(ns);
  }

  private event(
    d: Deployment,
    reason: string,
    message: string,
    type: 'Normal' | 'Warning' = 'Normal',
  ) {
    this.recorder.event(referenceTo({ ...DEPLOYMENT_KIND, ...d }), type, reason, message);
  }

  /**
   * Brings an existing current set's annotations (revision, copied Deployment annotations) and
   * minReadySeconds up to date. Returns the set as it now is.
   */
  async refresh(d: Deployment, rs: ReplicaSet, revision: number): Promise<ReplicaSet> {
    const annotations = setAnnotations(d, rs, revision);
    const minReady = d.spec?.minReadySeconds ?? 0;
    const same =
      canonicalJson(annotations) === canonicalJson(rs.metadata?.annotations ?? {}) &&
      (rs.spec?.minReadySeconds ?? 0) === minReady;
    if (same) return rs;
    const next = structuredClone(rs) as ReplicaSet;
    next.metadata!.annotations = annotations;
    next.spec!.minReadySeconds = minReady;
    return this.sets(rs.metadata!.namespace!).update(next);
  }

  /**
   * Creates the set for the Deployment's template. When a set of that name exists it is either
   * ours already (the cache had not seen it) or a collision with another template: then
   * status.collisionCount goes up, which changes the hash on the next attempt.
   */
  async create(
    d: Deployment,
    revision: number,
    replicas: number,
    maxReplicas: number,
  ): Promise<ReplicaSet> {
    const ns = d.metadata!.namespace!;
    const hash = computeTemplateHash(d.spec!.template, d.status?.collisionCount);
    const rs = newReplicaSetFor(d, hash, revision, replicas, maxReplicas);
    rs.metadata!.ownerReferences = [newControllerRef(d, DEPLOYMENT_KIND)];
    try {
      const made = await this.sets(ns).create(rs);
      if (replicas > 0) {
        this.event(
          d,
          'ScalingReplicaSet',
          `Scaled up replica set ${made.metadata!.name} to ${replicas}`,
        );
      }
      return made;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await this.sets(ns).get(rs.metadata!.name!);
      if (isControlledBy(existing, d) && sameTemplate(existing.spec?.template, d.spec?.template)) {
        return existing;
      }
      const next = structuredClone(d) as Deployment;
      next.status = { ...next.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      await this.client.resource<Deployment>(DEPLOYMENT_RESOURCE).updateStatus(next);
      throw new HashCollisionError(
        `replica set ${rs.metadata!.name} exists with a different template; collisionCount is now ${next.status.collisionCount}`,
      );
    }
  }

  /**
   * Sets rs to `replicas` and records the Deployment size it was scaled for (proportional
   * scaling reads it). Returns the set as it now is.
   */
  async scale(d: Deployment, rs: ReplicaSet, replicas: number, maxReplicas: number) {
    const desired = String(d.spec?.replicas ?? 1);
    const ann = rs.metadata?.annotations ?? {};
    const before = rs.spec?.replicas ?? 0;
    if (
      before === replicas &&
      ann[DESIRED_REPLICAS] === desired &&
      ann[MAX_REPLICAS] === String(maxReplicas)
    ) {
      return rs;
    }
    const next = structuredClone(rs) as ReplicaSet;
    next.spec!.replicas = replicas;
    next.metadata!.annotations = {
      ...ann,
      [DESIRED_REPLICAS]: desired,
      [MAX_REPLICAS]: String(maxReplicas),
    };
    const updated = await this.sets(rs.metadata!.namespace!).update(next);
    if (before !== replicas) {
      const dir = replicas > before ? 'up' : 'down';
      this.event(
        d,
        'ScalingReplicaSet',
        `Scaled ${dir} replica set ${rs.metadata!.name} to ${replicas}`,
      );
    }
    return updated;
  }

  /** Deletes the oldest empty old sets beyond revisionHistoryLimit (kept for `rollout undo`). */
  async prune(d: Deployment, old: readonly ReplicaSet[]): Promise<void> {
    const limit = d.spec?.revisionHistoryLimit ?? 10;
    const empty = byAge(old)
      .filter(
        (rs) =>
          !rs.metadata?.deletionTimestamp &&
          (rs.spec?.replicas ?? 0) === 0 &&
          (rs.status?.replicas ?? 0) === 0 &&
          (rs.status?.observedGeneration ?? 0) >= (rs.metadata?.generation ?? 0),
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of empty.slice(0, Math.max(0, empty.length - limit))) {
      try {
        await this.sets(rs.metadata!.namespace!).delete(rs.metadata!.name!, {
          preconditions: { uid: rs.metadata?.uid },
        });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  /** Copies the current set's revision onto the Deployment (what `rollout history` reads). */
  async recordRevision(d: Deployment, revision: number): Promise<Deployment> {
    if (d.metadata?.annotations?.[REVISION] === String(revision)) return d;
    const next = structuredClone(d) as Deployment;
    next.metadata!.annotations = { ...next.metadata!.annotations, [REVISION]: String(revision) };
    return this.client.resource<Deployment>(DEPLOYMENT_RESOURCE).update(next);
  }
}
