/**
 * IntOrString fields such as maxSurge / maxUnavailable ("25%" or 2) resolved against a total.
 * Percentages round up or down as the caller asks: a rollout rounds surge up and unavailability
 * down, so it errs on the side of extra capacity (k8s-internals §4.1).
 */

export class IntOrPercentError extends Error {}

/** The absolute value of v for `total` items; undefined/null is 0. */
export function scaledValue(
  v: number | string | undefined | null,
  total: number,
  roundUp: boolean,
): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    if (/^\d+$/.test(v)) return Number(v);
    throw new IntOrPercentError(`invalid value "${v}": must be an integer or a percentage`);
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
