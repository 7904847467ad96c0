/**
 * The channel.k8s.io WebSocket framing (binary subprotocols v4/v5.channel.k8s.io): each WebSocket
 * message is one channel byte followed by that channel's data. v5 adds a control message,
 * [255, channel], meaning "this channel is closed" — how a client signals the end of stdin, which
 * v4 cannot express.
 */

export const Channel = {
  Stdin: 0,
  Stdout: 1,
  Stderr: 2,
  Error: 3,
  Resize: 4,
  /** v5: the next byte names a channel the sender has closed. */
  Close: 255,
} as const;

export type ChannelMessage =
  { kind: 'data'; channel: number; data: Buffer } | { kind: 'close'; channel: number };

/** Frames data for one channel. */
export function encodeChannelMessage(channel: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(data.length + 1);
  out[0] = channel;
  data.copy(out, 1);
  return out;
}

/** The v5 close-channel message. */
export function encodeCloseChannel(channel: number): Buffer {
  return Buffer.from([Channel.Close, channel]);
}

/**
 * Decodes one message. Returns null for an empty message (clients may send them as keep-alives) and
 * for a malformed close message. Close messages are only recognised from v5 on; before that 255 is
 * just an (unknown) channel number.
 */
export function decodeChannelMessage(msg: Buffer, version: number): ChannelMessage | null {
  if (msg.length === 0) return null;
  const channel = msg[0]!;
  if (channel === Channel.Close && version >= 5) {
    if (msg.length !== 2) return null;
    return { kind: 'close', channel: msg[1]! };
  }
  return { kind: 'data', channel, data: msg.subarray(1) };
}
