import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  FLAG_FIN,
  FrameReader,
  SpdyProtocolError,
  type Frame,
} from '../../../../src-cluster/kubelet/server/spdy/frames';

const frames: Frame[] = [
  { type: 'data', streamId: 5, flags: FLAG_FIN, data: Buffer.from('hello') },
  {
    type: 'syn_stream',
    streamId: 1,
    associatedStreamId: 0,
    priority: 3,
    slot: 0,
    flags: 0,
    headerBlock: Buffer.from([1, 2, 3]),
  },
  { type: 'syn_reply', streamId: 1, flags: 0, headerBlock: Buffer.from([9]) },
  { type: 'headers', streamId: 7, flags: FLAG_FIN, headerBlock: Buffer.from([4, 5]) },
  { type: 'rst_stream', streamId: 3, status: 5 },
  { type: 'settings', flags: 0, entries: [{ flags: 1, id: 7, value: 65536 }] },
  { type: 'ping', id: 1 },
  { type: 'goaway', lastGoodStreamId: 9, status: 0 },
  { type: 'window_update', streamId: 1, delta: 1000 },
];

describe('SPDY/3 frames', () => {
  it.each(frames)('round-trips $type', (f) => {
    const bytes = encodeFrame(f);
    const decoded = decodeFrame(bytes);
    expect(decoded?.size).toBe(bytes.length);
    expect(decoded?.frame).toEqual(f);
  });

  it('writes the control header as |1|version 3|type|flags|length|', () => {
    const bytes = encodeFrame({ type: 'ping', id: 0x01020304 });
    expect(bytes.toString('hex')).toBe('80030006' + '00000004' + '01020304');
  });

  it('writes a data frame header as |0|stream id|flags|length|', () => {
    const bytes = encodeFrame({
      type: 'data',
      streamId: 3,
      flags: FLAG_FIN,
      data: Buffer.from('hi'),
    });
    expect(bytes.toString('hex')).toBe('00000003' + '01000002' + '6869');
  });

  it('waits for a whole frame, across chunks', () => {
    const bytes = Buffer.concat([
      encodeFrame({ type: 'ping', id: 1 }),
      encodeFrame({ type: 'data', streamId: 1, flags: 0, data: Buffer.from('abc') }),
    ]);
    expect(decodeFrame(bytes.subarray(0, 11))).toBeNull();
    const reader = new FrameReader();
    const got: Frame[] = [];
    for (let i = 0; i < bytes.length; i += 5) got.push(...reader.push(bytes.subarray(i, i + 5)));
    expect(got.map((f) => f.type)).toEqual(['ping', 'data']);
    expect(reader.buffered).toBe(0);
  });

  it('rejects another SPDY version', () => {
    const bytes = encodeFrame({ type: 'ping', id: 1 });
    bytes.writeUInt16BE(0x8002, 0);
    expect(() => decodeFrame(bytes)).toThrow(SpdyProtocolError);
  });

  it('keeps unknown control frames opaque', () => {
    const bytes = encodeFrame({
      type: 'unknown',
      controlType: 42,
      flags: 0,
      payload: Buffer.from('x'),
    });
    expect(decodeFrame(bytes)?.frame).toMatchObject({ type: 'unknown', controlType: 42 });
  });
});
