/**
 * Reading a pod's state the way controllers need it: is it Ready (the condition the kubelet sets
 * from probes), has it finished for good, is it on its way out.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';

/** The pod's condition of this type, if any. */
export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Succeeded or Failed: its containers will never run again. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Marked for deletion (graceful termination under way). */
export function isPodTerminating(pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp;
}
