/** Patch metadata shared by every kind: ObjectMeta and status conditions. */
import { PRIMITIVE_SET, mergeList, struct, type FieldPatchMeta, type PatchSchema } from './types';

/** ObjectMeta: owner references merge by uid, finalizers are a set; labels/annotations are maps. */
export const OBJECT_META: FieldPatchMeta = struct({
  ownerReferences: mergeList('uid'),
  finalizers: PRIMITIVE_SET,
});

/** `status.conditions` lists (Pod, Node, Deployment, Job, metav1.Condition …) merge by `type`. */
export const CONDITIONS: FieldPatchMeta = mergeList('type');

/** The schema of an object whose only patch metadata is in its ObjectMeta. */
export const PLAIN_OBJECT: PatchSchema = { metadata: OBJECT_META };

/** The schema of an object with ObjectMeta and a status whose conditions merge by type. */
export function objectWithConditions(extra: PatchSchema = {}): PatchSchema {
  return { metadata: OBJECT_META, status: struct({ conditions: CONDITIONS }), ...extra };
}
