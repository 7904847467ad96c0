/**
 * Schema-driven decoding of one protobuf message into the JSON object the Kubernetes JSON API would
 * carry. The schema tables (schema/) say what each field number means; this file says how each wire
 * value becomes JSON and when a value counts as unset (see schema/types.ts, "Cardinality").
 *
 * Forward compatibility: a field number with no table entry, or one whose wire type disagrees with
 * its table entry, is skipped and recorded in `unknown` with its JSON path, so newer clients still
 * work and tests can prove nothing kubectl sends is dropped.
 */
import { malformed } from './errors';
import { messageSchema } from './schema/index';
import { isMessageRef, type FieldSchema, type ValueType } from './schema/types';
import {
  decodeIntOrString,
  decodeMicroTime,
  decodeQuantity,
  decodeRawJson,
  decodeTime,
} from './special-types';
import { readFields, readPackedVarints, type WireField } from './wire';

export interface UnknownField {
  /** JSON path of the message holding the field ("spec.template.spec.containers[0]"). */
  path: string;
  number: number;
  wireType: number;
  /** Why it was skipped. */
  reason: 'no schema entry' | 'wire type mismatch';
}

export type JsonObject = Record<string, unknown>;

/** Messages nest this deep at most; a deeper body is hostile or corrupt, not a Kubernetes object. */
const MAX_DEPTH = 64;

export class MessageDecoder {
  readonly unknown: UnknownField[] = [];

  /** Decodes `buf` as message `name`; `path` names it in unknown-field records. */
  decode(name: string, buf: Buffer, path = '', depth = 0): JsonObject {
    const out: JsonObject = {};
    this.decodeInto(out, name, buf, path, depth);
    return out;
  }

  private decodeInto(out: JsonObject, name: string, buf: Buffer, path: string, depth: number) {
    if (depth > MAX_DEPTH) throw malformed(`message nesting deeper than ${MAX_DEPTH} at ${path}`);
    const schema = messageSchema(name);
    if (!schema) throw malformed(`internal: no schema for message ${name}`);
    for (const wf of readFields(buf)) {
      const field = Object.hasOwn(schema, wf.number) ? schema[wf.number] : undefined;
      if (!field) {
        this.skip(path, wf, 'no schema entry');
        continue;
      }
      if (!this.wireTypeFits(field, wf)) {
        this.skip(path, wf, 'wire type mismatch');
        continue;
      }
      this.decodeField(out, field, wf, path, depth);
    }
  }

  private skip(path: string, wf: WireField, reason: UnknownField['reason']) {
    this.unknown.push({ path: path || '.', number: wf.number, wireType: wf.wireType, reason });
  }

  /** Varints for bool/int scalars (packed lists arrive length-delimited); bytes for the rest. */
  private wireTypeFits(field: FieldSchema, wf: WireField): boolean {
    const varint = field.type === 'bool' || field.type === 'int32' || field.type === 'int64';
    if (!varint || field.card === 'map') return wf.wireType === 2;
    return wf.wireType === 0 || (field.card === 'repeated' && wf.wireType === 2);
  }

  private decodeField(
    out: JsonObject,
    field: FieldSchema,
    wf: WireField,
    path: string,
    depth: number,
  ) {
    const childPath = path ? `${path}.${field.json}` : field.json;
    switch (field.card) {
      case 'inline':
        if (!isMessageRef(field.type)) throw malformed(`internal: inline field without a message`);
        this.decodeInto(out, field.type.message, wf.value as Buffer, path, depth + 1);
        return;
      case 'map': {
        const map = (out[field.json] ??= {}) as JsonObject;
        const [key, value] = this.mapEntry(field.type, wf.value as Buffer, childPath);
        map[key] = value;
        return;
      }
      case 'repeated': {
        if (wf.wireType === 2 && isNumeric(field.type)) {
          const values = readPackedVarints(wf.value).map((v) => scalarFromVarint(field.type, v));
          // An empty packed run adds nothing, and an empty list is omitted like an unset one.
          if (values.length > 0) ((out[field.json] ??= []) as unknown[]).push(...values);
          return;
        }
        const list = (out[field.json] ??= []) as unknown[];
        const index = `${childPath}[${list.length}]`;
        list.push(this.value(field.type, wf, index, depth));
        return;
      }
      case 'single':
      case 'optional': {
        let value = this.value(field.type, wf, childPath, depth);
        // A message field seen twice merges (protobuf semantics); scalars: the last one wins.
        const prev = out[field.json];
        if (isPlainObject(prev) && isPlainObject(value)) value = { ...prev, ...value };
        if (value === undefined || (field.card === 'single' && isZero(value))) {
          delete out[field.json];
          return;
        }
        out[field.json] = value;
      }
    }
  }

  private value(type: ValueType, wf: WireField, path: string, depth: number): unknown {
    if (isMessageRef(type)) return this.decode(type.message, wf.value as Buffer, path, depth + 1);
    if (wf.wireType === 0) return scalarFromVarint(type, wf.value);
    const buf = wf.value as Buffer;
    switch (type) {
      case 'string':
        return buf.toString('utf8');
      case 'bytes':
        return buf.toString('base64');
      case 'Time':
        return decodeTime(buf);
      case 'MicroTime':
        return decodeMicroTime(buf);
      case 'Quantity':
        return decodeQuantity(buf);
      case 'IntOrString':
        return decodeIntOrString(buf);
      case 'RawExtension':
        return decodeRawJson(buf, 'RawExtension');
      case 'FieldsV1':
        return decodeRawJson(buf, 'FieldsV1');
      default:
        throw malformed(`${path}: a ${type} cannot be length-delimited`);
    }
  }

  /** A map entry message {1: key, 2: value}; a missing part is its type's zero value. */
  private mapEntry(type: ValueType, buf: Buffer, path: string): [string, unknown] {
    let key = '';
    let value: unknown = type === 'Quantity' ? '0' : '';
    for (const f of readFields(buf)) {
      if (f.wireType !== 2) throw malformed(`${path}: map entry field ${f.number} is not bytes`);
      if (f.number === 1) key = f.value.toString('utf8');
      else if (f.number === 2) {
        if (type === 'string') value = f.value.toString('utf8');
        else if (type === 'bytes') value = f.value.toString('base64');
        else if (type === 'Quantity') value = decodeQuantity(f.value);
        else throw malformed(`internal: unsupported map value type at ${path}`);
      }
    }
    return [key, value];
  }
}

function isNumeric(type: ValueType): boolean {
  return type === 'int32' || type === 'int64' || type === 'bool';
}

function scalarFromVarint(type: ValueType, v: bigint): unknown {
  switch (type) {
    case 'bool':
      return v !== 0n;
    case 'int32':
      // Negative int32s are sign-extended to 64 bits on the wire.
      return Number(BigInt.asIntN(32, v));
    case 'int64':
      return Number(BigInt.asIntN(64, v));
    default:
      throw malformed(`a ${typeof type === 'string' ? type : 'message'} cannot be a varint`);
  }
}

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The Go zero values a non-pointer field carries when unset. */
function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false || (isPlainObject(v) && Object.keys(v).length === 0);
}
