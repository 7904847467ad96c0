/**
 * SPDY/3 name/value header blocks (§2.6.10): the uncompressed layout and the zlib contexts that
 * compress them.
 *
 * Layout: count(32) then per pair: nameLen(32) name valueLen(32) value; several values for one name
 * are joined with NUL. Names are lower case.
 *
 * Compression: each direction of a connection keeps ONE zlib stream, primed with the SPDY/3
 * dictionary, and every header block ends with a SYNC_FLUSH. Later blocks refer back to earlier
 * ones, so blocks must be (de)compressed strictly in wire order — callers serialize on that.
 */
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary';

export type HeaderMap = Record<string, string[]>;

/** Serializes headers into an uncompressed name/value block. */
export function encodeHeaderPairs(headers: HeaderMap): Buffer {
  const parts: Buffer[] = [];
  const entries = Object.entries(headers);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(entries.length);
  parts.push(count);
  for (const [name, values] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(values.join('\0'), 'utf8');
    const nl = Buffer.alloc(4);
    nl.writeUInt32BE(n.length);
    const vl = Buffer.alloc(4);
    vl.writeUInt32BE(v.length);
    parts.push(nl, n, vl, v);
  }
  return Buffer.concat(parts);
}

/** Parses an uncompressed name/value block. Throws on truncation. */
export function decodeHeaderPairs(block: Buffer): HeaderMap {
  const out: HeaderMap = {};
  let off = 0;
  const take = (n: number): Buffer => {
    if (off + n > block.length) throw new Error('SPDY header block truncated');
    const b = block.subarray(off, off + n);
    off += n;
    return b;
  };
  if (block.length === 0) return out;
  const count = take(4).readUInt32BE(0);
  for (let i = 0; i < count; i++) {
    const name = take(take(4).readUInt32BE(0)).toString('utf8');
    const value = take(take(4).readUInt32BE(0)).toString('utf8');
    out[name] = [...(out[name] ?? []), ...value.split('\0')];
  }
  return out;
}

/**
 * One direction's zlib context. `process` feeds one block and resolves with exactly the output it
 * produced: the stream runs with SYNC_FLUSH on every write, and Node's zlib pushes all output of a
 * write before calling that write's callback, so draining with read() afterwards yields that block.
 */
class ZlibContext {
  private chain: Promise<unknown> = Promise.resolve();
  /** Set once zlib failed (e.g. a peer primed with another dictionary): the context is dead. */
  private failure: Error | undefined;
  private rejectPending: ((err: Error) => void) | undefined;

  constructor(private readonly z: zlib.Deflate | zlib.Inflate) {
    // A zlib error destroys the stream without calling the pending write's callback; fail the
    // pending block here instead of leaving it waiting forever.
    z.on('error', (err) => {
      this.failure = err;
      this.rejectPending?.(err);
    });
  }

  process(input: Buffer): Promise<Buffer> {
    const run = () =>
      new Promise<Buffer>((resolve, reject) => {
        if (this.failure) return reject(this.failure);
        this.rejectPending = reject;
        this.z.write(input, (err) => {
          this.rejectPending = undefined;
          if (err) return reject(err);
          const out: Buffer[] = [];
          for (
            let c = this.z.read() as Buffer | null;
            c !== null;
            c = this.z.read() as Buffer | null
          )
            out.push(c);
          resolve(Buffer.concat(out));
        });
      });
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => {});
    return result;
  }

  close(): void {
    this.z.destroy();
  }
}

const SYNC = zlib.constants.Z_SYNC_FLUSH;
// Large enough that a header block's output never waits for a reader (Transform holds the write
// callback while its readable side is above the high-water mark).
const ZLIB_OPTIONS: zlib.ZlibOptions & { readableHighWaterMark: number } = {
  dictionary: SPDY3_DICTIONARY,
  flush: SYNC,
  readableHighWaterMark: 1 << 20,
};

/** Compresses outgoing header blocks for one connection. */
export class HeaderCompressor {
  private readonly ctx = new ZlibContext(zlib.createDeflate(ZLIB_OPTIONS));

  compress(headers: HeaderMap): Promise<Buffer> {
    return this.ctx.process(encodeHeaderPairs(headers));
  }

  close(): void {
    this.ctx.close();
  }
}

/** Decompresses incoming header blocks for one connection. */
export class HeaderDecompressor {
  private readonly ctx = new ZlibContext(zlib.createInflate(ZLIB_OPTIONS));

  async decompress(block: Buffer): Promise<HeaderMap> {
    if (block.length === 0) return {};
    return decodeHeaderPairs(await this.ctx.process(block));
  }

  close(): void {
    this.ctx.close();
  }
}
