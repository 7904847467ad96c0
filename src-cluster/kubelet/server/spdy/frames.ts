/**
 * SPDY/3 frames (SPDY Protocol draft 3, §2.2–2.6): their shapes, and encoding/decoding of the 8-byte
 * frame header and the fixed fields of each control frame. Header blocks stay opaque here (they are
 * zlib-compressed with a per-connection context; see header-block.ts).
 *
 * Wire layout:
 *   control: |1|version(15)|type(16)|flags(8)|length(24)|payload
 *   data:    |0|stream-id(31)|flags(8)|length(24)|payload
 * "SPDY/3.1" in the Upgrade header only adds session flow control; the frame version stays 3.
 */

export const SPDY_VERSION = 3;
/** The 24-bit length field's limit. */
export const MAX_FRAME_PAYLOAD = 0xffffff;

export const FrameType = {
  SynStream: 1,
  SynReply: 2,
  RstStream: 3,
  Settings: 4,
  Ping: 6,
  GoAway: 7,
  Headers: 8,
  WindowUpdate: 9,
} as const;

/** FLAG_FIN on data, SYN_STREAM, SYN_REPLY and HEADERS frames. */
export const FLAG_FIN = 0x01;
/** FLAG_UNIDIRECTIONAL on SYN_STREAM. */
export const FLAG_UNIDIRECTIONAL = 0x02;

/** RST_STREAM status codes used here. */
export const RstStatus = {
  ProtocolError: 1,
  InvalidStream: 2,
  RefusedStream: 3,
  Cancel: 5,
} as const;
/** GOAWAY status codes. */
export const GoAwayStatus = { Ok: 0, ProtocolError: 1, InternalError: 2 } as const;

