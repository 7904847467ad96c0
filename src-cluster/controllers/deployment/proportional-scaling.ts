/**
 * Proportional scaling (k8s-internals §4.1): when `replicas` changes in the middle of a rollout,
 * the difference is shared among the ReplicaSets that have pods, in proportion to their size, so
 * the rollout's progress (say 70% new, 30% old) survives the resize. Each set remembers the
 * deployment size it was last scaled for (deployment.kubernetes.io/max-replicas = replicas +
 * surge) to compute its share; what rounding leaves over goes to the largest set.
 */

export interface ScalableSet {
  name: string;
  replicas: number;
  /** The max-replicas annotation, if present. */
  annotatedMax?: number;
  /** creationTimestamp (ms): breaks ties between sets of equal size. */
  created: number;
}

/**
 * New sizes (by set name) for the active sets when the deployment may now have `allowed` pods
 * (replicas + surge). Sets not in the result keep their size.
 */
export function proportionalSizes(
  active: readonly ScalableSet[],
  allowed: number,
): Map<string, number> {
  const total = active.reduce((n, s) => n + s.replicas, 0);
  const toAdd = allowed - total;
  const out = new Map<string, number>();
  if (toAdd === 0 || active.length === 0) return out;
  // Largest first; on a tie, grow the newer set and shrink the older one first.
  const order = [...active].sort(
    (a, b) =>
      b.replicas - a.replicas || (toAdd > 0 ? b.created - a.created : a.created - b.created),
  );
  let given = 0;
  for (const s of order) {
    const before = s.annotatedMax && s.annotatedMax > 0 ? s.annotatedMax : total;
    const share = Math.round((s.replicas * allowed) / before) - s.replicas;
    const left = toAdd - given;
    const step =
      toAdd > 0 ? Math.max(0, Math.min(share, left)) : Math.min(0, Math.max(share, left));
    out.set(s.name, s.replicas + step);
    given += step;
  }
  const first = order[0]!;
  out.set(first.name, Math.max(0, out.get(first.name)! + (toAdd - given)));
  return out;
}
