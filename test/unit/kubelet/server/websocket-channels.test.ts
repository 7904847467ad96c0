import { describe, expect, it } from 'vitest';
import {
  Channel,
  decodeChannelMessage,
  encodeChannelMessage,
  encodeCloseChannel,
} from '../../../../src-cluster/kubelet/server/websocket/channels';

describe('channel.k8s.io WebSocket framing', () => {
  it('prefixes data with the channel byte', () => {
    expect([...encodeChannelMessage(Channel.Stdout, Buffer.from('hi'))]).toEqual([1, 104, 105]);
    expect([...encodeChannelMessage(Channel.Error)]).toEqual([3]);
  });

  it('decodes data messages per channel', () => {
    expect(decodeChannelMessage(Buffer.from([0, 97]), 5)).toEqual({
      kind: 'data',
      channel: 0,
      data: Buffer.from('a'),
    });
    expect(decodeChannelMessage(Buffer.from([4]), 4)).toEqual({
      kind: 'data',
      channel: 4,
      data: Buffer.alloc(0),
    });
    expect(decodeChannelMessage(Buffer.alloc(0), 5)).toBeNull();
  });

  it('recognises the v5 close-channel message, and only in v5', () => {
    expect([...encodeCloseChannel(Channel.Stdin)]).toEqual([255, 0]);
    expect(decodeChannelMessage(encodeCloseChannel(Channel.Stdin), 5)).toEqual({
      kind: 'close',
      channel: 0,
    });
    expect(decodeChannelMessage(encodeCloseChannel(Channel.Stdin), 4)).toMatchObject({
      kind: 'data',
      channel: 255,
    });
    expect(decodeChannelMessage(Buffer.from([255, 0, 1]), 5)).toBeNull();
  });
});
