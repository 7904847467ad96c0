/**
 * DefaultTolerationSeconds admission (k8s-internals §4.3): every new pod tolerates the
 * node.kubernetes.io/not-ready and /unreachable NoExecute taints for 300 s unless it already says
 * something about them. This is why a pod on a dead node is evicted five minutes after the node is
 * marked Unknown, not at once.
 */
import type { Pod, Toleration } from 'kubernetes-types/core/v1';

export const DEFAULT_TOLERATION_SECONDS = 300;
const TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

function tolerates(t: Toleration, key: string): boolean {
  // A toleration with no key and operator Exists tolerates every taint.
  if (!t.key && t.operator === 'Exists') return !t.effect || t.effect === 'NoExecute';
  return t.key === key && (!t.effect || t.effect === 'NoExecute');
}

export function addDefaultTolerations(pod: Pod, seconds = DEFAULT_TOLERATION_SECONDS): void {
  const spec = pod.spec as { tolerations?: Toleration[] } | undefined;
  if (!spec) return;
  const tolerations = [...(spec.tolerations ?? [])];
  for (const key of TAINTS) {
    if (tolerations.some((t) => tolerates(t, key))) continue;
    tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
  spec.tolerations = tolerations;
}
