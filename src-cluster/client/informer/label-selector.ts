/**
 * Matching a metav1.LabelSelector (matchLabels + matchExpressions) against labels, the way
 * controllers select their pods from the cache. An empty selector matches everything; a null one
 * (undefined here) is the caller's business — upstream treats it as "nothing". The semantics live
 * in one place, `api/selectors`, which the API server's list and watch filtering use too.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { fromLabelSelector } from '../../api/selectors/label-selector';

/** True when labels satisfy every requirement of the selector. */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  return fromLabelSelector(selector).matches(labels ?? {});
}
