import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from '../../../../src-cluster/kubelet/server/spdy/dictionary';
import {
  decodeHeaderPairs,
  encodeHeaderPairs,
  HeaderCompressor,
  HeaderDecompressor,
} from '../../../../src-cluster/kubelet/server/spdy/header-block';

function adler32(b: Buffer): number {
  let a = 1;
  let s = 0;
  for (const x of b) {
    a = (a + x) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}

describe('SPDY/3 header blocks', () => {
  it('uses the spec dictionary (1423 bytes, the DICTID kubectl sends)', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    // 0xe3c6a7c2 is the DICTID in the zlib header of kubectl 1.20's first SYN_STREAM.
    expect(adler32(SPDY3_DICTIONARY).toString(16)).toBe('e3c6a7c2');
    expect(SPDY3_DICTIONARY.subarray(0, 11).toString('latin1')).toBe('\0\0\0\x07options');
  });

  it('lays out name/value pairs with 32-bit lengths and NUL-joined values', () => {
    const raw = encodeHeaderPairs({ streamtype: ['error'], multi: ['a', 'b'] });
    expect(raw.readUInt32BE(0)).toBe(2);
    expect(decodeHeaderPairs(raw)).toEqual({ streamtype: ['error'], multi: ['a', 'b'] });
    expect(() => decodeHeaderPairs(raw.subarray(0, raw.length - 1))).toThrow(/truncated/);
  });

  it('decompresses the block kubectl 1.20 sent for its error stream', async () => {
    // Captured from kubectl 1.20: SYN_STREAM 1's header block, then stream 3's (same context).
    const first = Buffer.from(
      '78f9e3c6a7c26260606004a7b392a2d4c45c6851c29a0a0a6800000000ffff',
      'hex',
    );
    const second = Buffer.from('c22ac5565c92925f5a02000000ffff', 'hex');
    const d = new HeaderDecompressor();
    expect(await d.decompress(first)).toEqual({ streamtype: ['error'] });
    expect(await d.decompress(second)).toEqual({ streamtype: ['stdout'] });
    d.close();
  });

  it('round-trips several blocks through one shared context each way', async () => {
    const c = new HeaderCompressor();
    const d = new HeaderDecompressor();
    const blocks: Record<string, string[]>[] = [
      { streamtype: ['error'] },
      { streamtype: ['stdout'] },
      {},
      { streamtype: ['stdout'] },
    ];
    const compressed = [];
    for (const b of blocks) compressed.push(await c.compress(b));
    // Later blocks reuse earlier ones: the repeated block compresses to fewer bytes.
    expect(compressed[3]!.length).toBeLessThan(compressed[1]!.length);
    for (let i = 0; i < blocks.length; i++)
      expect(await d.decompress(compressed[i]!)).toEqual(blocks[i]);
    c.close();
    d.close();
  });

  it('primes the compressor with the dictionary (a plain inflater cannot read it)', async () => {
    const c = new HeaderCompressor();
    const block = await c.compress({ streamtype: ['error'] });
    expect(block.readUInt32BE(2)).toBe(0xe3c6a7c2);
    expect(() => zlib.inflateSync(block, { finishFlush: zlib.constants.Z_SYNC_FLUSH })).toThrow();
    c.close();
  });

  it('fails instead of hanging when the peer used another dictionary', async () => {
    const other = zlib.deflateSync(encodeHeaderPairs({ a: ['b'] }), {
      dictionary: Buffer.from('not the spdy dictionary'),
    });
    const d = new HeaderDecompressor();
    await expect(d.decompress(other)).rejects.toThrow();
    d.close();
  });
});
