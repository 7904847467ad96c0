/**
 * Matching a metav1.LabelSelector (matchLabels + matchExpressions) against labels, the way
 * controllers select their pods from the cache. An empty selector matches everything; a null one
 * (undefined here) is the caller's business — upstream treats it as "nothing".
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';

/** True when labels satisfy every requirement of the selector. */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (l[k] !== v) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const value = l[req.key];
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown label selector operator "${req.operator}"`);
    }
  }
  return true;
}
