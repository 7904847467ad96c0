/**
 * A ReplicaSet's status as computed from its pods: what `kubectl get rs` prints and what the
 * Deployment controller reads to pace a rollout. The ReplicaFailure condition reports a create
 * that the API server refused (quota, admission) and clears once creates succeed again.
 */
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { labelSelectorMatches } from '../../client';
import { podIsAvailable, podIsReady } from '../framework/pod-availability';

/**
 * The status for `rs` given its active pods. `createError` is the message of this sync's failed
 * create (undefined: no failure this time; null: nothing was attempted, keep the old condition).
 */
export function computeReplicaSetStatus(
  rs: ReplicaSet,
  activePods: readonly Pod[],
  nowMs: number,
  createError: string | undefined | null,
): ReplicaSetStatus {
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const fullyLabeled = activePods.filter((p) =>
    labelSelectorMatches({ matchLabels: templateLabels }, p.metadata?.labels),
  ).length;
  let conditions = (rs.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  const prev = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  if (createError === null && prev) conditions = [...conditions, prev];
  if (createError) {
    const failure: ReplicaSetCondition = {
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message: createError,
      lastTransitionTime: prev?.lastTransitionTime ?? new Date(nowMs).toISOString(),
    };
    conditions = [...conditions, failure];
  }
  return {
    replicas: activePods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: activePods.filter(podIsReady).length,
    availableReplicas: activePods.filter((p) => podIsAvailable(p, minReady, nowMs)).length,
    observedGeneration: rs.metadata?.generation,
    ...(conditions.length > 0 ? { conditions } : {}),
  };
}

/** True when two statuses say the same thing (so no write is needed). */
export function sameReplicaSetStatus(
  a: ReplicaSetStatus | undefined,
  b: ReplicaSetStatus,
): boolean {
  const norm = (s: ReplicaSetStatus | undefined) =>
    JSON.stringify({
      replicas: s?.replicas ?? 0,
      fullyLabeledReplicas: s?.fullyLabeledReplicas ?? 0,
      readyReplicas: s?.readyReplicas ?? 0,
      availableReplicas: s?.availableReplicas ?? 0,
      observedGeneration: s?.observedGeneration,
      conditions: (s?.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message]),
    });
  return norm(a) === norm(b);
}
