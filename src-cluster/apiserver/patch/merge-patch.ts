/**
 * RFC 7386 JSON Merge Patch, as sent by `kubectl scale` (on /scale) and `kubectl patch --type merge`:
 * objects merge recursively, `null` deletes a key, and anything else — arrays included — replaces
 * the target value wholesale.
 */
import { cloneJson, isObject, type JsonObject } from './json';

/**
 * The result of merging `patch` into `target` per RFC 7386. Neither argument is mutated.
 * A non-object patch replaces the target; nulls nested in newly added objects are dropped.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const out: JsonObject = isObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = applyMergePatch(out[key], value);
  }
  return out;
}
