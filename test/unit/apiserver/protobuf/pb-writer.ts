/**
 * A tiny protobuf writer for building test payloads by hand, independent of the decoder under test:
 * each helper returns the bytes of one field, and `msg` concatenates fields into a nested message.
 */

export function varint(value: number | bigint): Buffer {
  // Negative numbers are written as 64-bit two's complement, as protobuf does for int32/int64.
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0n);
  return Buffer.from(bytes);
}

const tag = (num: number, wireType: number) => varint((num << 3) | wireType);

export const int = (num: number, value: number | bigint): Buffer =>
  Buffer.concat([tag(num, 0), varint(value)]);

export const bool = (num: number, value: boolean): Buffer => int(num, value ? 1 : 0);

export function bytes(num: number, value: Buffer): Buffer {
  return Buffer.concat([tag(num, 2), varint(value.length), value]);
}

export const str = (num: number, value: string): Buffer => bytes(num, Buffer.from(value, 'utf8'));

export const msg = (num: number, ...fields: Buffer[]): Buffer => bytes(num, Buffer.concat(fields));

export const fixed32 = (num: number, value: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return Buffer.concat([tag(num, 5), b]);
};

/** One map<string, string|bytes> entry: {1: key, 2: value}. */
export const entry = (num: number, key: string, value: string | Buffer): Buffer =>
  msg(num, str(1, key), typeof value === 'string' ? str(2, value) : bytes(2, value));

/** A map<string, Quantity> entry: the value is a Quantity message {1: string}. */
export const quantityEntry = (num: number, key: string, value: string): Buffer =>
  msg(num, str(1, key), msg(2, str(1, value)));

/** IntOrString as upstream writes it: type 0 + intVal, or type 1 + strVal. */
export const intOrString = (num: number, value: number | string): Buffer =>
  typeof value === 'number'
    ? msg(num, int(1, 0), int(2, value), str(3, ''))
    : msg(num, int(1, 1), int(2, 0), str(3, value));

/** The "k8s\0" + runtime.Unknown envelope around an object's message bytes. */
export function envelope(apiVersion: string, kind: string, ...objectFields: Buffer[]): Buffer {
  return Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    msg(1, str(1, apiVersion), str(2, kind)),
    bytes(2, Buffer.concat(objectFields)),
    str(3, ''),
    str(4, ''),
  ]);
}
