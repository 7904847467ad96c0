/**
 * The arithmetic of a rolling update (k8s-internals §4.1), pure so it can be tested table-style.
 *
 * Two fenceposts bound every step: at most `replicas + surge` pods exist, and at least
 * `replicas − unavailable` are available. The new ReplicaSet grows into the surge room; old
 * ReplicaSets shrink only by what availability can spare — unhealthy old pods first, since
 * removing them costs no availability.
 *
 * Two guards go beyond upstream's arithmetic, both against status that lags spec: pods an old
 * ReplicaSet still reports (status.replicas above a just-lowered spec) still occupy surge room,
 * and an old ReplicaSet's availableReplicas never counts above its spec. With them, the bounds
 * hold at every instant, not just once the caches catch up.
 */
import { scaledValue } from '../framework/int-or-percent';

export interface Fenceposts {
  /** Pods allowed above `replicas` during the rollout. */
  surge: number;
  /** Pods allowed below `replicas` in availability. */
  unavailable: number;
}

/**
 * Resolves maxSurge (rounded up) and maxUnavailable (rounded down) against replicas. Both 0
 * would never let a rollout move, so unavailable becomes 1 then; it never exceeds replicas.
 */
export function fenceposts(
  replicas: number,
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
): Fenceposts {
  const surge = scaledValue(maxSurge ?? '25%', replicas, true);
  let unavailable = scaledValue(maxUnavailable ?? '25%', replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: Math.min(unavailable, replicas) };
}

/** One ReplicaSet as the arithmetic sees it. */
export interface SetSize {
  /** spec.replicas */
  replicas: number;
  /** status.replicas: pods it still has (may lag a lowered spec). */
  current: number;
  /** status.availableReplicas */
  available: number;
}

/** Pods a set occupies for the surge bound: what it wants or still has, whichever is more. */
function occupied(s: SetSize): number {
  return Math.max(s.replicas, s.current);
}

/** Availability a set can be relied on for: never more than it is meant to keep. */
function reliable(s: SetSize): number {
  return Math.min(s.available, s.replicas);
}

/**
 * The new ReplicaSet's next size: grow by the surge room left, never past `replicas`. (A new set
 * above `replicas` is scaled straight down by the caller.)
 */
export function newSetTarget(
  replicas: number,
  f: Fenceposts,
  newSet: SetSize,
  oldSets: readonly SetSize[],
): number {
  if (newSet.replicas >= replicas) return replicas;
  const total = [newSet, ...oldSets].reduce((n, s) => n + occupied(s), 0);
  const room = replicas + f.surge - total;
  if (room <= 0) return newSet.replicas;
  return newSet.replicas + Math.min(room, replicas - newSet.replicas);
}

/**
 * The old ReplicaSets' next sizes (same order as given: oldest first). Scales down unhealthy
 * replicas first, then available ones while availability stays at or above
 * `replicas − unavailable`, taking from the oldest set first.
 */
export function oldSetTargets(
  replicas: number,
  f: Fenceposts,
  newSet: SetSize,
  oldSets: readonly SetSize[],
): number[] {
  const sizes = oldSets.map((s) => s.replicas);
  const minAvailable = replicas - f.unavailable;
  const all = newSet.replicas + sizes.reduce((a, b) => a + b, 0);
  const newUnavailable = Math.max(0, newSet.replicas - reliable(newSet));
  let budget = all - minAvailable - newUnavailable;
  if (budget <= 0) return sizes;
  // 1. Old replicas that are not available cost nothing to remove.
  oldSets.forEach((s, i) => {
    const unhealthy = Math.max(0, sizes[i]! - reliable(s));
    const take = Math.min(budget, unhealthy);
    sizes[i]! -= take;
    budget -= take;
  });
  // 2. Available old replicas, as far as availability allows.
  const availableNow =
    reliable(newSet) + oldSets.reduce((n, s, i) => n + Math.min(s.available, sizes[i]!), 0);
  let cut = Math.min(budget, availableNow - minAvailable);
  for (let i = 0; i < sizes.length && cut > 0; i++) {
    const take = Math.min(sizes[i]!, cut);
    sizes[i]! -= take;
    cut -= take;
  }
  return sizes;
}
