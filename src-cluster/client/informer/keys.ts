/**
 * Cache keys: "namespace/name" for namespaced objects, "name" for cluster-scoped ones — the same
 * strings controllers put on their workqueues, so a key read off a queue finds the cached object.
 */
import type { ClientObject } from '../types';

/** The cache/workqueue key of an object. */
export function objectKey(obj: ClientObject): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no metadata.name');
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

/** The key for a namespace and name (namespace empty or undefined for cluster-scoped). */
export function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Splits a key back into namespace ("" when cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  if (i < 0) return { namespace: '', name: key };
  if (key.indexOf('/', i + 1) >= 0) throw new Error(`unexpected key format: "${key}"`);
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/**
 * Freezes an object and everything it contains, so a cached object cannot be changed by a caller
 * (a mutation throws in strict-mode code). Callers that need to change one copy it first
 * (structuredClone) — the NEVER-mutate-the-cache rule of client-go, enforced.
 */
export function deepFreeze<T>(obj: T): T {
  if (obj && typeof obj === 'object' && !Object.isFrozen(obj)) {
    Object.freeze(obj);
    for (const v of Object.values(obj as object)) deepFreeze(v);
  }
  return obj;
}
