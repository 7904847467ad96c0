/**
 * Which pods a ReplicaSet gives up first when it scales down (k8s-internals §4.2). The order
 * removes the pods whose loss hurts least: ones not yet placed, not yet running, not ready; then
 * ones the user marked cheap (pod-deletion-cost); then ones doubled up on a node with a sibling;
 * then the youngest and the most crash-prone. Pure: time comes in as `nowMs`-free timestamps on
 * the pods themselves, so tests build pods and compare.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { podIsReady, readySinceMs } from '../framework/pod-availability';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseRank(p: Pod): number {
  // A pod without a phase has not been seen by a kubelet yet: treat it as Pending.
  return PHASE_ORDER[p.status?.phase ?? 'Pending'] ?? 0;
}

function deletionCost(p: Pod): number {
  const v = Number(p.metadata?.annotations?.[POD_DELETION_COST] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

function restarts(p: Pod): number {
  return (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

function created(p: Pod): number {
  const t = Date.parse(p.metadata?.creationTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/**
 * Negative when a should be deleted before b. `sameNode(p)` is how many of the set's active pods
 * share p's node (0 when unassigned).
 */
export function compareForDeletion(a: Pod, b: Pod, sameNode: (p: Pod) => number): number {
  const aAssigned = !!a.spec?.nodeName;
  const bAssigned = !!b.spec?.nodeName;
  if (aAssigned !== bAssigned) return aAssigned ? 1 : -1;
  const phase = phaseRank(a) - phaseRank(b);
  if (phase !== 0) return phase;
  const aReady = podIsReady(a);
  const bReady = podIsReady(b);
  if (aReady !== bReady) return aReady ? 1 : -1;
  const cost = deletionCost(a) - deletionCost(b);
  if (cost !== 0) return cost;
  const doubled = sameNode(b) - sameNode(a);
  if (doubled !== 0) return doubled;
  if (aReady && bReady) {
    // Ready more recently = ready for less time = less proven: goes first.
    const since = (readySinceMs(b) ?? 0) - (readySinceMs(a) ?? 0);
    if (since !== 0) return since;
  }
  const crashes = restarts(b) - restarts(a);
  if (crashes !== 0) return crashes;
  const age = created(b) - created(a);
  if (age !== 0) return age;
  const ua = a.metadata?.uid ?? '';
  const ub = b.metadata?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/** The `count` pods of `pods` (a set's active pods) to delete first. Does not reorder `pods`. */
export function podsToDelete(pods: readonly Pod[], count: number): Pod[] {
  const perNode = new Map<string, number>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const sameNode = (p: Pod) => (p.spec?.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => compareForDeletion(a, b, sameNode)).slice(0, Math.max(0, count));
}
