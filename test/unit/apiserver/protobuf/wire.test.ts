import { describe, expect, it } from 'vitest';
import { ProtobufDecodeError } from '../../../../src-cluster/apiserver/protobuf/errors';
import {
  readFields,
  readPackedVarints,
  WireReader,
} from '../../../../src-cluster/apiserver/protobuf/wire';
import { bytes, fixed32, int, str, varint } from './pb-writer';

describe('protobuf wire reader', () => {
  it('reads varints of every length, including 64-bit values', () => {
    for (const v of [0n, 1n, 127n, 128n, 300n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n]) {
      expect(new WireReader(varint(v)).readVarint()).toBe(v);
    }
  });

  it('reads negative int32 as the sign-extended 10-byte varint protobuf writes', () => {
    const buf = varint(-1);
    expect(buf.length).toBe(10);
    expect(BigInt.asIntN(64, new WireReader(buf).readVarint())).toBe(-1n);
  });

  it('reads tags, varint, length-delimited and fixed32 fields in order', () => {
    const fields = readFields(Buffer.concat([int(1, 150), str(2, 'testing'), fixed32(3, 7)]));
    expect(fields.map((f) => [f.number, f.wireType])).toEqual([
      [1, 0],
      [2, 2],
      [3, 5],
    ]);
    expect(fields[0]!.value).toBe(150n);
    expect((fields[1]!.value as Buffer).toString()).toBe('testing');
  });

  it('reads packed repeated varints', () => {
    const packed = Buffer.concat([varint(1), varint(300), varint(-5)]);
    expect(readPackedVarints(packed).map((v) => BigInt.asIntN(64, v))).toEqual([1n, 300n, -5n]);
  });

  it.each([
    ['a varint cut short', Buffer.from([0x08, 0x96])],
    ['a length past the end', Buffer.concat([bytes(1, Buffer.from('abc'))]).subarray(0, 4)],
    ['a fixed32 cut short', fixed32(1, 9).subarray(0, 3)],
    ['an 11-byte varint', Buffer.from([0x08, ...Array(10).fill(0xff), 0x01])],
    ['a group wire type', Buffer.from([0x0b])],
    ['field number 0', Buffer.from([0x00, 0x01])],
  ])('rejects %s with a ProtobufDecodeError', (_what, buf) => {
    expect(() => readFields(buf)).toThrow(ProtobufDecodeError);
  });
});
