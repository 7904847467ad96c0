/**
 * The two JSON dialects crictl prints, and YAML from them:
 * - lists (`ps/pods/images -o json`) are protobuf JSON of the response message: fields in .proto
 *   order (camelCase), every field present (empty ones too), int64 as strings, map keys sorted;
 * - statuses (`inspect*`, `info`) go through Go maps, so every object's keys come out sorted, and
 *   Go's encoder escapes <, > and & in strings.
 * Objects arrive from the CRI client with proto-loader's field names and defaults, so only the
 * order needs redoing; FIELD_ORDER names each message's fields in .proto order.
 */
import { stringify } from 'yaml';

/** A message's fields in .proto order; a nested entry orders a sub-message (or a list of them). */
export type FieldOrder = ReadonlyArray<string | readonly [string, FieldOrder]>;

const IMAGE_SPEC: FieldOrder = ['image', 'annotations'];
export const FIELD_ORDER = {
  container: [
    'id',
    'podSandboxId',
    ['metadata', ['name', 'attempt']],
    ['image', IMAGE_SPEC],
    'imageRef',
    'state',
    'createdAt',
    'labels',
    'annotations',
  ],
  podSandbox: [
    'id',
    ['metadata', ['name', 'uid', 'namespace', 'attempt']],
    'state',
    'createdAt',
    'labels',
    'annotations',
    'runtimeHandler',
  ],
  image: [
    'id',
    'repoTags',
    'repoDigests',
    'size',
    ['uid', ['value']],
    'username',
    ['spec', IMAGE_SPEC],
    'pinned',
  ],
  containerStats: [
    ['attributes', ['id', ['metadata', ['name', 'attempt']], 'labels', 'annotations']],
    ['cpu', ['timestamp', ['usageCoreNanoSeconds', ['value']]]],
    ['memory', ['timestamp', ['workingSetBytes', ['value']]]],
  ],
} satisfies Record<string, FieldOrder>;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

/** Keys sorted at every level (what Go's encoding/json does with maps). */
export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeysDeep(v[k]);
  return out;
}

/** A message in .proto field order; unknown keys follow, maps (plain objects) get sorted keys. */
export function inProtoOrder(v: unknown, order: FieldOrder): unknown {
  if (Array.isArray(v)) return v.map((x) => inProtoOrder(x, order));
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const f of order) {
    const [name, sub] = typeof f === 'string' ? [f, undefined] : f;
    if (!(name in v)) continue;
    const val = v[name] === undefined ? null : v[name];
    out[name] = sub ? inProtoOrder(val, sub) : sortKeysDeep(val);
  }
  for (const k of Object.keys(v)) if (!(k in out)) out[k] = sortKeysDeep(v[k]);
  return out;
}

/** Go's json.MarshalIndent(v, "", "  ") of already-ordered data, HTML characters escaped. */
export function goJson(v: unknown): string {
  return JSON.stringify(v, null, 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** YAML as sigs.k8s.io/yaml writes it from JSON: sorted keys, sequences not indented. */
export function goYaml(v: unknown): string {
  return stringify(sortKeysDeep(v), { indentSeq: false, lineWidth: 0 });
}

/** One `--output` value of a list command. */
export type ListFormat = 'table' | 'json' | 'yaml';

export function listFormat(v: string): ListFormat {
  if (v === '' || v === 'table') return 'table';
  if (v === 'json' || v === 'yaml') return v;
  throw new Error(`unsupported output format "${v}" (one of: json, yaml, table)`);
}

/** protojson with EmitDefaultValues and a two-space indent (no HTML escaping, unlike Go's json). */
export function protoJson(v: unknown, order: FieldOrder): string {
  return JSON.stringify(inProtoOrder(v, order), null, 2);
}
