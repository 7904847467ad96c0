/** Taint/toleration matching, shared by NodeUnschedulable, TaintToleration and preemption. */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';

/**
 * Does this toleration tolerate this taint? An empty effect matches every effect; an empty key
 * with operator Exists tolerates everything; Exists ignores the value, Equal (the default)
 * compares it.
 */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export function toleratedBy(taint: Taint, tolerations: readonly Toleration[]): boolean {
  return tolerations.some((t) => tolerates(t, taint));
}
