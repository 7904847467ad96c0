/**
 * The directive keys a strategic merge patch may carry next to ordinary fields. They steer the
 * merge and never reach the stored object.
 */

/** `$patch: merge | replace | delete` — in a map (about that map) or as a list element. */
export const PATCH = '$patch';
/** `$retainKeys: [..]` — after merging, keep only these keys of the map. */
export const RETAIN_KEYS = '$retainKeys';
/** `$setElementOrder/<list>: [..]` — the order the merged list must end up in. */
export const SET_ELEMENT_ORDER = '$setElementOrder/';
/** `$deleteFromPrimitiveList/<list>: [..]` — values to remove from a merged primitive list. */
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

export type PatchDirective = 'merge' | 'replace' | 'delete';

/** True for keys that are directives rather than fields. */
export function isDirectiveKey(key: string): boolean {
  return (
    key === PATCH ||
    key === RETAIN_KEYS ||
    key.startsWith(SET_ELEMENT_ORDER) ||
    key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
  );
}
