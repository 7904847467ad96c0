/**
 * The PATCH verb's document formats. The API server picks the engine from the request's
 * Content-Type, applies it to the stored object, and validates/stores the result.
 */
import { PatchError } from './errors';
import { applyJsonPatch } from './json-patch';
import { isObject } from './json';
import { applyMergePatch } from './merge-patch';
import { patchSchemaFor, strategicMergePatch } from './strategic';

export { PatchError } from './errors';
export { applyJsonPatch } from './json-patch';
export { applyMergePatch } from './merge-patch';
export { hasStrategicSchema, patchSchemaFor, strategicMergePatch } from './strategic';

export type PatchType = 'json' | 'merge' | 'strategic';

const CONTENT_TYPES: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

/**
 * The patch type a Content-Type header names, ignoring parameters (`; charset=utf-8`) and case.
 * Anything else — including application/apply-patch+yaml (server-side apply) — is null, which the
 * API server answers with 415 UnsupportedMediaType.
 */
export function patchTypeFromContentType(ct: string): PatchType | null {
  const mediaType = (ct.split(';')[0] ?? '').trim().toLowerCase();
  return CONTENT_TYPES[mediaType] ?? null;
}

/**
 * Applies `patchBody` (already parsed JSON) of the given type to `original` and returns the new
 * object. Pure: `original` and `patchBody` are never mutated. `kind` selects the strategic merge
 * patch schema; a kind without one gets map-merge + list-replace semantics (like a merge patch,
 * but directives are still honoured). Throws PatchError, whose message names the failing
 * operation/path and whose `code` is 400 (malformed patch) or 422 (does not apply); the result of
 * a patch must itself be a JSON object.
 */
export function applyPatch(
  type: PatchType,
  original: object,
  patchBody: unknown,
  kind: { group: string; kind: string },
): object {
  let result: unknown;
  switch (type) {
    case 'json':
      result = applyJsonPatch(original, patchBody);
      break;
    case 'merge':
      if (!isObject(patchBody)) {
        throw new PatchError('a merge patch for an object must be a JSON object', 400);
      }
      result = applyMergePatch(original, patchBody);
      break;
    case 'strategic':
      result = strategicMergePatch(original, patchBody, patchSchemaFor(kind));
      break;
  }
  if (!isObject(result)) {
    throw new PatchError('the patched document is not a JSON object', 422);
  }
  return result;
}
