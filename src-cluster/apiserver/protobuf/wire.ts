/**
 * A minimal protobuf wire-format reader: enough to walk any proto2/proto3 message without a schema.
 * Kubernetes objects only use varints, length-delimited fields and (rarely) fixed32/64, so groups
 * (wire types 3/4) are rejected rather than skipped — no Kubernetes message contains them.
 *
 * Contract: every read is bounds-checked against the slice given to the constructor; reading past
 * its end throws a `malformed` ProtobufDecodeError, never a RangeError or a silent zero.
 */
import { malformed } from './errors';

export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** One field occurrence as it appears on the wire, value not yet interpreted. */
export type WireField =
  | { number: number; wireType: 0; value: bigint }
  | { number: number; wireType: 1; value: Buffer }
  | { number: number; wireType: 2; value: Buffer }
  | { number: number; wireType: 5; value: Buffer };

/** Varints are at most 10 bytes (64 bits, 7 per byte). */
const MAX_VARINT_BYTES = 10;

export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Reads an unsigned varint as a bigint: int64/uint64 values do not fit a double. */
  readVarint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      if (this.pos >= this.buf.length)
        throw malformed('truncated message: varint runs past the end');
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw malformed('malformed varint: longer than 10 bytes');
  }

  private take(n: number, what: string): Buffer {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw malformed(
        `truncated message: ${what} of ${n} bytes at offset ${this.pos} runs past the end (${this.buf.length} bytes)`,
      );
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Reads the next field: its tag, then its value according to the wire type. */
  readField(): WireField {
    const tag = this.readVarint();
    const number = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (number === 0) throw malformed('malformed message: field number 0 is not allowed');
    switch (wireType) {
      case WireType.Varint:
        return { number, wireType, value: this.readVarint() };
      case WireType.Fixed64:
        return { number, wireType, value: this.take(8, 'fixed64') };
      case WireType.LengthDelimited: {
        const len = this.readVarint();
        if (len > BigInt(this.buf.length)) {
          throw malformed(`truncated message: field ${number} declares ${len} bytes`);
        }
        return { number, wireType, value: this.take(Number(len), `field ${number}`) };
      }
      case WireType.Fixed32:
        return { number, wireType, value: this.take(4, 'fixed32') };
      default:
        throw malformed(`unsupported wire type ${wireType} for field ${number}`);
    }
  }
}

/** All fields of a message, in wire order (repeated fields appear once per element). */
export function readFields(buf: Buffer): WireField[] {
  const reader = new WireReader(buf);
  const fields: WireField[] = [];
  while (!reader.done) fields.push(reader.readField());
  return fields;
}

/** The elements of a packed repeated varint field (proto3 default; proto2 `[packed=true]`). */
export function readPackedVarints(buf: Buffer): bigint[] {
  const reader = new WireReader(buf);
  const out: bigint[] = [];
  while (!reader.done) out.push(reader.readVarint());
  return out;
}
