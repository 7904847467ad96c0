/**
 * A tiny protobuf wire-format reader for tests: decodes a message into its fields by number,
 * without a schema, so the encoder is checked by something that shares no code with it.
 */
export interface WireField {
  field: number;
  wireType: number;
  /** varint value (wire type 0) */
  int?: number;
  /** payload (wire type 2) */
  bytes?: Uint8Array;
}

export function readFields(buf: Uint8Array): WireField[] {
  const out: WireField[] = [];
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (at >= buf.length) throw new Error('truncated varint');
      const b = buf[at++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  };
  while (at < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (wireType === 0) out.push({ field, wireType, int: varint() });
    else if (wireType === 2) {
      const len = varint();
      if (at + len > buf.length) throw new Error('truncated field');
      out.push({ field, wireType, bytes: buf.subarray(at, at + len) });
      at += len;
    } else throw new Error(`unexpected wire type ${wireType}`);
  }
  return out;
}

const utf8 = new TextDecoder();

/** All occurrences of a length-delimited field. */
export function all(buf: Uint8Array, field: number): Uint8Array[] {
  return readFields(buf)
    .filter((f) => f.field === field && f.bytes)
    .map((f) => f.bytes!);
}

/** The single occurrence of a length-delimited field, or undefined. */
export function one(buf: Uint8Array, field: number): Uint8Array | undefined {
  return all(buf, field)[0];
}

export function text(buf: Uint8Array, field: number): string | undefined {
  const b = one(buf, field);
  return b && utf8.decode(b);
}

export function texts(buf: Uint8Array, field: number): string[] {
  return all(buf, field).map((b) => utf8.decode(b));
}

/** An ordered (name, value) map: NamedSchema, NamedAny, NamedPathItem … (name=1 value=2). */
export function named(buf: Uint8Array, field: number): Map<string, Uint8Array> {
  const m = new Map<string, Uint8Array>();
  for (const entry of all(buf, field))
    m.set(text(entry, 1) ?? '', one(entry, 2) ?? new Uint8Array());
  return m;
}
