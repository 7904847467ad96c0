/**
 * Merging one list field of a strategic merge patch into the live list. Lists with the `merge`
 * strategy merge element-wise by their merge key (maps) or become a union (primitives); every
 * other list is replaced by the patch's list.
 */
import { PatchError } from '../errors';
import { isObject, jsonEqual, preview, type JsonObject } from '../json';
import { PATCH } from './directives';
import { normalizeOrder, type KeyOf } from './order';
import type { FieldPatchMeta, PatchSchema } from './schema/types';

/** Merges one map into another (or cleans a new map when `original` is undefined). */
export type MapMerger = (
  original: JsonObject | undefined,
  patch: JsonObject,
  schema: PatchSchema | undefined,
  path: string,
) => JsonObject;

/** How list elements are identified: by merge key for maps, by value for primitives. */
export function keyOfFor(meta: FieldPatchMeta | undefined): KeyOf {
  const key = meta?.mergeKey;
  return key ? (x) => (isObject(x) ? x[key] : x) : (x) => x;
}

/**
 * The value of list field `path` after applying `patch` to `original` (undefined = the field is
 * new). `original` may be mutated (the caller owns a private copy); the patch is not.
 * Throws PatchError for directive elements that do not fit the list, elements without the merge
 * key, and lists of lists.
 */
export function mergeListField(
  original: unknown[] | undefined,
  patch: readonly unknown[],
  meta: FieldPatchMeta | undefined,
  path: string,
  mergeMap: MapMerger,
): unknown[] {
  if (meta?.strategy !== 'merge') return replaceList(patch, meta, path, mergeMap);
  const live = original ?? [];
  const elements = [...live, ...patch.filter((x) => !isDirectiveElement(x))];
  if (elements.some(Array.isArray)) {
    throw new PatchError(`${path}: lists of lists are not supported by strategic merge patch`, 422);
  }
  const maps = elements.filter(isObject).length;
  if (elements.length === 0 && !meta.mergeKey) return mergePrimitives(live, patch, path);
  if (maps === 0 && elements.length > 0) return mergePrimitives(live, patch, path);
  if (maps !== elements.length) {
    throw new PatchError(`${path}: the list mixes objects and plain values`, 400);
  }
  return mergeMaps(live, patch, meta, path, mergeMap);
}

/**
 * `$deleteFromPrimitiveList/<field>`: `live` without the listed values (deep equality).
 */
export function deleteFromPrimitiveList(live: readonly unknown[], values: readonly unknown[]) {
  return live.filter((x) => !values.some((v) => jsonEqual(v, x)));
}

function isDirectiveElement(x: unknown): x is JsonObject {
  return isObject(x) && PATCH in x;
}

/** Lists without a merge strategy: the patch's list, cleaned of nulls and directive markers. */
function replaceList(
  patch: readonly unknown[],
  meta: FieldPatchMeta | undefined,
  path: string,
  mergeMap: MapMerger,
): unknown[] {
  const out: unknown[] = [];
  patch.forEach((x, i) => {
    if (isDirectiveElement(x)) {
      if (x[PATCH] === 'replace') return; // redundant here: the list is replaced anyway
      throw new PatchError(
        `${path}: {"$patch":${preview(x[PATCH])}} elements need a list with a merge key; ` +
          `this list has none, so a patch replaces it whole`,
        400,
      );
    }
    out.push(isObject(x) ? mergeMap(undefined, x, meta?.fields, `${path}[${i}]`) : clean(x));
  });
  return out;
}

/** Primitive lists with the merge strategy (finalizers, podCIDRs): the ordered union. */
function mergePrimitives(live: readonly unknown[], patch: readonly unknown[], path: string) {
  if (patch.some(isDirectiveElement)) {
    throw new PatchError(`${path}: a list of plain values cannot carry $patch elements`, 400);
  }
  const merged: unknown[] = [];
  for (const x of [...live, ...patch]) if (!merged.includes(x)) merged.push(x);
  return normalizeOrder(merged, patch, live, (x) => x);
}

/** Lists of maps with a merge key (containers by name, ports by containerPort, …). */
function mergeMaps(
  liveIn: unknown[],
  patch: readonly unknown[],
  meta: FieldPatchMeta,
  path: string,
  mergeMap: MapMerger,
): unknown[] {
  const key = meta.mergeKey;
  if (!key)
    throw new PatchError(`${path}: cannot merge a list of objects without a merge key`, 422);
  const keyOf = keyOfFor(meta);
  const at = (v: unknown) => `${path}[${key}=${preview(v)}]`;
  let live = liveIn;
  let replace = false;
  const plain: JsonObject[] = [];
  for (const x of patch) {
    const el = x as JsonObject;
    if (!isDirectiveElement(el)) {
      if (!(key in el)) throw noMergeKey(path, el, key);
      plain.push(el);
      continue;
    }
    const directive = el[PATCH];
    if (directive === 'delete') {
      if (!(key in el)) throw noMergeKey(path, el, key);
      live = live.filter((y) => keyOf(y) !== el[key]);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new PatchError(`${path}: {"$patch":"merge"} is not supported in lists`, 400);
    } else {
      throw new PatchError(`${path}: unknown $patch directive ${preview(directive)}`, 400);
    }
  }
  // `{"$patch":"replace"}` among the elements: the other elements are the whole new list.
  if (replace) return plain.map((el) => mergeMap(undefined, el, meta.fields, at(el[key])));

  const serverOrder = [...live];
  const merged = [...live];
  for (const el of plain) {
    const i = merged.findIndex((y) => keyOf(y) === el[key]);
    if (i >= 0) merged[i] = mergeMap(merged[i] as JsonObject, el, meta.fields, at(el[key]));
    else merged.push(mergeMap(undefined, el, meta.fields, at(el[key])));
  }
  return normalizeOrder(merged, plain, serverOrder, keyOf);
}

function noMergeKey(path: string, el: JsonObject, key: string): PatchError {
  return new PatchError(
    `${path}: element ${preview(el)} does not contain the merge key "${key}"`,
    422,
  );
}

function clean(x: unknown): unknown {
  return Array.isArray(x) ? x.map(clean) : x;
}
