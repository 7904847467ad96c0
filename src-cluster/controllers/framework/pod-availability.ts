/**
 * When a pod counts as ready and as available — the numbers `kubectl rollout status` waits on and
 * a rolling update must never let fall below replicas − maxUnavailable. A pod is *available* once
 * it has been Ready for at least minReadySeconds (k8s-internals §4.1).
 */
import type { Pod } from 'kubernetes-types/core/v1';

/** True when the pod's Ready condition is True. */
export function podIsReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * True when the pod has been Ready for minReadySeconds at `nowMs`. With minReadySeconds 0 a Ready
 * pod is available at once, even without a transition time.
 */
export function podIsAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!podIsReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = readySinceMs(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= nowMs;
}

/** When the pod last became Ready (ms), if it is and says when. */
export function readySinceMs(pod: Pod): number | undefined {
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
  if (!c?.lastTransitionTime) return undefined;
  const t = Date.parse(c.lastTransitionTime);
  return Number.isNaN(t) ? undefined : t;
}

/** Still counts toward replicas: not finished (Succeeded/Failed) and not on its way out. */
export function podIsActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}
