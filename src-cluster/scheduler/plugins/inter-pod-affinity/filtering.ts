/**
 * InterPodAffinity's Filter side. PreFilter counts, per topology domain ("zone=a"), the existing
 * pods that match each of the incoming pod's required terms, and the existing pods whose own
 * required anti-affinity rejects the incoming pod; Filter then checks a node's domains against
 * those counts without looking at any pod again.
 */
import type { NodeInfo } from '../../framework/node-info';
import { termMatches, type AffinityTerm, type PodInfo } from '../../framework/pod-info';
import type { Snapshot } from '../../framework/interface';

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY =
  "node(s) didn't satisfy existing pods anti-affinity rules";

/** "key=value" → count */
export type DomainCounts = Map<string, number>;

export interface AffinityFilterState {
  /** Domains where an existing pod's required anti-affinity matches the incoming pod. */
  existingAnti: DomainCounts;
  /** Per required affinity term: domains holding a matching pod. */
  affinity: DomainCounts[];
  /** Per required anti-affinity term: domains holding a matching pod. */
  anti: DomainCounts[];
  /** Any existing pod matched any required affinity term. */
  anyAffinityMatch: boolean;
}

const domain = (key: string, node: NodeInfo): string | undefined => {
  const v = node.node.metadata?.labels?.[key];
  return v === undefined ? undefined : `${key}=${v}`;
};

const bump = (m: DomainCounts, d: string | undefined) => {
  if (d !== undefined) m.set(d, (m.get(d) ?? 0) + 1);
};

export function computeFilterState(pod: PodInfo, snapshot: Snapshot): AffinityFilterState {
  const state: AffinityFilterState = {
    existingAnti: new Map(),
    affinity: pod.requiredAffinity.map(() => new Map()),
    anti: pod.requiredAntiAffinity.map(() => new Map()),
    anyAffinityMatch: false,
  };
  for (const node of snapshot.havePodsWithAffinity()) {
    for (const existing of node.podsWithRequiredAntiAffinity) {
      for (const t of existing.requiredAntiAffinity) {
        if (termMatches(t, pod.pod)) bump(state.existingAnti, domain(t.topologyKey, node));
      }
    }
  }
  if (pod.requiredAffinity.length || pod.requiredAntiAffinity.length) {
    for (const node of snapshot.list()) {
      for (const existing of node.pods.values()) {
        pod.requiredAffinity.forEach((t, i) => {
          if (!termMatches(t, existing.pod)) return;
          bump(state.affinity[i]!, domain(t.topologyKey, node));
          state.anyAffinityMatch = true;
        });
        pod.requiredAntiAffinity.forEach((t, i) => {
          if (termMatches(t, existing.pod)) bump(state.anti[i]!, domain(t.topologyKey, node));
        });
      }
    }
  }
  return state;
}

export function isEmpty(s: AffinityFilterState, pod: PodInfo): boolean {
  return (
    s.existingAnti.size === 0 &&
    pod.requiredAffinity.length === 0 &&
    pod.requiredAntiAffinity.length === 0
  );
}

function satisfiesAffinity(s: AffinityFilterState, pod: PodInfo, node: NodeInfo): boolean {
  const terms: AffinityTerm[] = pod.requiredAffinity;
  if (terms.length === 0) return true;
  const allMatched = terms.every((t, i) => {
    const d = domain(t.topologyKey, node);
    return d !== undefined && (s.affinity[i]!.get(d) ?? 0) > 0;
  });
  if (allMatched) return true;
  // The first pod of a group that selects itself (e.g. a 3-replica set with affinity to its own
  // label) would otherwise never start: allow it if nothing matches anywhere yet.
  if (s.anyAffinityMatch) return false;
  return terms.every((t) => termMatches(t, pod.pod) && domain(t.topologyKey, node) !== undefined);
}

/** The reason this node fails, or undefined if it passes. */
export function affinityRejection(
  s: AffinityFilterState,
  pod: PodInfo,
  node: NodeInfo,
): { reason: string; unresolvable: boolean } | undefined {
  if (!satisfiesAffinity(s, pod, node)) return { reason: ERR_AFFINITY, unresolvable: true };
  for (let i = 0; i < pod.requiredAntiAffinity.length; i++) {
    const d = domain(pod.requiredAntiAffinity[i]!.topologyKey, node);
    if (d !== undefined && (s.anti[i]!.get(d) ?? 0) > 0) {
      return { reason: ERR_ANTI_AFFINITY, unresolvable: false };
    }
  }
  if (s.existingAnti.size) {
    for (const [k, v] of Object.entries(node.node.metadata?.labels ?? {})) {
      if ((s.existingAnti.get(`${k}=${v}`) ?? 0) > 0) {
        return { reason: ERR_EXISTING_ANTI_AFFINITY, unresolvable: false };
      }
    }
  }
  return undefined;
}
