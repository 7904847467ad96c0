/**
 * The downward API's two selectors, shared by env `valueFrom` and downwardAPI volume items:
 * - fieldRef: a pod field by path (metadata.name/namespace/uid, metadata.labels['k'],
 *   metadata.annotations['k'], whole labels/annotations maps, spec.nodeName,
 *   spec.serviceAccountName, status.podIP(s), status.hostIP(s));
 * - resourceFieldRef: a container's requests/limits divided by `divisor` and rounded up, a missing
 *   limit reading as the node's allocatable (upstream's MergeContainerResourceLimits).
 * Pure; errors carry upstream's wording so they can surface as CreateContainerConfigError.
 */
import type {
  Container,
  ObjectFieldSelector,
  Pod,
  ResourceFieldSelector,
} from 'kubernetes-types/core/v1';
import { parseQuantity } from '../api/quantity';

/** What the kubelet knows at container creation that the pod object may not carry yet. */
export interface RuntimeFacts {
  podIP: string;
  hostIP: string;
  /** Node allocatable, standing in for absent limits. */
  allocatable: { cpu: string; memory: string; 'ephemeral-storage'?: string };
}

/** Labels/annotations as a downward API file: sorted `key="value"` lines (values quoted). */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

const SUBSCRIPT = /^metadata\.(labels|annotations)\['(.+)'\]$/;

export function fieldRefValue(pod: Pod, ref: ObjectFieldSelector, facts: RuntimeFacts): string {
  const m = pod.metadata ?? {};
  const path = ref.fieldPath;
  const sub = SUBSCRIPT.exec(path);
  if (sub) {
    const map = sub[1] === 'labels' ? m.labels : m.annotations;
    return map?.[sub[2]!] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return m.name ?? '';
    case 'metadata.namespace':
      return m.namespace ?? 'default';
    case 'metadata.uid':
      return m.uid ?? '';
    case 'metadata.labels':
      return formatMap(m.labels);
    case 'metadata.annotations':
      return formatMap(m.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return facts.hostIP;
    case 'status.podIP':
    case 'status.podIPs':
      return pod.spec?.hostNetwork ? facts.hostIP : facts.podIP;
    default:
      throw new Error(`unsupported fieldPath: ${path}`);
  }
}

export function resourceFieldRefValue(
  pod: Pod,
  ref: ResourceFieldSelector,
  facts: RuntimeFacts,
  fallbackContainer?: Container,
): string {
  const name = ref.containerName;
  const c = name
    ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
        (x) => x.name === name,
      )
    : fallbackContainer;
  if (!c) throw new Error(`container ${name ?? ''} not found in pod`);
  const [kind, res] = ref.resource.split('.') as ['limits' | 'requests', string];
  if (
    (kind !== 'limits' && kind !== 'requests') ||
    !['cpu', 'memory', 'ephemeral-storage'].includes(res)
  )
    throw new Error(`unsupported container resource : ${ref.resource}`);
  const set = c.resources?.[kind]?.[res] as string | undefined;
  const alloc = facts.allocatable[res as 'cpu'] ?? '0';
  const q = parseQuantity(set ?? (kind === 'limits' ? alloc : '0'));
  const divisor = parseQuantity((ref.divisor as string | undefined) ?? '1');
  if (divisor.isZero()) throw new Error(`invalid divisor ${String(ref.divisor)}`);
  if (res === 'cpu') return String(Math.ceil(q.milliValue() / divisor.milliValue()));
  return String(Math.ceil(q.value() / divisor.value()));
}
