/**
 * Label and field selectors applied to objects: the one predicate lists, watches and
 * deletecollection share. A bad selector is a 400 BadRequest.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { parseLabelSelector } from '../../api/selectors/label-selector';
import {
  fieldSetFor,
  parseFieldSelector,
  validateFieldSelector,
} from '../../api/selectors/field-selector';
import { badRequest } from '../status';

export interface ObjectFilter {
  /** True when no selector was given (remainingItemCount is reported only then). */
  readonly empty: boolean;
  matches(obj: KubeObject): boolean;
}

export function buildFilter(
  info: ResourceInfo,
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
): ObjectFilter {
  try {
    const labels = labelSelector ? parseLabelSelector(labelSelector) : null;
    const fields = fieldSelector ? parseFieldSelector(fieldSelector) : null;
    if (fields) validateFieldSelector(info, fields);
    return {
      empty: !labels && !fields,
      matches(obj) {
        if (labels && !labels.matches(obj.metadata?.labels ?? {})) return false;
        if (fields && !fields.matches(fieldSetFor(info, obj))) return false;
        return true;
      },
    };
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}

export const MATCH_ALL: ObjectFilter = { empty: true, matches: () => true };
