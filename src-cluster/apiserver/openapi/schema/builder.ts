/**
 * A small vocabulary for writing Swagger 2.0 schemas by hand: one helper per shape (string, integer,
 * reference, list, map, struct). Every helper takes the field's description first so that the
 * definition files read like documentation, and so that no field can be added without one.
 */

/** Definition-name prefixes, spelled like upstream so `kubectl explain` shows familiar names. */
export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const CORE = 'io.k8s.api.core.v1.';
export const APPS = 'io.k8s.api.apps.v1.';
export const BATCH = 'io.k8s.api.batch.v1.';
export const COORD = 'io.k8s.api.coordination.v1.';
export const DISC = 'io.k8s.api.discovery.v1.';
export const EVENTS = 'io.k8s.api.events.v1.';
export const RBAC = 'io.k8s.api.rbac.v1.';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** The subset of a Swagger 2.0 Schema Object kubelab emits (and the encoder understands). */
export interface Schema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  required?: string[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

/** Definitions by their full name ("io.k8s.api.apps.v1.Deployment"). */
export type Definitions = Record<string, Schema>;

/**
 * The extensions kubectl's client-side apply reads to build a strategic merge patch; they mirror
 * the `patchStrategy`/`patchMergeKey` struct tags upstream and kubelab's SMP engine
 * (apiserver/patch/strategic/schema).
 */
export type PatchExtensions = Pick<
  Schema,
  'x-kubernetes-patch-merge-key' | 'x-kubernetes-patch-strategy'
>;

/** A list whose elements merge by `key` (containers by name, ports by containerPort …). */
export function mergeBy(key: string, strategy = 'merge'): PatchExtensions {
  return { 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': strategy };
}

/** A list of primitives merged as a set (finalizers). */
export const MERGE_SET: PatchExtensions = { 'x-kubernetes-patch-strategy': 'merge' };

/** A union struct: switching the member in use clears the old one (Deployment strategy). */
export const RETAIN_KEYS: PatchExtensions = { 'x-kubernetes-patch-strategy': 'retainKeys' };

export const str = (description: string): Schema => ({ type: 'string', description });
export const int = (description: string): Schema => ({
  type: 'integer',
  format: 'int32',
  description,
});
export const long = (description: string): Schema => ({
  type: 'integer',
  format: 'int64',
  description,
});
export const num = (description: string): Schema => ({
  type: 'number',
  format: 'double',
  description,
});
export const bool = (description: string): Schema => ({ type: 'boolean', description });

/** A field whose type is another definition; the name must resolve or kubectl rejects the spec. */
export const ref = (name: string, description: string): Schema => ({
  $ref: `#/definitions/${name}`,
  description,
});

export const time = (description: string): Schema => ref(`${META}Time`, description);
export const microTime = (description: string): Schema => ref(`${META}MicroTime`, description);
export const quantity = (description: string): Schema => ref(QUANTITY, description);
export const intOrString = (description: string): Schema => ref(INT_OR_STRING, description);

export function list(items: Schema, description: string, patch: PatchExtensions = {}): Schema {
  // An item schema carries no description of its own: explain prints the field's instead.
  const { description: _unused, ...item } = items;
  return { type: 'array', items: item, description, ...patch };
}

/** A list of another definition's objects. */
export const refList = (name: string, description: string, patch: PatchExtensions = {}): Schema =>
  list({ $ref: `#/definitions/${name}` }, description, patch);

export const strList = (description: string, patch: PatchExtensions = {}): Schema =>
  list({ type: 'string' }, description, patch);

export const strMap = (description: string): Schema => ({
  type: 'object',
  additionalProperties: { type: 'string' },
  description,
});

export const quantityMap = (description: string): Schema => ({
  type: 'object',
  additionalProperties: { $ref: `#/definitions/${QUANTITY}` },
  description,
});

/**
 * A struct kubelab models loosely: kubectl accepts any map under it and explain shows
 * `<map[string]>`. Used for rarely written leaves (volume plugins, security contexts …).
 */
export const loose = (description: string): Schema => ({ type: 'object', description });

/** A definition with named fields; `required` is enforced by kubectl's client-side validation. */
export function struct(
  description: string,
  properties: Record<string, Schema>,
  required: string[] = [],
): Schema {
  return {
    type: 'object',
    description,
    ...(required.length ? { required } : {}),
    properties,
  };
}

/** The three fields every top-level object starts with. */
export function objectHeader(what: string): Record<string, Schema> {
  return {
    apiVersion: str(
      'The schema version this object is written in (group/version); the server converts ' +
        'between versions it knows.',
    ),
    kind: str(`The type of this object in CamelCase; "${what}" here.`),
    metadata: ref(
      `${META}ObjectMeta`,
      'Identity of the object (name, namespace, uid) plus labels, annotations and owners.',
    ),
  };
}
