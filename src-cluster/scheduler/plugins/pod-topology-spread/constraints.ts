/**
 * The spread constraints that apply to a pod: its own topologySpreadConstraints, or — when it has
 * none but a Service or ReplicaSet selects it — the system defaults: spread over hostnames with
 * maxSkew 3 and over zones with maxSkew 5, both ScheduleAnyway (scoring only).
 */
import type { Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { fromLabelSelector, LabelSelector, type Requirement } from '../../../api/selectors';
import { requirement } from '../../../api/selectors/label-requirement';
import type { Handle } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { podMatchesNodeSelectorAndAffinity } from '../../framework/node-selector';
import { toleratedBy } from '../../framework/taints';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector;
  minDomains: number;
  /** Honor (default): only nodes the pod's nodeSelector/affinity allow count as domains. */
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Ignore (default): tainted nodes count; Honor: only nodes whose taints the pod tolerates. */
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

export const SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: LABEL_HOSTNAME, maxSkew: 3 },
  { topologyKey: LABEL_ZONE, maxSkew: 5 },
] as const;

function compile(pod: Pod, c: TopologySpreadConstraint): Constraint {
  let selector = fromLabelSelector(c.labelSelector ?? null);
  // matchLabelKeys: also require the pod's own values of those keys (e.g. pod-template-hash).
  const labels = pod.metadata?.labels ?? {};
  const extra: Requirement[] = [];
  for (const k of c.matchLabelKeys ?? []) {
    if (labels[k] !== undefined) {
      extra.push(requirement(k, '=', [labels[k]]));
    }
  }
  if (extra.length && c.labelSelector) {
    selector = LabelSelector.of([...selector.requirements, ...extra]);
  }
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    minDomains: c.minDomains ?? 1,
    nodeAffinityPolicy: (c.nodeAffinityPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Honor',
    nodeTaintsPolicy: (c.nodeTaintsPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Ignore',
  };
}

/** DoNotSchedule constraints: enforced by Filter. */
export function hardConstraints(pod: Pod): Constraint[] {
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((c) => c.whenUnsatisfiable === 'DoNotSchedule')
    .map((c) => compile(pod, c));
}

/**
 * ScheduleAnyway constraints, or the system defaults; `system` tells the scorer that nodes missing
 * a key are simply not counted rather than ignored.
 */
export function softConstraints(
  pod: Pod,
  handle: Handle,
): { constraints: Constraint[]; system: boolean } {
  const own = pod.spec?.topologySpreadConstraints ?? [];
  if (own.length) {
    return {
      constraints: own
        .filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway')
        .map((c) => compile(pod, c)),
      system: false,
    };
  }
  const selector = handle.defaultSelector(pod);
  if (!selector) return { constraints: [], system: true };
  return {
    constraints: SYSTEM_DEFAULT_CONSTRAINTS.map((d) => ({
      ...d,
      selector,
      minDomains: 1,
      nodeAffinityPolicy: 'Honor' as const,
      nodeTaintsPolicy: 'Ignore' as const,
    })),
    system: true,
  };
}

/** Does this node count as a domain for the constraint (the node inclusion policies)? */
export function nodeCounts(pod: Pod, c: Constraint, node: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !podMatchesNodeSelectorAndAffinity(pod, node.node)) {
    return false;
  }
  if (c.nodeTaintsPolicy === 'Honor') {
    const tol = pod.spec?.tolerations ?? [];
    for (const t of node.node.spec?.taints ?? []) {
      if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !toleratedBy(t, tol)) {
        return false;
      }
    }
  }
  return true;
}

/** Pods on the node, in the pod's namespace, not terminating, that the selector matches. */
export function countMatching(node: NodeInfo, c: Constraint, namespace: string): number {
  let n = 0;
  for (const pi of node.pods.values()) {
    const p = pi.pod;
    if (p.metadata?.deletionTimestamp) continue;
    if ((p.metadata?.namespace ?? 'default') !== namespace) continue;
    if (c.selector.matches(p.metadata?.labels)) n++;
  }
  return n;
}
