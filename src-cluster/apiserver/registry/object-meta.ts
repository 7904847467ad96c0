/**
 * Server-owned metadata: uid, names from generateName, timestamps, resourceVersion (the store
 * revision, never stored inside the value — k8s-internals §1.1).
 */
import { randomUUID, randomInt } from 'node:crypto';
import type { KubeObject, StoredObject } from '../../api/object';
import type { KeyValue } from '../../store/store';

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_GENERATED_BASE = 63 - 5;

/** upstream's SimpleNameGenerator: base truncated to 58 chars + 5 random consonant/digit chars. */
export function generateName(base: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_CHARS[randomInt(NAME_CHARS.length)];
  return base.slice(0, MAX_GENERATED_BASE) + suffix;
}

/** RFC 3339 with seconds precision, as Kubernetes writes timestamps. */
export function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function newUid(): string {
  return randomUUID();
}

/** What goes into the store: the object without resourceVersion. */
export function encodeForStorage(obj: KubeObject): string {
  const meta = { ...(obj.metadata ?? {}) };
  delete meta.resourceVersion;
  delete (meta as { selfLink?: string }).selfLink;
  return JSON.stringify({ ...obj, metadata: meta });
}

/** What comes out: the stored object with resourceVersion = the key's modRevision. */
export function decodeFromStorage(kv: KeyValue): StoredObject {
  const obj = JSON.parse(kv.value) as StoredObject;
  obj.metadata = { ...(obj.metadata ?? {}), resourceVersion: String(kv.modRevision) };
  return obj;
}

/** Same as decodeFromStorage, but stamped with another revision (a deletion's, for DELETED events). */
export function decodeAtRevision(kv: KeyValue, revision: number): StoredObject {
  const obj = decodeFromStorage(kv);
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/** Structural equality for JSON values (spec comparison for metadata.generation). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}

/** Everything but metadata and status: what "spec changed" means for generation. */
export function specPart(obj: KubeObject): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') rest[k] = v;
  }
  return rest;
}

export function deepClone<T>(v: T): T {
  return structuredClone(v);
}