export type Frame =
  | { type: 'data'; streamId: number; flags: number; data: Buffer }
  | {
      type: 'syn_stream';
      streamId: number;
      associatedStreamId: number;
      priority: number;
      slot: number;
      flags: number;
      headerBlock: Buffer;
    }
  | { type: 'syn_reply'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'headers'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; flags: number; entries: { flags: number; id: number; value: number }[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'window_update'; streamId: number; delta: number }
  /** A control frame of a type this implementation ignores (the spec says: ignore). */
  | { type: 'unknown'; controlType: number; flags: number; payload: Buffer };

/** A malformed frame: the connection must be torn down (GOAWAY with PROTOCOL_ERROR). */
export class SpdyProtocolError extends Error {
  override readonly name = 'SpdyProtocolError';
}

const STREAM_ID_MASK = 0x7fffffff;

function header(control: boolean, typeOrId: number, flags: number, length: number): Buffer {
  if (length > MAX_FRAME_PAYLOAD) throw new RangeError(`SPDY frame payload too large: ${length}`);
  const h = Buffer.alloc(8);
  if (control) {
    h.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
    h.writeUInt16BE(typeOrId, 2);
  } else {
    h.writeUInt32BE(typeOrId & STREAM_ID_MASK, 0);
  }
  h.writeUInt32BE(((flags & 0xff) << 24) | length, 4);
  return h;
}

function control(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([header(true, type, flags, payload.length), payload]);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

/** Encodes one frame into its wire bytes. Header blocks must already be compressed. */
export function encodeFrame(f: Frame): Buffer {
  switch (f.type) {
    case 'data':
      return Buffer.concat([header(false, f.streamId, f.flags, f.data.length), f.data]);
    case 'syn_stream': {
      const fixed = Buffer.alloc(10);
      fixed.writeUInt32BE(f.streamId & STREAM_ID_MASK, 0);
      fixed.writeUInt32BE(f.associatedStreamId & STREAM_ID_MASK, 4);
      fixed.writeUInt8((f.priority & 0x7) << 5, 8);
      fixed.writeUInt8(f.slot & 0xff, 9);
      return control(FrameType.SynStream, f.flags, Buffer.concat([fixed, f.headerBlock]));
    }
    case 'syn_reply':
      return control(FrameType.SynReply, f.flags, Buffer.concat([u32(f.streamId), f.headerBlock]));
    case 'headers':
      return control(FrameType.Headers, f.flags, Buffer.concat([u32(f.streamId), f.headerBlock]));
    case 'rst_stream':
      return control(FrameType.RstStream, 0, u32(f.streamId & STREAM_ID_MASK, f.status));
    case 'settings': {
      const body = Buffer.alloc(4 + f.entries.length * 8);
      body.writeUInt32BE(f.entries.length, 0);
      f.entries.forEach((e, i) => {
        body.writeUInt32BE(((e.flags & 0xff) << 24) | (e.id & 0xffffff), 4 + i * 8);
        body.writeUInt32BE(e.value >>> 0, 8 + i * 8);
      });
      return control(FrameType.Settings, f.flags, body);
    }
    case 'ping':
      return control(FrameType.Ping, 0, u32(f.id));
    case 'goaway':
      return control(FrameType.GoAway, 0, u32(f.lastGoodStreamId & STREAM_ID_MASK, f.status));
    case 'window_update':
      return control(
        FrameType.WindowUpdate,
        0,
        u32(f.streamId & STREAM_ID_MASK, f.delta & STREAM_ID_MASK),
      );
    case 'unknown':
      return control(f.controlType, f.flags, f.payload);
  }
}

function need(payload: Buffer, n: number, what: string): void {
  if (payload.length < n)
    throw new SpdyProtocolError(`${what} frame too short (${payload.length})`);
}

function decodeControl(type: number, flags: number, p: Buffer): Frame {
  switch (type) {
    case FrameType.SynStream:
      need(p, 10, 'SYN_STREAM');
      return {
        type: 'syn_stream',
        streamId: p.readUInt32BE(0) & STREAM_ID_MASK,
        associatedStreamId: p.readUInt32BE(4) & STREAM_ID_MASK,
        priority: p.readUInt8(8) >> 5,
        slot: p.readUInt8(9),
        flags,
        headerBlock: p.subarray(10),
      };
    case FrameType.SynReply:
    case FrameType.Headers:
      need(p, 4, type === FrameType.SynReply ? 'SYN_REPLY' : 'HEADERS');
      return {
        type: type === FrameType.SynReply ? 'syn_reply' : 'headers',
        streamId: p.readUInt32BE(0) & STREAM_ID_MASK,
        flags,
        headerBlock: p.subarray(4),
      };
    case FrameType.RstStream:
      need(p, 8, 'RST_STREAM');
      return {
        type: 'rst_stream',
        streamId: p.readUInt32BE(0) & STREAM_ID_MASK,
        status: p.readUInt32BE(4),
      };
    case FrameType.Settings: {
      need(p, 4, 'SETTINGS');
      const n = p.readUInt32BE(0);
      need(p, 4 + n * 8, 'SETTINGS');
      const entries = [];
      for (let i = 0; i < n; i++) {
        const idWord = p.readUInt32BE(4 + i * 8);
        entries.push({
          flags: idWord >>> 24,
          id: idWord & 0xffffff,
          value: p.readUInt32BE(8 + i * 8),
        });
      }
      return { type: 'settings', flags, entries };
    }
    case FrameType.Ping:
      need(p, 4, 'PING');
      return { type: 'ping', id: p.readUInt32BE(0) };
    case FrameType.GoAway:
      need(p, 4, 'GOAWAY');
      return {
        type: 'goaway',
        lastGoodStreamId: p.readUInt32BE(0) & STREAM_ID_MASK,
        // SPDY/2 GOAWAY had no status; tolerate its shorter form.
        status: p.length >= 8 ? p.readUInt32BE(4) : 0,
      };
    case FrameType.WindowUpdate:
      need(p, 8, 'WINDOW_UPDATE');
      return {
        type: 'window_update',
        streamId: p.readUInt32BE(0) & STREAM_ID_MASK,
        delta: p.readUInt32BE(4) & STREAM_ID_MASK,
      };
    default:
      return { type: 'unknown', controlType: type, flags, payload: p };
  }
}

/**
 * Decodes the first complete frame in `buf`. Returns the frame and the bytes it used, or null when
 * more bytes are needed. Throws SpdyProtocolError for a frame of another SPDY version.
 */
export function decodeFrame(buf: Buffer): { frame: Frame; size: number } | null {
  if (buf.length < 8) return null;
  const length = buf.readUInt32BE(4) & 0xffffff;
  const flags = buf.readUInt8(4);
  if (buf.length < 8 + length) return null;
  const payload = buf.subarray(8, 8 + length);
  const size = 8 + length;
  const first = buf.readUInt32BE(0);
  if (first & 0x80000000) {
    const version = (first >>> 16) & 0x7fff;
    if (version !== SPDY_VERSION)
      throw new SpdyProtocolError(`unsupported SPDY version ${version} (want ${SPDY_VERSION})`);
    return { frame: decodeControl(first & 0xffff, flags, payload), size };
  }
  return { frame: { type: 'data', streamId: first & STREAM_ID_MASK, flags, data: payload }, size };
}

/**
 * An incremental frame parser: feed it socket chunks, get whole frames back. Payloads are views
 * into the received chunks; bytes are copied only when a frame spans chunks.
 */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds bytes and returns every frame now complete, in order. */
  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Frame[] = [];
    for (;;) {
      const next = decodeFrame(this.pending);
      if (!next) break;
      out.push(next.frame);
      this.pending = this.pending.subarray(next.size);
    }
    return out;
  }

  /** Bytes received but not yet part of a complete frame. */
  get buffered(): number {
    return this.pending.length;
  }
}
