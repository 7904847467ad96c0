import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../../../src-cluster/apiserver/openapi/protobuf-writer';
import { readFields, text } from './wire-reader';

describe('ProtoWriter', () => {
  it('writes a string field as tag, length, utf-8 bytes', () => {
    const bytes = new ProtoWriter().string(1, 'hé').finish();
    expect([...bytes]).toEqual([0x0a, 3, 0x68, 0xc3, 0xa9]);
  });

  it('encodes lengths of 128 and more as multi-byte varints', () => {
    for (const len of [127, 128, 300, 20_000]) {
      const bytes = new ProtoWriter().string(4, 'x'.repeat(len)).finish();
      const [f] = readFields(bytes);
      expect(f?.field).toBe(4);
      expect(f?.bytes?.length).toBe(len);
    }
    expect([...new ProtoWriter().string(1, 'x'.repeat(300)).finish().subarray(0, 3)]).toEqual([
      0x0a, 0xac, 0x02,
    ]);
  });

  it('encodes field numbers above 15 with a two-byte tag', () => {
    const bytes = new ProtoWriter().string(31, 'a').finish();
    expect([...bytes.subarray(0, 2)]).toEqual([0xfa, 0x01]);
    expect(readFields(bytes)[0]?.field).toBe(31);
  });

  it('skips proto3 defaults but always writes requested messages', () => {
    const bytes = new ProtoWriter()
      .string(1, '')
      .string(2, undefined)
      .bool(3, false)
      .bool(4, true)
      .message(25, () => {})
      .finish();
    expect(readFields(bytes)).toEqual([
      { field: 4, wireType: 0, int: 1 },
      { field: 25, wireType: 2, bytes: new Uint8Array() },
    ]);
  });

  it('nests messages and repeats fields in order', () => {
    const bytes = new ProtoWriter()
      .message(9, (w) => w.string(1, 'inner').strings(2, ['a', 'b']))
      .finish();
    const outer = readFields(bytes);
    expect(outer).toHaveLength(1);
    const inner = outer[0]!.bytes!;
    expect(text(inner, 1)).toBe('inner');
    expect(readFields(inner).filter((f) => f.field === 2)).toHaveLength(2);
  });
});
