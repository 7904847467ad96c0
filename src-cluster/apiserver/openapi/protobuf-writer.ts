/**
 * A minimal protobuf wire-format writer: varints, length-delimited strings and nested messages —
 * all the gnostic OpenAPI document needs. Hand-rolled instead of protobufjs so the API server has
 * no code-generation step and no extra runtime dependency for one write-only message tree.
 *
 * proto3 rules apply: empty strings and false booleans are not written (absent == default). A
 * nested message is always written when asked for, because presence of an empty message matters
 * to readers (an empty `properties` makes kubectl treat a schema as a struct).
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

const utf8 = new TextEncoder();

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  /** Writes a string field (skipped when empty). */
  string(field: number, value: string | undefined): this {
    if (!value) return this;
    return this.bytes(field, utf8.encode(value));
  }

  /** Writes each value as one occurrence of a repeated string field. */
  strings(field: number, values: readonly string[] | undefined): this {
    for (const v of values ?? []) this.bytes(field, utf8.encode(v));
    return this;
  }

  /** Writes a bool field (skipped when false). */
  bool(field: number, value: boolean | undefined): this {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(1);
    return this;
  }

  /** Writes a nested message built by `build` into a fresh writer. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const sub = new ProtoWriter();
    build(sub);
    return this.bytes(field, sub.finish());
  }

  /** The encoded bytes written so far. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private bytes(field: number, data: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(data.length);
    this.push(data);
    return this;
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** Base-128 varint; values here are tags and lengths, always below 2^31. */
  private varint(value: number): void {
    const buf: number[] = [];
    let v = value >>> 0;
    while (v > 0x7f) {
      buf.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf.push(v);
    this.push(Uint8Array.from(buf));
  }

  private push(data: Uint8Array): void {
    this.chunks.push(data);
    this.size += data.length;
  }
}
