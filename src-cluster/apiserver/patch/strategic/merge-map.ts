/**
 * The heart of strategic merge patch: merging a patch map into a live map, field by field, with
 * the field's patch metadata deciding how nested maps and lists combine.
 */
import { PatchError } from '../errors';
import { isObject, preview, type JsonObject } from '../json';
import { DELETE_FROM_PRIMITIVE_LIST, PATCH, RETAIN_KEYS, SET_ELEMENT_ORDER } from './directives';
import { deleteFromPrimitiveList, mergeListField } from './merge-list';
import { applySetElementOrder } from './set-element-order';
import type { FieldPatchMeta, PatchSchema } from './schema/types';

/**
 * Merges `patch` into `original` and returns the result. `original` is mutated and returned (the
 * caller passes a private copy); undefined means the map is new, and then the result is the patch
 * cleaned of nulls and directives. `path` ("spec.template.spec") only feeds error messages.
 *
 * Order of work, as upstream: `$patch` on this map; `$retainKeys`; `$setElementOrder` lists; the
 * ordinary fields (null deletes); finally `$deleteFromPrimitiveList` lists.
 */
export function mergeMap(
  original: JsonObject | undefined,
  patch: JsonObject,
  schema: PatchSchema | undefined,
  path: string,
): JsonObject {
  const directive = patch[PATCH];
  if (directive !== undefined && directive !== 'merge') {
    if (directive === 'replace') {
      const { [PATCH]: _, ...rest } = patch;
      return mergeMap(undefined, rest, schema, path);
    }
    // Upstream keeps the field but empties it.
    if (directive === 'delete') return {};
    throw new PatchError(`${where(path)}unknown $patch directive ${preview(directive)}`, 400);
  }
  const out = original ?? {};
  applyRetainKeys(out, patch, path);
  const handled = applySetElementOrder(out, patch, schema, path, mergeMap);

  for (const [key, value] of Object.entries(patch)) {
    if (key === PATCH || key === RETAIN_KEYS || handled.has(key)) continue;
    if (key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    if (value === undefined) continue;
    if (value === null) {
      delete out[key];
      continue;
    }
    const meta = schema?.[key];
    const at = path ? `${path}.${key}` : key;
    const live = out[key];
    if (isObject(live) && isObject(value) && meta?.strategy !== 'replace') {
      out[key] = mergeMap(live, value, meta?.fields, at);
    } else if (Array.isArray(live) && Array.isArray(value)) {
      out[key] = mergeListField(live, value, meta, at, mergeMap);
    } else {
      // New field, a type change, a primitive, or a map with the replace strategy.
      out[key] = fresh(value, meta, at);
    }
  }

  for (const [key, values] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
    if (!Array.isArray(values)) {
      throw new PatchError(`${where(path)}${key} must be a list of values to remove`, 400);
    }
    const live = out[field];
    if (Array.isArray(live)) out[field] = deleteFromPrimitiveList(live, values);
  }
  return out;
}

/** A patch value for a field the live object does not have (cleaned of nulls and directives). */
function fresh(value: unknown, meta: FieldPatchMeta | undefined, path: string): unknown {
  if (isObject(value)) return mergeMap(undefined, value, meta?.fields, path);
  if (Array.isArray(value)) return mergeListField(undefined, value, meta, path, mergeMap);
  return value;
}

/**
 * `$retainKeys: [..]`: every field the patch sets must be listed (else 422), and live fields that
 * are not listed are dropped before merging — that is how `type: Recreate` clears `rollingUpdate`.
 */
function applyRetainKeys(out: JsonObject, patch: JsonObject, path: string): void {
  if (!(RETAIN_KEYS in patch)) return;
  const keep = patch[RETAIN_KEYS];
  if (!Array.isArray(keep) || !keep.every((k) => typeof k === 'string')) {
    throw new PatchError(`${where(path)}$retainKeys must be a list of field names`, 400);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined || key.startsWith('$')) continue;
    if (!keep.includes(key)) {
      throw new PatchError(
        `${where(path)}the patch sets "${key}" but $retainKeys ${preview(keep)} does not list it`,
        422,
      );
    }
  }
  for (const key of Object.keys(out)) if (!keep.includes(key)) delete out[key];
}

function where(path: string): string {
  return path ? `${path}: ` : '';
}
