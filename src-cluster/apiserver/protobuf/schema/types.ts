/**
 * How kubelab describes a Kubernetes protobuf message: a table from field number to the JSON field it
 * becomes. Written by hand from the wire facts (field numbers, types) of upstream's generated.proto;
 * the JSON names are upstream's json tags, which differ from the proto names in a few places
 * (BoundObjectReference `uID` → `uid`), so every entry names its JSON field explicitly.
 *
 * Cardinality decides what "unset" means, and it mirrors the Go field kinds because upstream's
 * marshaller writes every non-pointer field, zero or not:
 * - `single`   a non-pointer Go field: a zero value (``, 0, false, empty message) is the same as absent
 *              and is omitted, so the API server's defaulting sees the field as unset.
 * - `optional` a Go pointer field: present on the wire means set, even to a zero value
 *              (`replicas: 0`, `automountServiceAccountToken: false`, `emptyDir: {}`).
 * - `repeated` a list; an empty list is omitted.
 * - `map`      map<string, V>, on the wire a repeated {1: key, 2: value} entry message; empty → omitted.
 * - `inline`   an embedded Go struct whose JSON fields sit in the parent (Volume's VolumeSource,
 *              Probe's ProbeHandler, ConfigMapKeySelector's LocalObjectReference).
 */

/** Values that need no schema of their own. */
export type ScalarType = 'string' | 'bool' | 'int32' | 'int64' | 'bytes';

/**
 * Upstream types with a custom JSON form:
 * Time {1 seconds, 2 nanos} → RFC 3339 seconds; MicroTime → RFC 3339 microseconds;
 * Quantity {1 string} → the string; IntOrString {1 type, 2 intVal, 3 strVal} → number or string;
 * RawExtension {1 raw} → the embedded object; FieldsV1 {1 raw JSON} → that JSON.
 */
export type SpecialType =
  'Time' | 'MicroTime' | 'Quantity' | 'IntOrString' | 'RawExtension' | 'FieldsV1';

/** A reference to another message in the registry, by qualified name ("core.Container"). */
export interface MessageRef {
  message: string;
}

export type ValueType = ScalarType | SpecialType | MessageRef;

export type Cardinality = 'single' | 'optional' | 'repeated' | 'map' | 'inline';

export interface FieldSchema {
  /** The JSON field name; empty for `inline`. */
  readonly json: string;
  readonly type: ValueType;
  readonly card: Cardinality;
}

/** Field number → field. Numbers absent from a table are unknown fields: skipped and recorded. */
export type MessageSchema = Readonly<Record<number, FieldSchema>>;

export type MessageTable = Readonly<Record<string, MessageSchema>>;

export function isMessageRef(t: ValueType): t is MessageRef {
  return typeof t === 'object';
}

// Table-building shorthands. `P` marks a Go pointer (see `optional` above).
const f = (json: string, type: ValueType, card: Cardinality): FieldSchema => ({ json, type, card });

export const str = (json: string) => f(json, 'string', 'single');
export const strP = (json: string) => f(json, 'string', 'optional');
export const strs = (json: string) => f(json, 'string', 'repeated');
export const bool = (json: string) => f(json, 'bool', 'single');
export const boolP = (json: string) => f(json, 'bool', 'optional');
export const i32 = (json: string) => f(json, 'int32', 'single');
export const i32P = (json: string) => f(json, 'int32', 'optional');
export const i32s = (json: string) => f(json, 'int32', 'repeated');
export const i64 = (json: string) => f(json, 'int64', 'single');
export const i64P = (json: string) => f(json, 'int64', 'optional');
export const i64s = (json: string) => f(json, 'int64', 'repeated');
export const bytes = (json: string) => f(json, 'bytes', 'single');
export const special = (json: string, type: SpecialType, card: Cardinality) => f(json, type, card);
export const map = (json: string, value: ScalarType | 'Quantity') => f(json, value, 'map');
export const msg = (json: string, ref: string) => f(json, { message: ref }, 'single');
export const msgP = (json: string, ref: string) => f(json, { message: ref }, 'optional');
export const msgs = (json: string, ref: string) => f(json, { message: ref }, 'repeated');
export const inline = (ref: string) => f('', { message: ref }, 'inline');
