/**
 * The Deployment controller (k8s-internals §4.1): turns a Deployment into ReplicaSets. Each
 * template gets its own set (`<name>-<pod-template-hash>`); a template change starts a rollout
 * that grows the new set and shrinks the old ones within maxSurge/maxUnavailable (RollingUpdate)
 * or empties the old ones before starting the new (Recreate). Replica changes mid-rollout are
 * spread proportionally; paused Deployments only scale. Status carries what `kubectl rollout
 * status` waits on.
 *
 * Every step re-reads the world: a sync does one kind of change (create, scale up, scale down)
 * and returns, and the ReplicaSet watch events it causes bring the next sync.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
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
import {
  DEPLOYMENT_KIND,
  DEPLOYMENT_RESOURCE,
  POD_RESOURCE,
  REPLICA_SET_RESOURCE,
} from '../framework/workload-refs';
import {
  countStatus,
  findCondition,
  msUntilDeadline,
  rolloutComplete,
  statusChanged,
  withPauseCondition,
  withProgress,
  type ProgressEvent,
} from './deployment-status';
import { proportionalSizes } from './proportional-scaling';
import { ReplicaSetWriter } from './replica-set-writer';
import {
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  byAge,
  findNewReplicaSet,
  maxRevision,
  revisionOf,
} from './revisions';
import {
  fenceposts,
  newSetTarget,
  oldSetTargets,
  type Fenceposts,
  type SetSize,
} from './rolling-math';

/** What one sync works on: the Deployment (as last written) and its sets. */
interface Rollout {
  d: Deployment;
  f: Fenceposts;
  newRS?: ReplicaSet;
  /** Oldest first. */
  old: ReplicaSet[];
  event: ProgressEvent;
}

const size = (rs: ReplicaSet): SetSize => ({
  replicas: rs.spec?.replicas ?? 0,
  current: rs.status?.replicas ?? 0,
  available: rs.status?.availableReplicas ?? 0,
});

export class DeploymentController extends BaseController {
  private readonly client: ApiClient;
  private readonly deployments: Lister<Deployment>;
  private readonly sets: Lister<ReplicaSet>;
  private readonly pods: Lister<Pod>;
  private readonly recorder: EventRecorder;
  private readonly writer: ReplicaSetWriter;

  constructor(ctx: ControllerContext) {
    super('deployment', ctx.clock, ctx.trace);
    this.client = ctx.client;
    this.recorder = ctx.recorder('deployment-controller');
    this.writer = new ReplicaSetWriter(ctx.client, this.recorder);
    const dInf = ctx.factory.informerFor<Deployment>(DEPLOYMENT_RESOURCE);
    const rsInf = ctx.factory.informerFor<ReplicaSet>(REPLICA_SET_RESOURCE);
    const podInf = ctx.factory.informerFor<Pod>(POD_RESOURCE);
    this.deployments = dInf.lister();
    this.sets = rsInf.lister();
    this.pods = podInf.lister();
    dInf.addEventHandler({
      onAdd: (d) => this.enqueue(objectKey(d)),
      onUpdate: (_o, d) => this.enqueue(objectKey(d)),
      onDelete: (d) => this.enqueue(objectKey(d)),
    });
    rsInf.addEventHandler({
      onAdd: (rs) => this.setChanged(rs),
      onUpdate: (old, rs) => {
        this.setChanged(old);
        this.setChanged(rs);
      },
      onDelete: (rs) => this.setChanged(rs),
    });
    // Recreate waits for the old pods to be gone; their deletion is its cue.
    podInf.addEventHandler({
      onUpdate: (_o, pod) => {
        if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') this.podGone(pod);
      },
      onDelete: (pod) => this.podGone(pod),
    });
  }

  private setChanged(rs: ReplicaSet): void {
    const ns = rs.metadata?.namespace ?? '';
    const ref = controllerRefOf(rs);
    if (ref) {
      if (ref.kind === 'Deployment') this.enqueue(keyOf(ns, ref.name));
      return;
    }
    for (const d of this.deployments.list({ namespace: ns })) {
      const sel = d.spec?.selector;
      if (sel && labelSelectorMatches(sel, rs.metadata?.labels)) this.enqueue(objectKey(d));
    }
  }

  private podGone(pod: Pod): void {
    const ref = controllerRefOf(pod);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = this.sets.get(pod.metadata?.namespace, ref.name);
    const owner = rs && controllerRefOf(rs);
    if (owner?.kind !== 'Deployment') return;
    const d = this.deployments.get(pod.metadata?.namespace, owner.name);
    if (d?.spec?.strategy?.type === 'Recreate') this.enqueue(objectKey(d));
  }

