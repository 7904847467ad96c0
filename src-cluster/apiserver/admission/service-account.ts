/**
 * ServiceAccount admission, the part that shapes pods: a pod without serviceAccountName runs as
 * the namespace's `default` ServiceAccount. (Token projection comes with the security work.)
 */
import type { Pod } from 'kubernetes-types/core/v1';

export function defaultServiceAccount(pod: Pod): void {
  const spec = pod.spec as { serviceAccountName?: string; serviceAccount?: string } | undefined;
  if (!spec) return;
  spec.serviceAccountName ||= spec.serviceAccount || 'default';
  // The deprecated alias mirrors the real field, as upstream keeps it.
  spec.serviceAccount = spec.serviceAccountName;
}
