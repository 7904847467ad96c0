/**
 * A Deployment's status: the counts `kubectl rollout status` compares (k8s-internals §4.1,
 * kubectl-wire §9) and the Available / Progressing conditions. Pure: the caller passes the time.
 *
 * Progressing records the rollout's last sign of life in lastUpdateTime; when nothing has moved
 * for progressDeadlineSeconds the condition turns False with ProgressDeadlineExceeded (which
 * `kubectl rollout status` reports as an error). Nothing is rolled back.
 */
import type {
  Deployment,
  DeploymentCondition,
  DeploymentStatus,
  ReplicaSet,
} from 'kubernetes-types/apps/v1';
import { canonicalJson } from '../framework/template-hash';
import type { Fenceposts } from './rolling-math';

export type ProgressEvent =
  /** This sync created the new set. */
  | 'created'
  /** This sync found the new set without a Progressing condition naming it. */
  | 'found'
  | 'none';

const sum = (sets: readonly ReplicaSet[], f: (rs: ReplicaSet) => number | undefined) =>
  sets.reduce((n, rs) => n + (f(rs) ?? 0), 0);

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function findCondition(s: DeploymentStatus | undefined, type: string) {
  return s?.conditions?.find((c) => c.type === type);
}

/**
 * Puts cond into the list. The transition time is kept when the status did not change; an
 * identical condition (status, reason, message) keeps its update time too.
 */
export function setCondition(
  conds: readonly DeploymentCondition[],
  cond: DeploymentCondition,
): DeploymentCondition[] {
  const prev = conds.find((c) => c.type === cond.type);
  let next = cond;
  if (prev && prev.status === cond.status) {
    next = { ...cond, lastTransitionTime: prev.lastTransitionTime };
    if (prev.reason === cond.reason && prev.message === cond.message) {
      next.lastUpdateTime = prev.lastUpdateTime;
    }
  }
  return [...conds.filter((c) => c.type !== cond.type), next];
}

function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  nowMs: number,
): DeploymentCondition {
  const t = iso(nowMs);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

/** The counts and the Available condition, from the sets' status. */
export function countStatus(
  d: Deployment,
  all: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  f: Fenceposts,
  nowMs: number,
): DeploymentStatus {
  const desired = d.spec?.replicas ?? 1;
  const available = sum(all, (rs) => rs.status?.availableReplicas);
  const base: DeploymentStatus = {
    observedGeneration: d.metadata?.generation,
    replicas: sum(all, (rs) => rs.status?.replicas),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, desired - available),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
  };
  const ok = available >= desired - f.unavailable;
  const avail = ok
    ? condition(
        'Available',
        'True',
        'MinimumReplicasAvailable',
        'Deployment has minimum availability.',
        nowMs,
      )
    : condition(
        'Available',
        'False',
        'MinimumReplicasUnavailable',
        'Deployment does not have minimum availability.',
        nowMs,
      );
  base.conditions = setCondition(d.status?.conditions ?? [], avail);
  return base;
}

/** Every replica updated and available, and the latest spec observed. */
export function rolloutComplete(d: Deployment, s: DeploymentStatus): boolean {
  const desired = d.spec?.replicas ?? 1;
  return (
    (s.updatedReplicas ?? 0) === desired &&
    (s.replicas ?? 0) === desired &&
    (s.availableReplicas ?? 0) === desired &&
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** More pods updated, ready or available, or fewer old ones, than last time: the rollout moved. */
function madeProgress(prev: DeploymentStatus | undefined, next: DeploymentStatus): boolean {
  const p = prev ?? {};
  return (
    (next.updatedReplicas ?? 0) > (p.updatedReplicas ?? 0) ||
    (next.readyReplicas ?? 0) > (p.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (p.availableReplicas ?? 0) ||
    (next.replicas ?? 0) - (next.updatedReplicas ?? 0) <
      (p.replicas ?? 0) - (p.updatedReplicas ?? 0)
  );
}

/** How long until the Progressing condition would time out (ms), or undefined when it cannot. */
export function msUntilDeadline(d: Deployment, s: DeploymentStatus, nowMs: number) {
  const deadline = d.spec?.progressDeadlineSeconds;
  const p = findCondition(s, 'Progressing');
  if (!deadline || d.spec?.paused || !p || p.status !== 'True') return undefined;
  if (p.reason === 'NewReplicaSetAvailable') return undefined;
  return Date.parse(p.lastUpdateTime ?? '') + deadline * 1000 - nowMs;
}

/** Adds the Progressing condition to `next` (computed by countStatus). */
export function withProgress(
  d: Deployment,
  next: DeploymentStatus,
  newRS: ReplicaSet | undefined,
  event: ProgressEvent,
  nowMs: number,
): DeploymentStatus {
  if (d.spec?.paused) return next;
  const name = newRS?.metadata?.name ?? '';
  let conds = next.conditions ?? [];
  const prev = findCondition(d.status, 'Progressing');
  const set = (c: DeploymentCondition) => (conds = setCondition(conds, c));
  if (rolloutComplete(d, next) && newRS) {
    set(
      condition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${name}" has successfully progressed.`,
        nowMs,
      ),
    );
  } else if (event === 'created') {
    set(
      condition(
        'Progressing',
        'True',
        'NewReplicaSetCreated',
        `Created new replica set "${name}"`,
        nowMs,
      ),
    );
  } else if (event === 'found' && newRS) {
    set(
      condition(
        'Progressing',
        'True',
        'FoundNewReplicaSet',
        `Found new replica set "${name}"`,
        nowMs,
      ),
    );
  } else if (newRS && madeProgress(d.status, next)) {
    const c = condition(
      'Progressing',
      'True',
      'ReplicaSetUpdated',
      `ReplicaSet "${name}" is progressing.`,
      nowMs,
    );
    // Progress always moves lastUpdateTime, even when the reason and message are unchanged.
    conds = setCondition(conds, c).map((x) =>
      x.type === 'Progressing' ? { ...x, lastUpdateTime: c.lastUpdateTime } : x,
    );
  } else if (
    prev &&
    prev.reason !== 'ProgressDeadlineExceeded' &&
    (msUntilDeadline(d, next, nowMs) ?? 1) <= 0
  ) {
    set(
      condition(
        'Progressing',
        'False',
        'ProgressDeadlineExceeded',
        `ReplicaSet "${name}" has timed out progressing.`,
        nowMs,
      ),
    );
  }
  return { ...next, conditions: conds };
}

/** Paused/resumed bookkeeping: a paused rollout says so instead of timing out. */
export function withPauseCondition(
  d: Deployment,
  s: DeploymentStatus,
  nowMs: number,
): DeploymentStatus {
  const prev = findCondition(d.status, 'Progressing');
  const pausedNow = prev?.reason === 'DeploymentPaused';
  if (d.spec?.paused && !pausedNow) {
    const c = condition(
      'Progressing',
      'Unknown',
      'DeploymentPaused',
      'Deployment is paused',
      nowMs,
    );
    return { ...s, conditions: setCondition(s.conditions ?? [], c) };
  }
  if (!d.spec?.paused && pausedNow) {
    const c = condition(
      'Progressing',
      'Unknown',
      'DeploymentResumed',
      'Deployment is resumed',
      nowMs,
    );
    return { ...s, conditions: setCondition(s.conditions ?? [], c) };
  }
  return s;
}

/** True when the status needs writing (key order does not count). */
export function statusChanged(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return canonicalJson(a ?? {}) !== canonicalJson(b);
}
