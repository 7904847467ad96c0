/**
 * InterPodAffinity's Score side: every (existing pod, term) pair that relates the incoming pod to
 * an existing one adds or subtracts the term's weight to the existing pod's topology domain —
 * the incoming pod's preferred terms, and the existing pods' preferred terms and required
 * affinity (weight hardPodAffinityWeight = 1) that match the incoming pod. A node scores the sum
 * over its domains; scores are then min-max normalized to 0–100.
 */
import type { NodeInfo } from '../../framework/node-info';
import { termMatches, type PodInfo, type WeightedAffinityTerm } from '../../framework/pod-info';
import type { Snapshot } from '../../framework/interface';

export const HARD_POD_AFFINITY_WEIGHT = 1;

/** "key=value" → score */
export type TopologyScore = Map<string, number>;

function add(scores: TopologyScore, key: string, node: NodeInfo, w: number): void {
  const v = node.node.metadata?.labels?.[key];
  if (v === undefined || w === 0) return;
  const d = `${key}=${v}`;
  scores.set(d, (scores.get(d) ?? 0) + w);
}

function applyTerms(
  scores: TopologyScore,
  terms: readonly WeightedAffinityTerm[],
  target: PodInfo,
  node: NodeInfo,
  sign: number,
): void {
  for (const t of terms)
    if (termMatches(t, target.pod)) add(scores, t.topologyKey, node, sign * t.weight);
}

export function computeTopologyScore(pod: PodInfo, snapshot: Snapshot): TopologyScore {
  const scores: TopologyScore = new Map();
  const incomingPrefers = pod.preferredAffinity.length > 0 || pod.preferredAntiAffinity.length > 0;
  const nodes = incomingPrefers ? snapshot.list() : snapshot.havePodsWithAffinity();
  for (const node of nodes) {
    const existingPods = incomingPrefers ? node.pods.values() : node.podsWithAffinity.values();
    for (const existing of existingPods) {
      applyTerms(scores, pod.preferredAffinity, existing, node, 1);
      applyTerms(scores, pod.preferredAntiAffinity, existing, node, -1);
      for (const t of existing.requiredAffinity) {
        if (termMatches(t, pod.pod)) add(scores, t.topologyKey, node, HARD_POD_AFFINITY_WEIGHT);
      }
      applyTerms(scores, existing.preferredAffinity, pod, node, 1);
      applyTerms(scores, existing.preferredAntiAffinity, pod, node, -1);
    }
  }
  return scores;
}

export function nodeScore(scores: TopologyScore, node: NodeInfo): number {
  let sum = 0;
  for (const [k, v] of Object.entries(node.node.metadata?.labels ?? {})) {
    sum += scores.get(`${k}=${v}`) ?? 0;
  }
  return sum;
}
