/**
 * One term of a label selector (`app=web`, `tier in (fe,be)`, `!canary`): how it is validated,
 * evaluated against a label set, and printed.
 */
import { isQualifiedName, isValidLabelValue } from '../validation/names';
import { SelectorError } from './errors';

export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Sorted and de-duplicated; empty for exists/!; exactly one for =, ==, !=, gt, lt. */
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>>;

/**
 * A validated requirement. Throws SelectorError for a key that is not a qualified name, a value
 * that is not a valid label value, or a value count the operator does not allow.
 */
export function requirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
): Requirement {
  const keyErrors = isQualifiedName(key);
  if (keyErrors.length > 0) throw new SelectorError(`invalid label key "${key}": ${keyErrors[0]}`);
  const set = [...new Set(values)].sort();
  switch (operator) {
    case 'in':
    case 'notin':
      if (set.length === 0) {
        throw new SelectorError(
          `for 'in', 'notin' operators, values set can't be empty (key "${key}")`,
        );
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (set.length !== 1) {
        throw new SelectorError(`exact-match operators need exactly one value (key "${key}")`);
      }
      break;
    case 'exists':
    case '!':
      if (set.length !== 0) {
        throw new SelectorError(
          `values set must be empty for exists and does not exist (key "${key}")`,
        );
      }
      break;
    case 'gt':
    case 'lt':
      if (set.length !== 1 || !/^-?\d+$/.test(set[0] as string)) {
        throw new SelectorError(
          `for 'Gt', 'Lt' operators, exactly one integer value is required (key "${key}")`,
        );
      }
      return { key, operator, values: set };
  }
  for (const v of set) {
    const errs = isValidLabelValue(v);
    if (errs.length > 0)
      throw new SelectorError(`invalid label value "${v}" for key "${key}": ${errs[0]}`);
  }
  return { key, operator, values: set };
}

/**
 * Whether `labels` satisfy `r`. Negative operators (!=, notin) also match objects that lack the
 * label, as upstream; gt/lt need the label to hold an integer.
 */
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value as string);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value as string)) return false;
      const diff = Number(value) - Number(r.values[0]);
      return r.operator === 'gt' ? diff > 0 : diff < 0;
    }
  }
}

/** The canonical text of a requirement: `a=b`, `a!=b`, `a in (x,y)`, `a`, `!a`, `a>1`. */
export function requirementString(r: Requirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0]}`;
    case 'lt':
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key}${r.operator}${r.values[0]}`;
  }
}
