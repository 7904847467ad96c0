/**
 * `$setElementOrder/<field>`: kubectl sends, next to a changed list, the keys of every element the
 * user's file has, in the file's order. The server merges the list and then orders it: listed
 * elements in that order, elements only the server knows keep their live relative order.
 */
import { PatchError } from '../errors';
import { isObject, type JsonObject } from '../json';
import { PATCH, SET_ELEMENT_ORDER } from './directives';
import { keyOfFor, mergeListField, type MapMerger } from './merge-list';
import { consistentWithOrder, normalizeOrder } from './order';
import type { PatchSchema } from './schema/types';

/**
 * Applies every `$setElementOrder/<field>` directive of `patch` to `out` (mutated), merging the
 * field's list in the same step. Returns the names of the list fields it handled, which the
 * caller must not merge again. Lists without the merge strategy ignore the directive (the patch
 * replaces them, so their order is the patch's).
 */
export function applySetElementOrder(
  out: JsonObject,
  patch: JsonObject,
  schema: PatchSchema | undefined,
  path: string,
  mergeMap: MapMerger,
): Set<string> {
  const handled = new Set<string>();
  for (const [directive, order] of Object.entries(patch)) {
    if (!directive.startsWith(SET_ELEMENT_ORDER)) continue;
    const field = directive.slice(SET_ELEMENT_ORDER.length);
    const where = path ? `${path}.${field}` : field;
    if (!Array.isArray(order)) {
      throw new PatchError(`${where}: ${directive} must be a list`, 400);
    }
    const meta = schema?.[field];
    // Not a merge list, or the patch sets the field to null/a non-list: the main merge decides.
    if (meta?.strategy !== 'merge') continue;
    if (patch[field] !== undefined && !Array.isArray(patch[field])) continue;
    const live = Array.isArray(out[field]) ? (out[field] as unknown[]) : undefined;
    const patchList = Array.isArray(patch[field]) ? (patch[field] as unknown[]) : undefined;
    if (!live && !patchList) continue;
    const keyOf = keyOfFor(meta);
    if (meta.mergeKey && !order.every((x) => isObject(x) && meta.mergeKey! in x)) {
      throw new PatchError(
        `${where}: every ${directive} element must carry the merge key "${meta.mergeKey}"`,
        400,
      );
    }
    const changed = (patchList ?? []).filter((x) => !(isObject(x) && PATCH in x));
    if (!consistentWithOrder(changed, order, keyOf)) {
      throw new PatchError(
        `${where}: the patch list's elements must all appear in ${directive}, in the same order`,
        400,
      );
    }
    const serverOrder = live ? [...live] : [];
    const merged = patchList ? mergeListField(live, patchList, meta, where, mergeMap) : serverOrder;
    out[field] = normalizeOrder(merged, order, serverOrder, keyOf);
    handled.add(field);
  }
  return handled;
}
