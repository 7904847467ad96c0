/**
 * Kubernetes strategic merge patch (Content-Type application/strategic-merge-patch+json), the
 * format `kubectl apply`, `patch`, `label`, `annotate` and `rollout restart` send.
 */
import { PatchError } from '../errors';
import { cloneJson, isObject } from '../json';
import { mergeMap } from './merge-map';
import { patchSchemaFor } from './schema/kinds';
import type { PatchSchema } from './schema/types';

export { patchSchemaFor } from './schema/kinds';
export type { FieldPatchMeta, PatchSchema } from './schema/types';

/**
 * Applies a strategic merge patch to `original` using `schema` (undefined: plain map-merge +
 * list-replace) and returns the result. Neither argument is mutated. Throws PatchError (400 for a
 * malformed patch, 422 for one that cannot apply).
 */
export function strategicMergePatch(
  original: object,
  patch: unknown,
  schema: PatchSchema | undefined,
): object {
  if (!isObject(patch)) {
    throw new PatchError('a strategic merge patch must be a JSON object', 400);
  }
  const live = isObject(original) ? cloneJson(original) : {};
  return mergeMap(live, cloneJson(patch), schema, '');
}

/** True when kubelab knows the patch metadata of this kind (see schema/kinds.ts). */
export function hasStrategicSchema(kind: { group: string; kind: string }): boolean {
  return patchSchemaFor(kind) !== undefined;
}
