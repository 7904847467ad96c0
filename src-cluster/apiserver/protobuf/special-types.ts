/**
 * JSON forms of the upstream types that do not serialise field by field. Each function takes the
 * message's bytes and returns its JSON value, or `undefined` for the type's zero value (which the JSON
 * API omits — a zero Time is `null` upstream, and omitting it lets the server fill it in).
 */
import { malformed } from './errors';
import { readFields, type WireField } from './wire';

function stringField(f: WireField, what: string): string {
  if (f.wireType !== 2) throw malformed(`${what}: field ${f.number} should be length-delimited`);
  return f.value.toString('utf8');
}

function varintField(f: WireField, what: string): bigint {
  if (f.wireType !== 0) throw malformed(`${what}: field ${f.number} should be a varint`);
  return f.value;
}

/** Go's zero time.Time (0001-01-01T00:00:00Z) in Unix seconds: an unset Time some encoders write. */
const GO_ZERO_TIME_SECONDS = -62135596800n;

function readTimestamp(buf: Buffer, what: string): { seconds: bigint; nanos: number } | undefined {
  let seconds = 0n;
  let nanos = 0;
  for (const f of readFields(buf)) {
    if (f.number === 1) seconds = BigInt.asIntN(64, varintField(f, what));
    else if (f.number === 2) nanos = Number(BigInt.asIntN(32, varintField(f, what)));
  }
  // Upstream writes an unset Time as an empty message; decoding it yields the zero time.
  if (buf.length === 0 || (seconds === GO_ZERO_TIME_SECONDS && nanos === 0)) return undefined;
  if (nanos < 0 || nanos > 999_999_999) throw malformed(`${what}: nanos ${nanos} out of range`);
  return { seconds, nanos };
}

function isoSeconds(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15)
    throw malformed(`time ${seconds}s out of range`);
  return new Date(ms).toISOString().slice(0, 19);
}

/** metav1.Time → "2006-01-02T15:04:05Z" (seconds precision, UTC, as upstream's JSON). */
export function decodeTime(buf: Buffer): string | undefined {
  const ts = readTimestamp(buf, 'Time');
  return ts && `${isoSeconds(ts.seconds)}Z`;
}

/** metav1.MicroTime → "2006-01-02T15:04:05.000000Z" (microseconds, UTC). */
export function decodeMicroTime(buf: Buffer): string | undefined {
  const ts = readTimestamp(buf, 'MicroTime');
  if (!ts) return undefined;
  const micros = String(Math.floor(ts.nanos / 1000)).padStart(6, '0');
  return `${isoSeconds(ts.seconds)}.${micros}Z`;
}

/** resource.Quantity {1: string} → "500m". An empty message is the zero quantity, "0". */
export function decodeQuantity(buf: Buffer): string {
  let value = '0';
  for (const f of readFields(buf)) if (f.number === 1) value = stringField(f, 'Quantity');
  return value;
}

/** intstr.IntOrString {1: type (0 int, 1 string), 2: intVal, 3: strVal} → number or string. */
export function decodeIntOrString(buf: Buffer): number | string {
  let type = 0n;
  let intVal = 0;
  let strVal = '';
  for (const f of readFields(buf)) {
    if (f.number === 1) type = varintField(f, 'IntOrString');
    else if (f.number === 2) intVal = Number(BigInt.asIntN(32, varintField(f, 'IntOrString')));
    else if (f.number === 3) strVal = stringField(f, 'IntOrString');
  }
  return type === 1n ? strVal : intVal;
}

/**
 * The `raw` bytes (field 1) of RawExtension and FieldsV1. Both carry JSON in practice: FieldsV1 is
 * always JSON, and a RawExtension posted by kubectl holds the JSON of the embedded object.
 */
export function decodeRawJson(buf: Buffer, what: string): unknown {
  let raw: Buffer | undefined;
  for (const f of readFields(buf)) {
    if (f.number === 1) {
      if (f.wireType !== 2) throw malformed(`${what}: raw should be length-delimited`);
      raw = f.value;
    }
  }
  if (!raw || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw malformed(`${what}: raw bytes are not JSON (a nested protobuf object is not supported)`);
  }
}
