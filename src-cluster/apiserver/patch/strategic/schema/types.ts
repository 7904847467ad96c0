/**
 * Patch metadata: what upstream carries in the `patchStrategy`/`patchMergeKey` struct tags (and in
 * the OpenAPI `x-kubernetes-patch-*` extensions), written down per field for the kinds we serve.
 */

/** How one field is patched. Absent metadata means: maps merge, lists are replaced. */
export interface FieldPatchMeta {
  /**
   * `merge`: a list of maps merges element-wise by `mergeKey`; a list of primitives becomes the
   * union. `replace`: the patch value replaces the field wholesale (the default for lists; for maps
   * it disables recursive merging).
   */
  readonly strategy?: 'merge' | 'replace';
  /** The element field that identifies list elements (`name`, `containerPort`, `type`, …). */
  readonly mergeKey?: string;
  /**
   * The field carries `patchStrategy: retainKeys` (Deployment.spec.strategy, PodSpec.volumes[]):
   * clients send `$retainKeys` so that switching the union member clears the old one.
   */
  readonly retainKeys?: boolean;
  /** Metadata of the map's fields, or of each list element's fields. */
  readonly fields?: PatchSchema;
}

/** Patch metadata of one struct's fields, by JSON field name. */
export interface PatchSchema {
  readonly [field: string]: FieldPatchMeta;
}

/** A list merged element-wise by `key`. */
export function mergeList(key: string, fields?: PatchSchema): FieldPatchMeta {
  return fields
    ? { strategy: 'merge', mergeKey: key, fields }
    : { strategy: 'merge', mergeKey: key };
}

/** A list (or map) that a patch always replaces as a whole. */
export const ATOMIC: FieldPatchMeta = { strategy: 'replace' };

/** A list of primitives whose patch values are added to the live set (e.g. finalizers). */
export const PRIMITIVE_SET: FieldPatchMeta = { strategy: 'merge' };

/** A nested struct with its own metadata. */
export function struct(fields: PatchSchema): FieldPatchMeta {
  return { fields };
}
