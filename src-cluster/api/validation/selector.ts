/**
 * Label-selector checks the workload kinds need: the selector's own shape and whether it matches
 * the pod template's labels. Parsing selector strings belongs to src-cluster/api/selectors/; this
 * file only evaluates the structured matchLabels/matchExpressions form.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { FieldCause } from '../object';
import { forbidden, invalid, required } from './errors';
import { isQualifiedName, isValidLabelValue, validateLabels } from './names';

/** Validates a LabelSelector's structure (keys, values, operators). */
export function validateLabelSelector(sel: LabelSelector, field: string): FieldCause[] {
  const causes: FieldCause[] = [...validateLabels(sel.matchLabels, `${field}.matchLabels`)];
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          causes.push(
            required(`${f}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
          );
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          causes.push(
            forbidden(
              `${f}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      default:
        causes.push(invalid(`${f}.operator`, req.operator, 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(req.key ?? '')) causes.push(invalid(`${f}.key`, req.key, m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) causes.push(invalid(`${f}.values[${j}]`, v, m));
    });
  });
  return causes;
}

/** True when a selector has neither matchLabels nor matchExpressions (matches everything). */
export function isEmptySelector(sel: LabelSelector): boolean {
  return (
    Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0
  );
}

/** Whether `labels` satisfy the structured selector (all terms ANDed). */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const req of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = labels[req.key];
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
