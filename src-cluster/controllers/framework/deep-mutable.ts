/**
 * kubernetes-types marks every field readonly, which is right for cached objects (they are frozen)
 * and wrong for the copy a controller builds an update from. mutableCopy is that copy: a deep
 * clone, typed as writable, still assignable wherever the original type is expected.
 */
export type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;

/** A deep, writable clone of a (possibly frozen, cached) object. */
export function mutableCopy<T>(obj: T): DeepMutable<T> {
  return structuredClone(obj) as DeepMutable<T>;
}