  protected async sync(key: string): Promise<void> {
    const cached = this.deployments.getByKey(key);
    if (!cached) return;
    const { namespace } = splitKey(key);
    const sel = cached.spec?.selector;
    if (!sel || (!sel.matchLabels && !sel.matchExpressions)) {
      this.recorder.event(
        referenceTo({ ...DEPLOYMENT_KIND, ...cached }),
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      return;
    }
    const owned = await claimObjects(this.sets.list({ namespace }), {
      owner: cached,
      ownerKind: DEPLOYMENT_KIND,
      selector: sel,
      client: this.client.resource<ReplicaSet>(REPLICA_SET_RESOURCE).namespace(namespace),
      readOwner: () => this.readFresh(namespace, cached.metadata!.name!),
    });
    const rolling = (cached.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const desired = cached.spec?.replicas ?? 1;
    const ru = cached.spec?.strategy?.rollingUpdate;
    const f = rolling
      ? fenceposts(desired, ru?.maxSurge, ru?.maxUnavailable)
      : { surge: 0, unavailable: 0 };
    const newRS = findNewReplicaSet(cached, owned);
    const r: Rollout = {
      d: cached,
      f,
      newRS,
      old: byAge(owned.filter((rs) => rs !== newRS)),
      event: 'none',
    };
    if (cached.metadata?.deletionTimestamp) return this.writeStatus(key, r);
    if (cached.spec?.paused || this.isScalingEvent(r)) {
      await this.refreshNewSet(r);
      await this.scaleProportionally(r, rolling);
      if (cached.spec?.paused) await this.writer.prune(r.d, r.old);
      return this.writeStatus(key, r);
    }
    if (rolling) await this.rollingStep(r);
    else await this.recreateStep(r);
    return this.writeStatus(key, r);
  }

  private async readFresh(ns: string, name: string): Promise<Deployment | undefined> {
    try {
      return await this.client.resource<Deployment>(DEPLOYMENT_RESOURCE).namespace(ns).get(name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** A set with pods was sized for a different `replicas` than the Deployment has now. */
  private isScalingEvent(r: Rollout): boolean {
    const want = String(r.d.spec?.replicas ?? 1);
    return [r.newRS, ...r.old].some((rs) => {
      if (!rs || (rs.spec?.replicas ?? 0) === 0) return false;
      const ann = rs.metadata?.annotations?.[DESIRED_REPLICAS];
      return ann !== undefined && ann !== want;
    });
  }

  /** Renumbers/annotates an existing current set and records its revision on the Deployment. */
  private async refreshNewSet(r: Rollout): Promise<void> {
    if (!r.newRS) return;
    const revision = maxRevision(r.old) + 1;
    r.newRS = await this.writer.refresh(r.d, r.newRS, revision);
    r.d = await this.writer.recordRevision(r.d, revisionOf(r.newRS));
    if (!findCondition(r.d.status, 'Progressing')) r.event = 'found';
  }

  private async ensureNewSet(r: Rollout, replicas: number): Promise<ReplicaSet> {
    if (r.newRS) {
      await this.refreshNewSet(r);
      return r.newRS!;
    }
    const revision = maxRevision(r.old) + 1;
    const desired = r.d.spec?.replicas ?? 1;
    r.newRS = await this.writer.create(r.d, revision, replicas, desired + r.f.surge);
    r.d = await this.writer.recordRevision(r.d, revision);
    r.event = 'created';
    return r.newRS;
  }

  private async scaleTo(r: Rollout, rs: ReplicaSet, replicas: number): Promise<ReplicaSet> {
    const max = (r.d.spec?.replicas ?? 1) + r.f.surge;
    const updated = await this.writer.scale(r.d, rs, replicas, max);
    if (rs === r.newRS) r.newRS = updated;
    else r.old = r.old.map((x) => (x === rs ? updated : x));
    return updated;
  }

  /** One rolling-update step: create, grow the new set, or shrink old ones — then stop. */
  private async rollingStep(r: Rollout): Promise<void> {
    const desired = r.d.spec?.replicas ?? 1;
    if (!r.newRS) {
      const zero = { replicas: 0, current: 0, available: 0 };
      await this.ensureNewSet(r, newSetTarget(desired, r.f, zero, r.old.map(size)));
      return;
    }
    const newRS = await this.ensureNewSet(r, 0);
    const target = newSetTarget(desired, r.f, size(newRS), r.old.map(size));
    if (target !== (newRS.spec?.replicas ?? 0)) {
      await this.scaleTo(r, newRS, target);
      return;
    }
    const targets = oldSetTargets(desired, r.f, size(newRS), r.old.map(size));
    let scaled = false;
    for (const [i, rs] of [...r.old].entries()) {
      if (targets[i] !== (rs.spec?.replicas ?? 0)) {
        await this.scaleTo(r, rs, targets[i]!);
        scaled = true;
      }
    }
    if (scaled) return;
    if (rolloutComplete(r.d, countStatus(r.d, [newRS, ...r.old], newRS, r.f, this.clock.now()))) {
      await this.writer.prune(r.d, r.old);
    }
  }

  /** Recreate: empty every old set, wait for its pods to be gone, then start the new one. */
  private async recreateStep(r: Rollout): Promise<void> {
    const desired = r.d.spec?.replicas ?? 1;
    const active = r.old.filter((rs) => (rs.spec?.replicas ?? 0) > 0);
    for (const rs of active) await this.scaleTo(r, rs, 0);
    if (active.length > 0) return;
    const oldUids = new Set(r.old.map((rs) => rs.metadata?.uid));
    const oldPodsLeft = this.pods.list({
      namespace: r.d.metadata!.namespace!,
      filter: (p) =>
        oldUids.has(controllerRefOf(p)?.uid) &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    });
    if (oldPodsLeft.length > 0) return;
    const newRS = await this.ensureNewSet(r, desired);
    if ((newRS.spec?.replicas ?? 0) !== desired) await this.scaleTo(r, newRS, desired);
    else if (
      rolloutComplete(r.d, countStatus(r.d, [newRS, ...r.old], newRS, r.f, this.clock.now()))
    ) {
      await this.writer.prune(r.d, r.old);
    }
  }

  /** Resizes the sets that have pods to the Deployment's new `replicas` (proportional scaling). */
  private async scaleProportionally(r: Rollout, rolling: boolean): Promise<void> {
    const desired = r.d.spec?.replicas ?? 1;
    const all = [...(r.newRS ? [r.newRS] : []), ...r.old];
    const active = all.filter((rs) => (rs.spec?.replicas ?? 0) > 0);
    if (active.length <= 1) {
      const target = active[0] ?? r.newRS ?? r.old[r.old.length - 1];
      if (target) await this.scaleTo(r, target, desired);
      return;
    }
    const n = r.newRS;
    if (n && (n.spec?.replicas ?? 0) === desired && (n.status?.availableReplicas ?? 0) >= desired) {
      for (const rs of r.old.filter((x) => (x.spec?.replicas ?? 0) > 0))
        await this.scaleTo(r, rs, 0);
      return;
    }
    if (!rolling) return;
    const allowed = desired === 0 ? 0 : desired + r.f.surge;
    const sizes = proportionalSizes(
      active.map((rs) => ({
        name: rs.metadata!.name!,
        replicas: rs.spec?.replicas ?? 0,
        annotatedMax: Number(rs.metadata?.annotations?.[MAX_REPLICAS] ?? 0) || undefined,
        created: Date.parse(rs.metadata?.creationTimestamp ?? '') || 0,
      })),
      allowed,
    );
    for (const rs of active) {
      await this.scaleTo(r, rs, sizes.get(rs.metadata!.name!) ?? rs.spec?.replicas ?? 0);
    }
  }

  private async writeStatus(key: string, r: Rollout): Promise<void> {
    const now = this.clock.now();
    const all = [...(r.newRS ? [r.newRS] : []), ...r.old];
    let status = countStatus(r.d, all, r.newRS, r.f, now);
    status = withPauseCondition(r.d, status, now);
    if (!r.d.metadata?.deletionTimestamp) status = withProgress(r.d, status, r.newRS, r.event, now);
    if (statusChanged(r.d.status, status)) {
      const next = structuredClone(r.d) as Deployment;
      next.status = status;
      try {
        await this.client.resource<Deployment>(DEPLOYMENT_RESOURCE).updateStatus(next);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    // Nothing else would wake us when a stalled rollout crosses its deadline.
    const left = msUntilDeadline(r.d, status, now);
    if (left !== undefined) this.queue.addAfter(key, Math.max(0, left) + 1000);
  }
}

/** The Deployment controller, built from the controller manager's shared context. */
export function createDeploymentController(ctx: ControllerContext): Controller {
  return new DeploymentController(ctx);
}
