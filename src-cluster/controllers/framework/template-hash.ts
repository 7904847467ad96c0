/**
 * A short, stable name for a pod template: the `pod-template-hash` of a Deployment's ReplicaSets
 * and the `controller-revision-hash` of DaemonSet pods. Upstream hashes a Go-specific dump of the
 * struct, which cannot be reproduced here (k8s-internals §4.1), so kubelab hashes canonical JSON
 * (object keys sorted) with FNV-32a instead. What matters is kept: equal templates give equal
 * hashes on every run and every machine, the collision count changes the hash, and the result is
 * spelled in upstream's alphabet (no vowels, so it never spells a word).
 */

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys in sorted order, so equal values always give equal text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
}

/** FNV-1a, 32 bits, over bytes. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Each decimal digit of n mapped into the safe alphabet. */
export function safeEncode(n: number): string {
  return [...String(n)].map((d) => SAFE_ALPHABET[d.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

/**
 * The hash of a template (and a collision count, when a previous hash collided with a different
 * template's ReplicaSet name).
 */
export function computeTemplateHash(template: unknown, collisionCount?: number): string {
  const enc = new TextEncoder();
  let h = fnv32a(enc.encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const extra = new Uint8Array(4);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(extra, h);
  }
  return safeEncode(h);
}
