/**
 * Taints and tolerations as the node lifecycle and taint eviction controllers (and anything that
 * places pods on nodes) read them. A toleration matches a taint when the effects agree (an empty
 * toleration effect matches every effect), the keys agree (an empty key with Exists matches every
 * key), and, for operator Equal (the default), the values agree.
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';

/** Taint keys the node lifecycle controller owns (TaintNodesByCondition, taint-based eviction). */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** True when toleration `t` tolerates `taint`. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (!t.key) return t.operator === 'Exists';
  if (t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** The taints none of `tolerations` tolerates. */
export function untoleratedTaints(
  tolerations: readonly Toleration[] | undefined,
  taints: readonly Taint[],
): Taint[] {
  return taints.filter((taint) => !(tolerations ?? []).some((t) => toleratesTaint(t, taint)));
}

/**
 * How long (ms) a pod may stay bound while `taint` is present: the shortest tolerationSeconds of
 * the tolerations that match it (≤ 0 means leave at once), Infinity when every matching
 * toleration is unlimited, and 0 when none matches.
 */
export function tolerationWindowMs(
  tolerations: readonly Toleration[] | undefined,
  taint: Taint,
): number {
  const matching = (tolerations ?? []).filter((t) => toleratesTaint(t, taint));
  if (matching.length === 0) return 0;
  let window = Infinity;
  for (const t of matching) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    window = Math.min(window, Math.max(0, t.tolerationSeconds) * 1000);
  }
  return window;
}
